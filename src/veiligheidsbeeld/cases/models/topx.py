"""Top-X: published, versioned selection criteria and the placements on the list, with in- and outflow and review."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.core.models import GemeenteScoped

from .cases import Case

__all__ = ["TopXCriteria", "TopXPlacement"]


class TopXCriteria(GemeenteScoped):
    """One published version of the Top-X selection criteria: rules with their peildatum. A published version is
    never changed; a change is a new version (so every placement names the rules it was selected by)."""

    version = models.PositiveIntegerField(_("version"))
    peildatum = models.DateField(_("reference date"))
    rules = models.JSONField(_("rules"), default=list, help_text=_("The selection rules, one text each."))
    review_months = models.PositiveSmallIntegerField(_("review every (months)"), default=6)
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        ordering = ["gemeente", "-version"]
        verbose_name = _("Top-X criteria")
        verbose_name_plural = _("Top-X criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "version"], name="%(app_label)s_%(class)s_unique_version",
                violation_error_message=_("This version of the criteria exists already."),
            ),
        ]

    def __str__(self) -> str:
        return "Top-X v{} ({})".format(self.version, self.peildatum)


class TopXPlacement(models.Model):
    """A person's case on the Top-X list: inflow with its reason and criteria version, reviews, outflow."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="topx_placements", verbose_name=_("case"))
    criteria = models.ForeignKey(
        TopXCriteria, on_delete=models.PROTECT, related_name="placements", verbose_name=_("criteria version")
    )
    inflow_on = models.DateField(_("inflow on"))
    inflow_reason = models.CharField(_("inflow reason"), max_length=300)
    next_review = models.DateField(_("next review"))
    outflow_on = models.DateField(_("outflow on"), null=True, blank=True)
    outflow_reason = models.CharField(_("outflow reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["next_review", "pk"]
        verbose_name = _("Top-X placement")
        verbose_name_plural = _("Top-X placements")
        constraints = [
            models.CheckConstraint(
                condition=Q(outflow_on__isnull=True) | ~Q(outflow_reason=""),
                name="%(app_label)s_%(class)s_outflow_has_reason",
                violation_error_message=_("Give the reason of an outflow."),
            ),
            models.UniqueConstraint(
                fields=["case"], condition=Q(outflow_on__isnull=True), name="%(app_label)s_%(class)s_one_open",
                violation_error_message=_("This case is on the list already."),
            ),
        ]

    def __str__(self) -> str:
        return "{} ({})".format(self.case, self.inflow_on)
