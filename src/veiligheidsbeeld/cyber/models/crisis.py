"""The cyber crisis plan (versions) and the exercises held with it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.core.models import GemeenteScoped

from ..choices import ExerciseModule, PlanStatus

__all__ = ["CrisisPlan", "Exercise"]


class CrisisPlan(GemeenteScoped):
    """One version of the gemeente's cyber crisis plan, agreed with the Veiligheidsregio
    (G4 Handreiking Cybergevolgbestrijding: warm and cold phase)."""

    version = models.CharField(_("version"), max_length=20)
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    scenarios = models.TextField(_("scenarios"), help_text=_("One scenario a line."))
    escalation_criteria = models.TextField(
        _("escalation criteria"), help_text=_("When to escalate to the Veiligheidsregio (ROT/GBT), one a line.")
    )
    roles = models.TextField(_("roles"), help_text=_("Crisis roles and who holds them, one a line."))
    cold_phase = models.TextField(_("cold phase"), blank=True, help_text=_("Preparation: contracts, back-ups, drills."))

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("cyber crisis plan")
        verbose_name_plural = _("cyber crisis plans")
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "version"], name="%(app_label)s_%(class)s_unique_version",
                violation_error_message=_("This version of the crisis plan exists already."),
            ),
        ]

    def __str__(self) -> str:
        return "{} {}".format(_("Cyber crisis plan"), self.version)

    @staticmethod
    def _lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]

    def scenario_list(self) -> list[str]:
        return self._lines(self.scenarios)

    def escalation_list(self) -> list[str]:
        return self._lines(self.escalation_criteria)

    def role_list(self) -> list[str]:
        return self._lines(self.roles)


class Exercise(GemeenteScoped):
    """An exercise with the VNG cyber exercise pack (three escalating modules); its findings become actions."""

    plan = models.ForeignKey(CrisisPlan, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="exercises", verbose_name=_("crisis plan"))
    title = models.CharField(_("title"), max_length=200)
    module = models.PositiveSmallIntegerField(_("module"), choices=ExerciseModule.choices)
    held_on = models.DateField(_("held on"))
    participants = models.TextField(_("participants"), blank=True)
    evaluation = models.TextField(_("evaluation"), blank=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("exercise")
        verbose_name_plural = _("exercises")

    def __str__(self) -> str:
        return self.title
