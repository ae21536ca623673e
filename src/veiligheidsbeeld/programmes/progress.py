"""KPI progress, computed on read from the newest analysis run (or the newest manual value).

An indicator KPI needs no refresh: each read takes the gemeente's newest finished
:class:`~veiligheidsbeeld.analyses.models.AnalysisRun` and the 12 months up to its last month. For an area group
the counts (and populations) of its wijken are summed; the rate is their total per 1,000 inhabitants per year.

Status rule (issue #8), with ``progress`` the share of the way from baseline to target that is covered and
``elapsed`` the share of the time from baseline date to deadline that has passed at the value's date:

1. no current value                               -> unknown
2. target reached (in the KPI's direction)        -> on track
3. deadline passed without reaching the target     -> off track
4. worse than the baseline (progress < 0)          -> off track
5. ``elapsed - progress <= 0.10``                  -> on track (at most 10 points behind the straight line)
6. ``elapsed - progress <= 0.25``                  -> at risk
7. otherwise                                       -> off track

A priority takes the worst status of its KPIs with data; it is unknown when none has data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from veiligheidsbeeld.analyses.indicators import area_values
from veiligheidsbeeld.analyses.models import AnalysisRun
from veiligheidsbeeld.areas.models import Area

from .choices import Direction, KpiKind, KpiStatus

__all__ = [
    "AT_RISK_GAP",
    "ON_TRACK_GAP",
    "KpiProgress",
    "classify",
    "current_value",
    "indicator_value",
    "kpi_progress",
    "priority_status",
]

ON_TRACK_GAP = 0.10
AT_RISK_GAP = 0.25
_SEVERITY = [KpiStatus.ON_TRACK, KpiStatus.AT_RISK, KpiStatus.OFF_TRACK]


@dataclass(frozen=True)
class KpiProgress:
    """A KPI's current value, its date and source, and the status with its reason."""

    kpi: object
    value: float | None
    as_of: dt.date | None
    source: str
    progress: float | None
    status: str
    reason: str


def _month_end(month: dt.date) -> dt.date:
    following = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _group_value(run, kpi, wijken, end) -> float | None:
    values = area_values(run, kpi.theme, wijken, end)
    if len(values) != len(wijken) or not values:
        return None
    count = sum(v.count for v in values)
    if kpi.indicator_measure == "count":
        return float(count)
    if kpi.indicator_measure == "rate":
        if any(v.population is None or v.rate is None for v in values):
            return None
        return count / sum(v.population for v in values) * 1000.0
    if any(v.previous is None for v in values):
        return None
    previous = sum(v.previous for v in values)
    return (count - previous) / previous * 100.0 if previous else None


def indicator_value(kpi, run: AnalysisRun, end: dt.date) -> float | None:
    """The indicator KPI's value over the 12 months up to ``end`` in ``run`` (None where unknown)."""
    if kpi.area_group_id:
        codes = kpi.area_group.members.values_list("code", flat=True)
        wijken = list(Area.objects.filter(gemeente=kpi.gemeente, year=run.area_year, code__in=codes))
        return _group_value(run, kpi, wijken, end) if wijken else None
    area = Area.objects.filter(gemeente=kpi.gemeente, year=run.area_year, code=kpi.area.code).first()
    values = area_values(run, kpi.theme, [area], end) if area else []
    return values[0].measure(kpi.indicator_measure) if values else None


def module_value(kpi, today: dt.date | None = None) -> tuple[float | None, dt.date | None, str]:
    """A module KPI's value: its indicator of the running year as published (disclosure-controlled, whoever
    looks: the programme is shown to every role), as of today."""
    from django.utils import timezone

    from veiligheidsbeeld.core.module_indicators import module_indicators, public_policy

    today = today or timezone.localdate()
    found = next((i for i in module_indicators(kpi.gemeente, today.year, public_policy())
                  if i.key == kpi.module_indicator), None)
    if found is None:
        return None, None, _("module indicator {key} not available").format(key=kpi.module_indicator)
    if found.value is None:
        return None, None, _("{label}: hidden or not measurable this year").format(label=found.label)
    return float(found.value), today, _("module indicator: {label}, {year}").format(label=found.label,
                                                                                     year=today.year)


def current_value(kpi) -> tuple[float | None, dt.date | None, str]:
    """The KPI's newest value, its date and where it comes from (run number or evidence)."""
    if kpi.kind == KpiKind.MANUAL:
        latest = kpi.values.order_by("-date").first()
        if latest is None:
            return None, None, _("no value recorded yet")
        return latest.value, latest.date, latest.evidence
    if kpi.kind == KpiKind.MODULE:
        return module_value(kpi)
    run = AnalysisRun.objects.latest_for(kpi.gemeente)
    if run is None:
        return None, None, _("no analysis run yet")
    source = _("analysis run #{number}").format(number=run.pk)
    return indicator_value(kpi, run, run.last_month), _month_end(run.last_month), source


def classify(*, baseline: float, target: float, direction: str, baseline_date: dt.date, deadline: dt.date,
             value: float | None, as_of: dt.date | None) -> tuple[str, float | None, str]:
    """Status, progress (0 = baseline, 1 = target) and reason by the rule in the module docstring."""
    if value is None or as_of is None:
        return KpiStatus.UNKNOWN, None, _("No current value.")
    progress = (value - baseline) / (target - baseline)
    reached = value <= target if direction == Direction.DECREASE else value >= target
    if reached:
        return KpiStatus.ON_TRACK, progress, _("Target reached.")
    if as_of > deadline:
        return KpiStatus.OFF_TRACK, progress, _("Deadline passed without reaching the target.")
    if progress < 0:
        return KpiStatus.OFF_TRACK, progress, _("Worse than the baseline.")
    elapsed = min(max((as_of - baseline_date).days / (deadline - baseline_date).days, 0.0), 1.0)
    gap = elapsed - progress
    reason = _("{progress:.0f}% of the way to the target after {elapsed:.0f}% of the time.").format(
        progress=progress * 100, elapsed=elapsed * 100
    )
    if gap <= ON_TRACK_GAP:
        return KpiStatus.ON_TRACK, progress, reason
    if gap <= AT_RISK_GAP:
        return KpiStatus.AT_RISK, progress, reason
    return KpiStatus.OFF_TRACK, progress, reason


def kpi_progress(kpi) -> KpiProgress:
    """The KPI's progress now (read from the newest run or manual value)."""
    value, as_of, source = current_value(kpi)
    status, progress, reason = classify(
        baseline=kpi.baseline, target=kpi.target, direction=kpi.direction, baseline_date=kpi.baseline_date,
        deadline=kpi.deadline, value=value, as_of=as_of,
    )
    return KpiProgress(kpi, value, as_of, source, progress, status, reason)


def priority_status(progresses: list[KpiProgress]) -> tuple[str, str]:
    """A priority's status (the worst of its KPIs with data) and the reason."""
    known = [p for p in progresses if p.status != KpiStatus.UNKNOWN]
    if not known:
        return KpiStatus.UNKNOWN, _("No KPI with a current value.")
    worst = max(known, key=lambda p: _SEVERITY.index(p.status))
    on_track = sum(p.status == KpiStatus.ON_TRACK for p in known)
    reason = _("{on_track} of {total} KPIs on track; weakest: {title} ({reason})").format(
        on_track=on_track, total=len(known), title=worst.kpi.title, reason=worst.reason
    )
    return worst.status, reason
