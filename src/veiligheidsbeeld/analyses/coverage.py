"""Which days of each month event data cover: partial first and last months are known, marked and left out.

Event data (registrations dated to the day: a BVH or meldingen export) are counted into their month in the cube.
A file that starts on 15 January or ends on 10 December makes those months look low although nothing changed.
The days a source covers are the span from the first to the last event date of each import batch, joined per
source system; a month of the run that such a span covers only in part is *partial*:

- charts mark it (:func:`veiligheidsbeeld.dashboard.overview.trend_spec`);
- changes leave it out: a 12-month window or a calendar year containing it is not compared
  (:mod:`.periods`, :func:`window_is_complete`);
- early warning can leave it out through :func:`partial_months` (the stored coverage of a run) or
  :func:`month_coverage` (live from the registrations).

A span is a lower bound of what a file covered (a day without any event at either end of it is not seen), so a
month is only ever marked partial where the data show it; never silently treated as whole.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.db.models import Max, Min

from veiligheidsbeeld.registrations.models import Precision, Registration

__all__ = ["month_coverage", "partial_months", "window_is_complete"]


def _days_in(month: dt.date) -> int:
    return calendar.monthrange(month.year, month.month)[1]


def _union(spans: list[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    merged: list[list[dt.date]] = []
    for first, last in sorted(spans):
        if merged and first <= merged[-1][1] + dt.timedelta(days=1):
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    return [(first, last) for first, last in merged]


def month_coverage(gemeente, first_month: dt.date | None = None, last_month: dt.date | None = None) -> dict:
    """``{month: (days covered, days in the month)}`` for every month event data of ``gemeente`` cover only in
    part (first days of months; months between ``first_month`` and ``last_month`` when given).

    One aggregate query over the gemeente's registrations dated to the day (first and last date per batch).
    """
    rows = (
        Registration.objects.filter(gemeente=gemeente, precision=Precision.DAY)
        .values("source_system", "batch_id")
        .annotate(first=Min("period_start"), last=Max("period_start"))
        .order_by()
    )
    by_source: dict[str, list] = {}
    for row in rows:
        by_source.setdefault(row["source_system"], []).append((row["first"], row["last"]))
    partial: dict[dt.date, tuple[int, int]] = {}
    for spans in by_source.values():
        covered: dict[dt.date, int] = {}
        for first, last in _union(spans):
            day = first
            while day <= last:  # per month: the days of the span inside it
                month = day.replace(day=1)
                end = min(last, month.replace(day=_days_in(month)))
                covered[month] = covered.get(month, 0) + (end - day).days + 1
                day = end + dt.timedelta(days=1)
        for month, days in covered.items():
            if days < _days_in(month):
                previous = partial.get(month)
                if previous is None or days < previous[0]:
                    partial[month] = (days, _days_in(month))
    return {
        month: value
        for month, value in sorted(partial.items())
        if (first_month is None or month >= first_month) and (last_month is None or month <= last_month)
    }


def partial_months(run) -> dict[dt.date, tuple[int, int]]:
    """The partial months of a stored run (``run.summary["coverage"]``): ``{month: (days covered, days)}``.

    For early warning and charts: a month in this mapping is not judged as a whole month.
    """
    stored = (run.summary or {}).get("coverage", {})
    return {dt.date.fromisoformat(month + "-01"): (int(days), int(total)) for month, (days, total) in stored.items()}


def window_is_complete(months: list[dt.date], partial) -> bool:
    """True when none of ``months`` is partial (``partial``: a mapping or set of month dates)."""
    return not any(month in partial for month in months)
