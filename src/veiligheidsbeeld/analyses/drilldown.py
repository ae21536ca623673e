"""Why an alert fired: its buurten, the months around it, the registrations behind it, and what changed since the
previous run (issue 20). Every figure goes through disclosure control for viewers without
``accounts.view_small_counts`` (``policy`` not None); registrations are listed for the privileged zone only, and
never with person data (no attributes, no rows marked ``persoonsgegevens``).

Rules:

- *Buurten*: the buurten of the alert's wijk (the wijk itself, or the wijk of a buurt alert) with their count in the
  alert month and the same month a year earlier, published as one table with its totals (the wijk), so that
  secondary suppression (:func:`~veiligheidsbeeld.core.disclosure.protect_table`) keeps a hidden cell from being
  computed back from the total. Registrations on the wijk that no buurt holds are a row of their own.
- *Months around it*: the alert area's count for six months before to three after (within the run), each a single
  figure (``<5`` below the threshold), with the alerts of the run in those months.
- *Registrations*: at most :data:`REGISTRATION_ROWS` rows of source, category, date, area and count.
- *Since the previous run*: the same area (by code) x theme x month in the gemeente's previous finished run.

Under a disclosure policy the buurten, the months and the previous run's count are not shown at all (see
:func:`drilldown`); the alert's own figures are, as everywhere (:func:`~.alerts.alert_figures`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q

from veiligheidsbeeld.areas.models import Area, AreaLevel
from veiligheidsbeeld.core.disclosure import DisclosurePolicy, format_count, protect_table

from .alerts import alert_figures
from .models import Alert, AnalysisRun, IndicatorSeries

__all__ = ["REGISTRATION_ROWS", "AlertDrilldown", "drilldown"]

REGISTRATION_ROWS = 50
MONTHS_BEFORE, MONTHS_AFTER = 6, 3


@dataclass
class AlertDrilldown:
    buurten: list[dict] = field(default_factory=list)  # {"area", "label", "now", "year_ago", "is_alert_area"}
    buurten_total: dict | None = None  # {"now", "year_ago"} labels of the wijk
    wijk: Area | None = None
    months: list[dict] = field(default_factory=list)  # {"month", "label", "alert", "is_alert_month"}
    registrations: list | None = None  # None: not for this viewer
    registrations_total: int = 0
    registrations_query: str = ""
    previous: dict | None = None  # see _since_previous
    single_months: bool = True  # False under a disclosure policy: buurten and months are not shown


def _month_shift(month: dt.date, months: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _label(count: int, policy: DisclosurePolicy | None) -> str:
    return str(int(count)) if policy is None else format_count(int(count), policy)


def _series(run, areas, theme) -> dict[int, list[int]]:
    return {
        area_id: counts
        for area_id, counts in IndicatorSeries.objects.filter(run=run, area__in=areas, theme=theme).values_list(
            "area_id", "counts"
        )
    }


def _month_index(run, month: dt.date) -> int:
    return (month.year - run.first_month.year) * 12 + month.month - run.first_month.month


def _buurten(alert, policy, result: AlertDrilldown) -> None:
    wijk = alert.area if alert.area.level == AreaLevel.WIJK else (
        Area.objects.defer("geometry").filter(pk=alert.area.parent_id).first())
    if wijk is None or wijk.level != AreaLevel.WIJK:
        return
    buurten = list(wijk.children.defer("geometry").order_by("code"))
    series = _series(alert.run, [wijk, *buurten], alert.theme)
    if wijk.pk not in series:
        return
    now, before = _month_index(alert.run, alert.month), _month_index(alert.run, _month_shift(alert.month, -12))

    def at(counts, k):
        return int(counts[k]) if 0 <= k < len(counts) and counts[k] is not None else 0

    rows = [(b, [at(series.get(b.pk, []), now), at(series.get(b.pk, []), before)]) for b in buurten]
    totals = [at(series[wijk.pk], now), at(series[wijk.pk], before)]
    rest = [max(t - sum(r[1][c] for r in rows), 0) for c, t in enumerate(totals)]
    if any(rest):
        rows.append((None, rest))
    table = protect_table([values for _b, values in rows], policy or DisclosurePolicy(threshold=1))
    labels = table.labels() if policy is not None else [[str(int(v)) for v in line] for line in table.values]
    result.wijk = wijk
    for (buurt, _values), label in zip(rows, labels):
        result.buurten.append({
            "area": buurt, "now": label[0], "year_ago": label[1],
            "is_alert_area": buurt is not None and buurt.pk == alert.area_id,
        })
    result.buurten_total = {"now": labels[-1][0], "year_ago": labels[-1][1]}


def _months(alert, policy, result: AlertDrilldown) -> None:
    counts = _series(alert.run, [alert.area], alert.theme).get(alert.area_id)
    if counts is None:
        return
    first = max(_month_shift(alert.month, -MONTHS_BEFORE), alert.run.first_month)
    last = min(_month_shift(alert.month, MONTHS_AFTER), alert.run.last_month)
    alerts = {
        a.month: a
        for a in Alert.objects.filter(run=alert.run, area=alert.area, theme=alert.theme, month__gte=first,
                                      month__lte=last)
    }
    month = first
    while month <= last:
        k = _month_index(alert.run, month)
        if 0 <= k < len(counts) and counts[k] is not None:
            result.months.append({
                "month": month, "label": _label(counts[k], policy), "alert": alerts.get(month),
                "is_alert_month": month == alert.month,
            })
        month = _month_shift(month, 1)


def _registrations(alert, result: AlertDrilldown) -> None:
    from veiligheidsbeeld.registrations.models import Confidentiality, Registration

    end = _month_shift(alert.month, 1)
    rows = (
        Registration.objects.filter(gemeente=alert.gemeente, period_start__gte=alert.month, period_start__lt=end)
        .filter(Q(theme=alert.theme) | Q(theme__parent=alert.theme))
        .filter(Q(area=alert.area) | Q(area__parent=alert.area))
        .exclude(confidentiality=Confidentiality.PERSOONSGEGEVENS)
        .select_related("area")
        .only("source_system", "category_code", "category_label", "kind", "period_start", "precision", "count",
              "area__code", "area__name")
        .order_by("period_start", "pk")
    )
    result.registrations = list(rows[:REGISTRATION_ROWS])
    result.registrations_total = rows.count() if len(result.registrations) == REGISTRATION_ROWS else len(
        result.registrations)
    result.registrations_query = "theme={}&area={}&start={}&end={}".format(
        alert.theme.code, alert.area.code, alert.month.isoformat(), (end - dt.timedelta(days=1)).isoformat()
    )


def _since_previous(alert, policy) -> dict | None:
    """``{"run", "same_data", "in_window", "alert", "figures", "label"}`` of the gemeente's previous finished run
    (None for the first run): the same alert there (with its figures as the viewer may see them), or the
    month's count there when it was not signalled."""
    previous = (
        AnalysisRun.objects.filter(gemeente=alert.gemeente, status=AnalysisRun.Status.DONE,
                                   created_at__lt=alert.run.created_at)
        .exclude(pk=alert.run_id)
        .order_by("-created_at", "-pk")
        .first()
    )
    if previous is None:
        return None
    found = {
        "run": previous,
        "same_data": previous.data_hash == alert.run.data_hash,
        "in_window": previous.first_month <= alert.month <= previous.last_month,
        "alert": None,
        "figures": None,
        "label": None,
    }
    same = (
        Alert.objects.filter(run=previous, area__code=alert.area.code, theme=alert.theme, month=alert.month)
        .select_related("area", "theme", "run")
        .first()
    )
    if same is not None:
        found["alert"], found["figures"] = same, alert_figures(same, policy)
    elif found["in_window"] and policy is None:
        counts = (
            IndicatorSeries.objects.filter(run=previous, area__code=alert.area.code, theme=alert.theme)
            .values_list("counts", flat=True)
            .first()
        )
        k = _month_index(previous, alert.month)
        if counts is not None and 0 <= k < len(counts) and counts[k] is not None:
            found["label"] = _label(counts[k], policy)
    return found


def drilldown(alert: Alert, policy: DisclosurePolicy | None) -> AlertDrilldown:
    """The drill-down of ``alert`` for a viewer with ``policy`` (None: may see small counts and registrations).

    Under a policy no single month is shown (not per buurt, not per month, not from the previous run): the
    dashboard publishes the 12-month totals of every month, and two consecutive totals differ by one month's count
    minus the count twelve months earlier, so a month shown exactly would give a hidden month away (the trend chart
    follows the same rule, :func:`~veiligheidsbeeld.dashboard.overview.trend_spec`)."""
    result = AlertDrilldown(single_months=policy is None)
    if policy is None:
        _buurten(alert, policy, result)
        _months(alert, policy, result)
        _registrations(alert, result)
    result.previous = _since_previous(alert, policy)
    return result
