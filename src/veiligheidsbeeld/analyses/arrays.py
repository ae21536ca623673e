"""From the cube to arrays: counts per area x theme x month on one CBS indeling, and inhabitants per area.

This is the only place where the analysis reads the cube. Registrations on areas of another indeling are
harmonised into the run's indeling (:mod:`.harmonisation`); what cannot be harmonised is counted and reported.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

import numpy as np

from veiligheidsbeeld.areas.models import SUPRA_GEMEENTE_LEVELS, Area, AreaLevel, AreaPopulation
from veiligheidsbeeld.frameworks.models import Theme
from veiligheidsbeeld.registrations.models import CubeCell, Precision

from .harmonisation import Harmonisation, harmonise, split_count
from .mergers import apply_mergers

__all__ = ["NoDataError", "Placer", "RunArrays", "build_arrays", "month_range", "nearest_year_fill", "roll_up", "split_themes"]


class NoDataError(Exception):
    """The gemeente has no areas or no monthly registrations to analyse."""


def month_range(first: dt.date, last: dt.date) -> list[dt.date]:
    """First days of the months from ``first`` to ``last`` inclusive."""
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(dt.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


@dataclass
class RunArrays:
    """The input of one run as arrays.

    ``counts`` has shape (areas, themes, months): the leaf themes (and published totals) first, then the group
    themes (sums of their leaves); ``n_leaves`` separates them. Buurten roll up into wijken and the gemeente.
    ``population`` is inhabitants per area x month (1 January of the month's year; NaN where unknown);
    ``years``/``population_years`` the same per year.
    """

    areas: list
    themes: list
    n_leaves: int
    months: list[dt.date]
    counts: np.ndarray
    population: np.ndarray
    years: list[int]
    population_years: np.ndarray
    registrations: int
    outside: int
    harmonisation: Harmonisation
    data_hash: str
    breaks: list[int] = field(default_factory=list)
    mergers: list[dict] = field(default_factory=list)

    def rows(self, *levels) -> np.ndarray:
        """Indices of the areas of these levels."""
        return np.array([i for i, a in enumerate(self.areas) if a.level in levels], dtype=int)


def _areas(gemeente, area_year):
    qs = Area.objects.filter(gemeente=gemeente)
    if area_year is None:
        qs = Area.objects.current(gemeente)
    else:
        qs = qs.filter(year=area_year)
    areas = list(qs.order_by("level", "code"))
    if not areas:
        raise NoDataError(
            "gemeente {} has no areas{}: import its regions first".format(
                gemeente.code, "" if area_year is None else " of indeling {}".format(area_year)
            )
        )
    return areas


def populations(areas, years) -> np.ndarray:
    """Inhabitants per area x year; a wijk or gemeente without its own figure gets the sum of its children."""
    index = {a.pk: i for i, a in enumerate(areas)}
    pop = np.full((len(areas), len(years)), np.nan)
    year_index = {y: j for j, y in enumerate(years)}
    for area_id, year, value in AreaPopulation.objects.filter(area__in=areas, year__in=years).values_list(
        "area_id", "year", "population"
    ):
        pop[index[area_id], year_index[year]] = value
    for level in (AreaLevel.WIJK, AreaLevel.GEMEENTE):
        for i, area in enumerate(areas):
            if area.level != level:
                continue
            children = [index[c.pk] for c in areas if c.parent_id == area.pk]
            if children:
                summed = pop[children].sum(axis=0)  # NaN when any child is unknown: never a partial sum
                pop[i] = np.where(np.isnan(pop[i]), summed, pop[i])
    return pop


def nearest_year_fill(population_years: np.ndarray) -> np.ndarray:
    """Fill each area's unknown years with the figure of the nearest year that has one (the earlier on a tie).

    Used where a rate needs a denominator for every year (hot spots, index): inhabitants change by a few per
    cent a year, far less than the counts vary. Areas without any figure stay NaN.
    """
    filled = population_years.copy()
    n_years = filled.shape[1]
    for i, row in enumerate(population_years):
        known = np.flatnonzero(~np.isnan(row))
        if known.size == 0 or known.size == n_years:
            continue
        nearest = known[np.abs(np.arange(n_years)[:, None] - known[None, :]).argmin(axis=1)]
        filled[i] = row[nearest]
    return filled


def _data_hash(cells, pop, extra=()) -> str:
    digest = hashlib.sha256()
    for cell in sorted(cells):
        digest.update(repr(cell).encode())
    digest.update(np.nan_to_num(pop, nan=-1).astype(np.int64).tobytes())
    for item in extra:
        digest.update(repr(item).encode())
    return digest.hexdigest()


class Placer:
    """Puts counts registered on any area onto the rows of the run's indeling: the area itself, or its
    harmonised targets (whole registrations, largest remainder); ``None`` for an area outside both."""

    def __init__(self, areas, area_ids, year):
        self.index = {a.pk: i for i, a in enumerate(areas)}
        other_ids = set(area_ids) - set(self.index)
        # Figures of Nederland, a provincie or a regionale eenheid are comparison lines, never harmonised into
        # the gemeente's areas (they count as outside its indeling).
        sources = (
            Area.objects.filter(pk__in=other_ids)
            .exclude(level__in=SUPRA_GEMEENTE_LEVELS)
            .select_related("parent")
            .order_by("year", "code")
        )
        self.harmonisation = harmonise(sources, areas, year)

    def place(self, area_id, count) -> list[tuple[int, int]] | None:
        i = self.index.get(area_id)
        if i is not None:
            return [(i, count)]
        targets = self.harmonisation.targets.get(area_id)
        if targets is None:
            return None
        parts = split_count(count, [share for _, share in targets])
        return [(self.index[target], part) for (target, _), part in zip(targets, parts)]


def roll_up(areas, counts: np.ndarray) -> None:
    """Add buurten into their wijken and wijken into the gemeente, in place (axis 0 is the area)."""
    index = {a.pk: i for i, a in enumerate(areas)}
    for level in (AreaLevel.WIJK, AreaLevel.GEMEENTE):
        for i, area in enumerate(areas):
            if area.level == level:
                children = [index[c.pk] for c in areas if c.parent_id == area.pk]
                if children:
                    counts[i] += counts[children].sum(axis=0)


def split_themes():
    """(leaf themes and published totals, group themes) in a stable order."""
    themes = list(Theme.objects.select_related("parent"))
    leaves = [t for t in themes if t.parent_id is not None or t.is_total]
    groups = [t for t in themes if t.parent_id is None and not t.is_total]
    return leaves, groups


def build_arrays(
    gemeente, *, area_year=None, first_month=None, last_month=None, extra_hash=(), allow_no_months=False
) -> RunArrays:
    """Read the gemeente's monthly cube cells into :class:`RunArrays` on the indeling ``area_year``.

    ``area_year`` None takes the newest indeling of the gemeente. ``extra_hash`` adds further inputs (survey
    results) to the data hash. With ``allow_no_months`` a gemeente without monthly cells gets arrays with no
    months (its yearly or quarterly figures are read by :mod:`.periods`) instead of :class:`NoDataError`.
    """
    areas = _areas(gemeente, area_year)
    year = areas[0].year
    area_index = {a.pk: i for i, a in enumerate(areas)}
    # Exact counts only: estimated cells (PC4 events split by address share) repeat events counted exactly at
    # the gemeente, and would be counted twice by the roll-up below (issue 13).
    cells_qs = CubeCell.objects.filter(gemeente=gemeente, precision=Precision.MONTH, estimated=False)
    if first_month:
        cells_qs = cells_qs.filter(period_start__gte=first_month)
    if last_month:
        cells_qs = cells_qs.filter(period_start__lte=last_month)
    cells = list(cells_qs.values_list("area_id", "theme_id", "period_start", "count"))
    if not cells and not allow_no_months:
        raise NoDataError("gemeente {} has no monthly registrations in this period".format(gemeente.code))
    months = month_range(first_month or min(c[2] for c in cells), last_month or max(c[2] for c in cells)) if cells else []
    month_index = {m: k for k, m in enumerate(months)}

    placer = Placer(areas, {c[0] for c in cells}, year)
    harmonisation = placer.harmonisation
    leaves, groups = split_themes()
    theme_index = {t.pk: j for j, t in enumerate(leaves)}
    counts = np.zeros((len(areas), len(leaves), len(months)), dtype=np.int64)
    outside = 0
    for area_id, theme_id, month, count in cells:
        placed = placer.place(area_id, count)
        if placed is None:
            outside += count
            continue
        for i, part in placed:
            counts[i, theme_index[theme_id], month_index[month]] += part

    # Roll buurten up into wijken, wijken into the gemeente (plus what was registered at those levels).
    roll_up(areas, counts)
    breaks, mergers = [], []
    for i, area in enumerate(areas):
        if area.level == AreaLevel.GEMEENTE:
            breaks, mergers = apply_mergers(gemeente, months, Precision.MONTH, theme_index, counts[i])
    # Group themes are the sum of their leaves (totals stand alone).
    group_counts = np.stack(
        [counts[:, [theme_index[c.pk] for c in leaves if c.parent_id == g.pk], :].sum(axis=1) for g in groups],
        axis=1,
    ) if groups else np.zeros((len(areas), 0, len(months)), dtype=np.int64)

    years = sorted({m.year for m in months})
    pop_years = populations(areas, years)
    return RunArrays(
        areas=areas,
        themes=leaves + groups,
        n_leaves=len(leaves),
        months=months,
        counts=np.concatenate([counts, group_counts], axis=1),
        population=pop_years[:, [years.index(m.year) for m in months]],
        years=years,
        population_years=pop_years,
        registrations=sum(c[3] for c in cells) - outside,
        outside=outside,
        harmonisation=harmonisation,
        data_hash=_data_hash(cells, pop_years, extra_hash),
        breaks=breaks,
        mergers=mergers,
    )
