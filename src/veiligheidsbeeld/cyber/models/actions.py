"""Follow-up actions of an incident or of an exercise finding, with owner and deadline (tracked like measures)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.core.models import GemeenteScoped

__all__ = ["Action", "ActionQuerySet"]


class ActionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(done_on__isnull=True)

    def overdue(self, today: dt.date | None = None):
        return self.open().filter(due__lt=today or timezone.localdate())


class Action(GemeenteScoped):
    """An action with an owner and a deadline, from an incident or from a finding of an exercise."""

    incident = models.ForeignKey("cyber.Incident", on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="actions", verbose_name=_("incident"))
    exercise = models.ForeignKey("cyber.Exercise", on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="actions", verbose_name=_("exercise"))
    finding = models.TextField(_("finding"), blank=True, help_text=_("For an exercise: what the exercise showed."))
    description = models.CharField(_("action"), max_length=300)
    owner = models.CharField(_("owner"), max_length=200)
    due = models.DateField(_("deadline"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_at = models.DateTimeField(_("added at"), default=timezone.now)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(incident__isnull=True, exercise__isnull=False)
                | models.Q(incident__isnull=False, exercise__isnull=True),
                name="%(app_label)s_%(class)s_one_source",
                violation_error_message=_("An action belongs to either an incident or an exercise."),
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def closed_on_time(self) -> bool | None:
        """True/False once done; ``None`` while open."""
        return None if self.done_on is None else self.done_on <= self.due

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return self.done_on is None and self.due < (today or timezone.localdate())
