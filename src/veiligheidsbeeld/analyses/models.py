"""Stored, reproducible analysis runs and their results."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from veiligheidsbeeld.areas.models import Area
from veiligheidsbeeld.core.models import GemeenteScoped, Organisation
from veiligheidsbeeld.frameworks.models import Theme

from .workflow import AlertStatus

__all__ = [
    "AnalysisRun",
    "IndicatorSeries",
    "Alert",
    "AlertStatusChange",
    "TrendResult",
    "PeriodSeries",
    "ChangeResult",
    "SeriesPrecision",
    "HotSpot",
    "SafetyIndexValue",
    "Severity",
    "TrendDirection",
    "HotSpotCategory",
]


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

    @property
    def warning_policy(self) -> str:
        """The run's accepted false-alarm rate in words (see :func:`.alerts.warning_policy`)."""
        from .alerts import warning_policy

        return warning_policy(self.parameters)


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


#: gettext contexts: "alert" is both the model (Dutch "signalering") and a severity level (Dutch "waarschuwing").
SIGNAL_CONTEXT = "early-warning signal"
SEVERITY_CONTEXT = "alert severity"


class Severity(models.TextChoices):
    ALERT = "alert", pgettext_lazy(SEVERITY_CONTEXT, "alert")
    ALARM = "alarm", pgettext_lazy(SEVERITY_CONTEXT, "alarm")


class AlertQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=AlertStatus.VALS_ALARM)


class Alert(GemeenteScoped):
    """An early-warning signal: an area x theme whose count in a month is higher than its seasonal baseline.

    ``probability`` is the combined p-value of the month test and the EWMA of recent months, ``q_value`` its
    Benjamini-Hochberg q-value over all series of the run in that month (see ``docs/explanation/analysis.md``).
    ``lower``/``upper`` bound the 95 % prediction interval of the count.

    Follow-up (issue 20): an ``owner`` (the analyst who follows it), the ``assigned_organisation`` asked to act
    (whose ketenpartners may then set it to ``opgepakt`` or ``afgerond``) and a ``due_date``. A new run of the
    same data carries status and follow-up over to its alert of the same area x theme x month
    (``carried_from``; see :func:`.services.carry_over_follow_up`).
    """

    run = models.ForeignKey(AnalysisRun, on_delete=models.CASCADE, related_name="alerts", verbose_name=_("run"))
    area = models.ForeignKey(Area, on_delete=models.CASCADE, verbose_name=_("area"))
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, verbose_name=_("theme"))
    month = models.DateField(_("month"))
    observed = models.PositiveIntegerField(_("observed registrations"))
    expected = models.FloatField(_("expected registrations"))
    lower = models.FloatField(_("prediction interval, lower bound"))
    upper = models.FloatField(_("prediction interval, upper bound"))
    probability = models.FloatField(_("p-value"))
    q_value = models.FloatField(_("q-value (false discovery rate)"))
    p_month = models.FloatField(_("p-value of the month"))
    p_trend = models.FloatField(_("p-value of the recent rise (EWMA)"))
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    explanation = models.TextField(_("explanation"))
    status = models.CharField(_("status"), max_length=12, choices=AlertStatus.choices, default=AlertStatus.NIEUW)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_alerts",
        verbose_name=_("owner"),
    )
    assigned_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_alerts",
        verbose_name=_("organisation asked to act"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("follow-up carried over from"),
    )

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["run", "-month", "q_value", "area", "theme"]
        verbose_name = pgettext_lazy(SIGNAL_CONTEXT, "alert")
        verbose_name_plural = pgettext_lazy(SIGNAL_CONTEXT, "alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "area", "theme", "month"],
                name="%(app_label)s_%(class)s_unique_cell",
                violation_error_message=_("This run has an alert for this area, theme and month already."),
            )
        ]

    def __str__(self) -> str:
        return self.explanation


class AlertStatusChange(models.Model):
    """One status or follow-up change of an alert, with who made it (and for which organisation), when and why
    (append-only). A follow-up change keeps the status (``old_status == new_status``) and lists the changed fields
    in ``changes`` (``{"due_date": ["", "2025-02-01"]}``)."""

    alert = models.ForeignKey(
        Alert, on_delete=models.CASCADE, related_name="history", verbose_name=pgettext_lazy(SIGNAL_CONTEXT, "alert")
    )
    old_status = models.CharField(_("old status"), max_length=12, choices=AlertStatus.choices)
    new_status = models.CharField(_("new status"), max_length=12, choices=AlertStatus.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("organisation"),
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)
    changes = models.JSONField(_("follow-up changes"), default=dict, blank=True)

    class Meta:
        ordering = ["alert", "changed_at", "pk"]
        verbose_name = _("alert status change")
        verbose_name_plural = _("alert status changes")

    def __str__(self) -> str:
        return "{}: {} -> {}".format(self.alert_id, self.old_status, self.new_status)


class TrendDirection(models.TextChoices):
    UP = "up", _("rising")
    DOWN = "down", _("falling")
    NONE = "none", _("no significant trend")


class SeriesPrecision(models.TextChoices):
    """The precision a series is analysed at: its own, never a finer one (a year is never split into months)."""

    MONTH = "month", _("month")
    QUARTER = "quarter", _("quarter")
    YEAR = "year", _("year")


class TrendResult(models.Model):
    """Trend of one area x theme: seasonal Mann-Kendall over months, or Mann-Kendall over years, with Sen's slope.

    ``slope_per_year`` is Sen's slope as the test computes it (registrations per month, per year, for months;
    registrations per year, per year, for years); ``slope_total`` is the same trend as the change of the yearly
    total per year, the unit the pages show ("+3 per jaar"), and ``slope_rate`` that per 1,000 inhabitants.
    ``direction`` is up or down only when the trend is significant after FDR and its shown slope is not zero.
    """

    run = models.ForeignKey(AnalysisRun, on_delete=models.CASCADE, related_name="trends", verbose_name=_("run"))
    area = models.ForeignKey(Area, on_delete=models.CASCADE, verbose_name=_("area"))
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, verbose_name=_("theme"))
    months = models.PositiveSmallIntegerField(_("months in the test"))
    precision = models.CharField(
        _("precision"), max_length=8, choices=SeriesPrecision.choices, default=SeriesPrecision.MONTH
    )
    first_period = models.DateField(_("first period"), null=True, blank=True)
    last_period = models.DateField(_("last period"), null=True, blank=True)
    points = models.PositiveSmallIntegerField(_("time points in the test"), null=True, blank=True)
    slope_total = models.FloatField(_("slope (change of the yearly total per year)"), null=True, blank=True)
    slope_rate = models.FloatField(_("slope per 1,000 inhabitants per year"), null=True, blank=True)
    tau = models.FloatField(_("Kendall's tau"))
    p_value = models.FloatField(_("p-value"))
    q_value = models.FloatField(_("q-value (false discovery rate)"))
    slope_per_year = models.FloatField(_("Sen's slope (registrations per month, per year)"))
    significant = models.BooleanField(_("significant after FDR"))
    direction = models.CharField(_("direction"), max_length=4, choices=TrendDirection.choices)

    class Meta:
        ordering = ["run", "area", "theme"]
        verbose_name = _("trend result")
        verbose_name_plural = _("trend results")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "area", "theme", "precision"],
                name="%(app_label)s_%(class)s_unique_series",
                violation_error_message=_("This run has a trend for this area, theme and precision already."),
            )
        ]

    def __str__(self) -> str:
        return "{} {} {}: {}".format(self.run_id, self.area_id, self.theme_id, self.direction)


class PeriodSeries(models.Model):
    """Counts of one area x theme per calendar year or quarter, at the precision of their source.

    ``origin`` says where they come from: ``native`` (a source that publishes years or quarters) or ``months``
    (the run's monthly counts summed over complete, fully covered years). ``counts[k]`` is null where the
    period is not covered; ``breaks`` lists the indices ``k`` before which the series has a break (a
    herindeling whose predecessors' figures are not registered): no change or trend runs across it.
    """

    run = models.ForeignKey(
        AnalysisRun, on_delete=models.CASCADE, related_name="period_series", verbose_name=_("run")
    )
    area = models.ForeignKey(Area, on_delete=models.CASCADE, verbose_name=_("area"))
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, verbose_name=_("theme"))
    precision = models.CharField(_("precision"), max_length=8, choices=SeriesPrecision.choices)
    origin = models.CharField(_("origin"), max_length=8)
    periods = models.JSONField(_("period starts"))
    counts = models.JSONField(_("counts"))
    population = models.JSONField(_("population"))
    breaks = models.JSONField(_("breaks"), default=list, blank=True)

    class Meta:
        ordering = ["run", "area", "theme", "precision"]
        verbose_name = _("period series")
        verbose_name_plural = _("period series")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "area", "theme", "precision"],
                name="%(app_label)s_%(class)s_unique_series",
                violation_error_message=_("This run has a series for this area, theme and precision already."),
            )
        ]

    def __str__(self) -> str:
        return "{} {} {} {}".format(self.run_id, self.area_id, self.theme_id, self.precision)


class ChangeResult(models.Model):
    """Change of one area x theme from a year (or quarter) to the one a year earlier, with its significance.

    The rate-ratio score test (inhabitants as exposure where both are known) and its score interval; the
    q-value is Benjamini-Hochberg over every change of the run. ``direction`` is up or down only when
    significant.
    """

    run = models.ForeignKey(AnalysisRun, on_delete=models.CASCADE, related_name="changes", verbose_name=_("run"))
    area = models.ForeignKey(Area, on_delete=models.CASCADE, verbose_name=_("area"))
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, verbose_name=_("theme"))
    precision = models.CharField(_("precision"), max_length=8, choices=SeriesPrecision.choices)
    period = models.DateField(_("period"))
    previous_period = models.DateField(_("previous period"))
    count = models.PositiveIntegerField(_("count"))
    previous_count = models.PositiveIntegerField(_("count a year earlier"))
    rate_ratio = models.FloatField(_("rate ratio"), null=True, blank=True)
    lower = models.FloatField(_("rate ratio, lower bound (95 %)"), null=True, blank=True)
    upper = models.FloatField(_("rate ratio, upper bound (95 %)"), null=True, blank=True)
    p_value = models.FloatField(_("p-value"))
    q_value = models.FloatField(_("q-value (false discovery rate)"))
    significant = models.BooleanField(_("significant after FDR"))
    direction = models.CharField(_("direction"), max_length=4, choices=TrendDirection.choices)

    class Meta:
        ordering = ["run", "area", "theme", "precision", "period"]
        verbose_name = _("change result")
        verbose_name_plural = _("change results")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "area", "theme", "precision", "period"],
                name="%(app_label)s_%(class)s_unique_cell",
                violation_error_message=_("This run has a change for this area, theme and period already."),
            )
        ]

    def __str__(self) -> str:
        return "{} {} {} {}: {}".format(self.run_id, self.area_id, self.theme_id, self.period, self.direction)


class HotSpotCategory(models.TextChoices):
    HOT_99 = "hot-99", _("hot spot, 99 % confidence")
    HOT_95 = "hot-95", _("hot spot, 95 % confidence")
    HOT_90 = "hot-90", _("hot spot, 90 % confidence")
    NONE = "none", _("not significant")
    COLD_90 = "cold-90", _("cold spot, 90 % confidence")
    COLD_95 = "cold-95", _("cold spot, 95 % confidence")
    COLD_99 = "cold-99", _("cold spot, 99 % confidence")


#: What the emerging hot spot patterns (``stats.hotspots.EMERGING_PATTERNS``) are called in the interface (issue 21).
PATTERN_LABELS = {
    "not_analysed": _("not analysed"),
    "no_pattern": _("no pattern"),
    "new_hot_spot": _("new hot spot"),
    "consecutive_hot_spot": _("consecutive hot spot"),
    "intensifying_hot_spot": _("intensifying hot spot"),
    "persistent_hot_spot": _("persistent hot spot"),
    "diminishing_hot_spot": _("diminishing hot spot"),
    "sporadic_hot_spot": _("sporadic hot spot"),
    "oscillating_hot_spot": _("oscillating hot spot"),
    "historical_hot_spot": _("historical hot spot"),
    "new_cold_spot": _("new cold spot"),
    "consecutive_cold_spot": _("consecutive cold spot"),
    "intensifying_cold_spot": _("intensifying cold spot"),
    "persistent_cold_spot": _("persistent cold spot"),
    "diminishing_cold_spot": _("diminishing cold spot"),
    "sporadic_cold_spot": _("sporadic cold spot"),
    "oscillating_cold_spot": _("oscillating cold spot"),
    "historical_cold_spot": _("historical cold spot"),
}


class HotSpot(models.Model):
    """Gi* of one buurt x theme over the 12 months ending at ``period``, with its emerging hot spot pattern.

    Every analysed buurt gets a row (islands are left out and listed in the run summary); ``category`` is the
    confidence bin of the FDR q-value (Esri's Gi_Bin), ``pattern`` the emerging hot spot pattern over yearly
    windows (empty with fewer than two complete years).
    """

    run = models.ForeignKey(AnalysisRun, on_delete=models.CASCADE, related_name="hotspots", verbose_name=_("run"))
    area = models.ForeignKey(Area, on_delete=models.CASCADE, verbose_name=_("area"))
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, verbose_name=_("theme"))
    period = models.DateField(_("last month of the 12-month window"))
    rate = models.FloatField(_("smoothed rate per 1,000 per year"))
    z = models.FloatField(_("Gi* z-score"))
    p_value = models.FloatField(_("permutation p-value"))
    q_value = models.FloatField(_("q-value (false discovery rate)"))
    category = models.CharField(_("category"), max_length=8, choices=HotSpotCategory.choices)
    pattern = models.CharField(_("emerging hot spot pattern"), max_length=30, blank=True)

    class Meta:
        ordering = ["run", "theme", "-z"]
        verbose_name = _("hot spot result")
        verbose_name_plural = _("hot spot results")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "area", "theme", "period"],
                name="%(app_label)s_%(class)s_unique_cell",
                violation_error_message=_("This run has a hot spot result for this area, theme and period already."),
            )
        ]

    def __str__(self) -> str:
        return "{} {} {}: {}".format(self.run_id, self.area_id, self.theme_id, self.category)

    @property
    def is_significant(self) -> bool:
        return self.category != HotSpotCategory.NONE

    def get_pattern_display(self) -> str:
        """The emerging hot spot pattern in words (the code itself when it is unknown)."""
        return str(PATTERN_LABELS.get(self.pattern, self.pattern))


class SafetyIndexValue(models.Model):
    """The veiligheidsindex of one wijk in one year, with its sub-indices (100 = gemeente average, base year).

    ``perception`` is null where no survey result exists; ``complete`` is then False and the index rests on the
    other components with re-normalised ``weights``.
    """

    run = models.ForeignKey(
        AnalysisRun, on_delete=models.CASCADE, related_name="index_values", verbose_name=_("run")
    )
    area = models.ForeignKey(Area, on_delete=models.CASCADE, verbose_name=_("area"))
    year = models.PositiveSmallIntegerField(_("year"))
    index = models.FloatField(_("veiligheidsindex"))
    crime = models.FloatField(_("crime sub-index"), null=True, blank=True)
    nuisance = models.FloatField(_("nuisance sub-index"), null=True, blank=True)
    perception = models.FloatField(_("perception sub-index"), null=True, blank=True)
    components = models.JSONField(_("component values"), default=dict)
    weights = models.JSONField(_("weights used"), default=dict)
    complete = models.BooleanField(_("all components available"))

    class Meta:
        ordering = ["run", "year", "area"]
        verbose_name = _("veiligheidsindex value")
        verbose_name_plural = _("veiligheidsindex values")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "area", "year"],
                name="%(app_label)s_%(class)s_unique_cell",
                violation_error_message=_("This run has an index for this area and year already."),
            )
        ]

    def __str__(self) -> str:
        return "{} {} {}: {:.0f}".format(self.run_id, self.area_id, self.year, self.index)
