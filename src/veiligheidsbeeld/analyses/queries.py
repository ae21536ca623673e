"""Read functions over stored runs, for the dashboard, reports, the API and the ``analyse`` command.

Filters accept a model instance or a code (CBS area code, theme code). Every function returns a QuerySet with
its area and theme loaded, so lists can be rendered without further queries.
"""

from __future__ import annotations

from django.db.models import QuerySet

from .models import (
    Alert,
    AlertStatusChange,
    AnalysisRun,
    ChangeResult,
    HotSpot,
    HotSpotCategory,
    PeriodSeries,
    SafetyIndexValue,
    TrendResult,
)

__all__ = [
    "alert_history",
    "alerts_for",
    "changes_for",
    "hotspots_for",
    "index_for",
    "latest_run",
    "period_series_for",
    "run_as_json",
    "trends_for",
]


def _by(qs: QuerySet, name: str, value) -> QuerySet:
    if value is None:
        return qs
    if isinstance(value, str):
        return qs.filter(**{"{}__code".format(name): value})
    return qs.filter(**{name: value})


def latest_run(gemeente) -> AnalysisRun | None:
    """The newest finished run of the gemeente."""
    return AnalysisRun.objects.latest_for(gemeente)


def alerts_for(run, *, status=None, area=None, theme=None, severity=None, month=None) -> QuerySet:
    """Alerts of a run, newest month and strongest evidence (lowest q) first.

    ``status`` is one status or a list of them (:class:`~.workflow.AlertStatus`); ``severity`` ``alert`` or
    ``alarm``; ``month`` a ``datetime.date`` (first of the month).
    """
    qs = Alert.objects.filter(run=run).select_related("area", "theme")
    if status is not None:
        qs = qs.filter(status__in=[status] if isinstance(status, str) else list(status))
    if severity is not None:
        qs = qs.filter(severity=severity)
    if month is not None:
        qs = qs.filter(month=month)
    return _by(_by(qs, "area", area), "theme", theme)


def alert_history(alert) -> QuerySet:
    """The status changes of an alert, oldest first, with their users."""
    return AlertStatusChange.objects.filter(alert=alert).select_related("user")


def hotspots_for(run, theme=None, *, significant: bool = True, area=None) -> QuerySet:
    """Hot spot results of a run (the last 12-month window), highest z first.

    With ``significant`` (default) only hot and cold spots (a confidence bin); otherwise every analysed buurt,
    for a map of z-scores.
    """
    qs = HotSpot.objects.filter(run=run).select_related("area", "theme").order_by("theme__order", "-z")
    if significant:
        qs = qs.exclude(category=HotSpotCategory.NONE)
    return _by(_by(qs, "theme", theme), "area", area)


def trends_for(run, *, area=None, theme=None, significant: bool | None = None, precision=None) -> QuerySet:
    """Trend results of a run (wijken and the gemeente); ``significant`` True/False filters on the FDR result,
    ``precision`` on month/quarter/year."""
    qs = TrendResult.objects.filter(run=run).select_related("area", "theme").order_by("area__code", "theme__order")
    if significant is not None:
        qs = qs.filter(significant=significant)
    if precision is not None:
        qs = qs.filter(precision=precision)
    return _by(_by(qs, "area", area), "theme", theme)


def changes_for(run, *, area=None, theme=None, precision=None, period=None) -> QuerySet:
    """Year-on-year changes of a run (wijken and the gemeente), oldest period first."""
    qs = ChangeResult.objects.filter(run=run).select_related("area", "theme").order_by("area__code", "period")
    if precision is not None:
        qs = qs.filter(precision=precision)
    if period is not None:
        qs = qs.filter(period=period)
    return _by(_by(qs, "area", area), "theme", theme)


def period_series_for(run, *, area=None, theme=None, precision=None) -> QuerySet:
    """Yearly and quarterly series of a run (:class:`~.models.PeriodSeries`)."""
    qs = PeriodSeries.objects.filter(run=run).select_related("area", "theme")
    if precision is not None:
        qs = qs.filter(precision=precision)
    return _by(_by(qs, "area", area), "theme", theme)


def index_for(run, *, year=None, area=None) -> QuerySet:
    """Veiligheidsindex values per wijk and year (default all years), with their sub-indices and weights."""
    qs = SafetyIndexValue.objects.filter(run=run).select_related("area")
    if year is not None:
        qs = qs.filter(year=year)
    return _by(qs, "area", area)


def _last_month(start, precision, default):
    """The last month of a period (a year's December, a quarter's third month)."""
    if start is None:
        return default
    extra = {"year": 11, "quarter": 2}.get(precision, 0)
    month = start.month - 1 + extra
    return start.replace(year=start.year + month // 12, month=month % 12 + 1)


def run_as_json(run) -> dict:
    """The run as the JSON of ``veiligheidsbeeld analyse --json``.

    ``{"run", "alerts": [{"area", "theme", "period", "observed", "expected", "probability", "severity",
    "text", ...}], "hotspots": [{"area", "theme", "period", "z", "p", "category", ...}], "trends": [{"area",
    "theme", "from", "to", "precision", "slope", "p", "direction"}], "skipped": [{"area", "theme", "reason"}]}``
    with CBS area codes, theme codes and periods as ``YYYY-MM``. A trend's ``slope`` is the change of the yearly
    total per year (Sen's slope), ``p`` its p-value before the FDR correction, ``direction`` ``up``/``down``
    only when significant after FDR with a slope that does not round to zero, else ``none``. A skipped item
    with ``theme`` null concerns the whole part of the analysis named in its reason.
    """
    return {
        "run": run.pk,
        "gemeente": run.gemeente.code,
        "first_month": run.first_month.strftime("%Y-%m"),
        "last_month": run.last_month.strftime("%Y-%m"),
        "area_year": run.area_year,
        "seed": run.seed,
        "data_hash": run.data_hash,
        "alerts": [
            {
                "area": a.area.code,
                "theme": a.theme.code,
                "period": a.month.strftime("%Y-%m"),
                "observed": a.observed,
                "expected": round(a.expected, 3),
                "lower": a.lower,
                "upper": a.upper,
                "probability": a.probability,
                "q": a.q_value,
                "severity": a.severity,
                "status": a.status,
                "text": a.explanation,
            }
            for a in alerts_for(run)
        ],
        "hotspots": [
            {
                "area": h.area.code,
                "theme": h.theme.code,
                "period": h.period.strftime("%Y-%m"),
                "z": round(h.z, 6),
                "p": h.p_value,
                "q": h.q_value,
                "category": h.category,
                "pattern": h.pattern,
            }
            for h in hotspots_for(run)
        ],
        "trends": [
            {
                "area": t.area.code,
                "theme": t.theme.code,
                "from": (t.first_period or run.first_month).strftime("%Y-%m"),
                "to": _last_month(t.last_period, t.precision, run.last_month).strftime("%Y-%m"),
                "precision": t.precision,
                "slope": round(t.slope_total if t.slope_total is not None else t.slope_per_year * 12, 6),
                "p": t.p_value,
                "direction": t.direction,
            }
            for t in trends_for(run).order_by("area__code", "theme__order", "precision")
        ],
        "skipped": [
            {"area": item.get("area"), "theme": item.get("theme"), "reason": item.get("reason", "")}
            for item in (run.summary or {}).get("skipped", [])
        ],
    }
