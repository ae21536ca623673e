"""Reads for reports that the stored analysis runs do not hold: yearly cube figures and the run of a period.

A source such as StatLine 47018NED publishes yearly totals only; the cube keeps them with precision ``year``
(it never invents a monthly split) and :func:`veiligheidsbeeld.analyses.services.run_analysis` reads monthly
cells only. A report of such a gemeente therefore reads the yearly cells directly, here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from veiligheidsbeeld.analyses.models import AnalysisRun
from veiligheidsbeeld.areas.models import Area, AreaLevel
from veiligheidsbeeld.registrations.models import CubeCell, Precision

__all__ = ["YearlyCounts", "run_covering", "yearly_counts", "yearly_years"]


@dataclass(frozen=True)
class YearlyCounts:
    """Yearly registrations per wijk x theme (buurten rolled up into their wijk).

    ``counts`` maps ``(wijk pk, theme pk)`` to the count; ``unplaced`` counts registrations on the gemeente itself
    (not in a wijk) and ``outside_indeling`` those on areas of another CBS indeling; both are left out of
    ``counts``. ``data_hash`` is the SHA-256 of the cells read.
    """

    year: int
    counts: dict[tuple[int, int], int]
    unplaced: int
    outside_indeling: int
    data_hash: str
    unplaced_by_theme: dict[int, int] = field(default_factory=dict)


def yearly_years(gemeente) -> list[int]:
    """Years with yearly cube cells for the gemeente, oldest first."""
    dates = CubeCell.objects.filter(gemeente=gemeente, precision=Precision.YEAR).values_list("period_start", flat=True)
    return sorted({d.year for d in dates.distinct()})


def yearly_counts(gemeente, year: int) -> YearlyCounts:
    """Yearly cube cells of ``year`` on the gemeente's newest indeling, summed per wijk x theme."""
    areas = {a.pk: a for a in Area.objects.current(gemeente)}
    wijk_of = {}
    for area in areas.values():
        if area.level == AreaLevel.WIJK:
            wijk_of[area.pk] = area.pk
        elif area.level == AreaLevel.BUURT and area.parent_id in areas:
            wijk_of[area.pk] = area.parent_id
    cells = sorted(
        CubeCell.objects.filter(
            gemeente=gemeente, precision=Precision.YEAR, period_start=dt.date(year, 1, 1)
        ).values_list("area_id", "theme_id", "source_system", "category_code", "count")
    )
    counts: dict[tuple[int, int], int] = {}
    unplaced = outside = 0
    unplaced_by_theme: dict[int, int] = {}
    digest = hashlib.sha256()
    for area_id, theme_id, source, category, count in cells:
        digest.update(repr((area_id, theme_id, source, category, year, count)).encode())
        if area_id not in areas:
            outside += count
        elif area_id not in wijk_of:
            unplaced += count
            unplaced_by_theme[theme_id] = unplaced_by_theme.get(theme_id, 0) + count
        else:
            key = (wijk_of[area_id], theme_id)
            counts[key] = counts.get(key, 0) + count
    return YearlyCounts(year, counts, unplaced, outside, digest.hexdigest(), unplaced_by_theme)


def run_covering(gemeente, first_month: dt.date, last_month: dt.date) -> AnalysisRun | None:
    """The newest finished run of the gemeente whose months include ``first_month`` to ``last_month``."""
    return (
        AnalysisRun.objects.filter(
            gemeente=gemeente, status=AnalysisRun.Status.DONE, first_month__lte=first_month,
            last_month__gte=last_month,
        )
        .order_by("-created_at", "-pk")
        .first()
    )
