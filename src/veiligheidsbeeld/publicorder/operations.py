"""Year-on-year comparison of an operation's period: the registrations of the same days in earlier years.

Only registrations with a date (day precision) count: a monthly count cannot be split into the days of an
operation. The window of an earlier year is the same calendar days shifted back by whole years (29 February maps to
28 February).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Sum

__all__ = ["YearRow", "compare"]


@dataclass(frozen=True)
class YearRow:
    year: int
    first: dt.date
    last: dt.date
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _shift(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def compare(operation, years: int = 3) -> list[YearRow]:
    """The operation's window this time and in ``years`` earlier years: day-precision registrations per theme."""
    from veiligheidsbeeld.registrations.models import Registration

    themes = list(operation.themes.order_by("code"))
    rows = []
    for back in range(years + 1):
        first, last = _shift(operation.starts_on, back), _shift(operation.ends_on, back)
        counts = {}
        for theme in themes:
            total = Registration.objects.filter(
                gemeente=operation.gemeente, theme=theme, precision="day", period_start__gte=first,
                period_start__lte=last,
            ).aggregate(n=Sum("count"))["n"]
            counts[theme.code] = total or 0
        rows.append(YearRow(first.year, first, last, counts))
    return rows
