"""Stored, reproducible analysis runs and their results."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.areas.models import Area
from veiligheidsbeeld.core.models import GemeenteScoped
from veiligheidsbeeld.frameworks.models import Theme

__all__ = ["AnalysisRun", "IndicatorSeries"]


class AnalysisRunQuerySet(models.QuerySet):
    def latest_for(self, gemeente):
        return self.filter(gemeente=gemeente, status=AnalysisRun.Status.DONE).order_by("-created_at").first()


class AnalysisRun(GemeenteScoped):
    """One run of the analysis: its parameters, the hash of its input data and the software version."""

    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("user")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RUNNING)
    parameters = models.JSONField(_("parameters"), default=dict)
    seed = models.BigIntegerField(_("seed"), default=0)
    software_version = models.CharField(_("software version"), max_length=40)
    data_hash = models.CharField(_("input data hash (SHA-256)"), max_length=64)
    first_month = models.DateField(_("first month"))
    last_month = models.DateField(_("last month"))
    area_year = models.PositiveSmallIntegerField(_("CBS indeling year"))
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    objects = AnalysisRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("analysis run")
        verbose_name_plural = _("analysis runs")

    def __str__(self) -> str:
        return "#{} {} {}..{}".format(self.pk, self.gemeente.code, self.first_month, self.last_month)


class IndicatorSeries(models.Model):
    """Monthly indicators of one area x theme over the run's months, stored as arrays (index 0 = first month).

    ``counts`` are registrations per month; ``population`` the inhabitants used for the rate (1 January of the
    month's year, null where unknown); ``rates`` per 1,000 inhabitants per month (null where the population is
    unknown or below the minimum). Windows (rolling year, quarter) are derived from these arrays.
    """

    run = models.ForeignKey(AnalysisRun, on_delete=models.CASCADE, related_name="series", verbose_name=_("run"))
    area = models.ForeignKey(Area, on_delete=models.CASCADE, verbose_name=_("area"))
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, verbose_name=_("theme"))
    counts = models.JSONField(_("counts"))
    population = models.JSONField(_("population"))
    rates = models.JSONField(_("rates per 1,000"))

    class Meta:
        ordering = ["run", "area", "theme"]
        verbose_name = _("indicator series")
        verbose_name_plural = _("indicator series")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "area", "theme"],
                name="%(app_label)s_%(class)s_unique_cell",
                violation_error_message=_("This run has a series for this area and theme already."),
            )
        ]

    def __str__(self) -> str:
        return "{} {} {}".format(self.run_id, self.area_id, self.theme_id)
