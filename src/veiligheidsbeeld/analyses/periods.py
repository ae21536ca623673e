"""Every precision: yearly and quarterly series, their year-on-year changes and their yearly trends.

Sources keep their precision (#9): a police table of yearly totals stays yearly, a quarterly table quarterly;
nothing is split into months. This module reads those cube cells onto the run's areas and themes and adds the
run's monthly counts summed over **complete** calendar years (twelve months, none of them partial by
:mod:`.coverage`), so monthly registrations can be read per year too. Per leaf theme one origin is used: the
native yearly (or quarterly) figures where the theme has them, else the summed months; a group theme is the
sum of its leaves in the periods all its leaves cover. Series across a herindeling are harmonised or broken
(:mod:`.mergers`).

On these series:

- **Changes** (:func:`compute_changes`): each year (quarter) against the one a year earlier, with the score test
  for the ratio of two Poisson rates (inhabitants as exposure where both are known) and its score interval
  (:func:`veiligheidsbeeld.stats.poisson_rate_test`, :func:`veiligheidsbeeld.stats.rate_ratio_interval`,
  :cite:`gu2008`); Benjamini-Hochberg over every change of the run (:cite:`benjamini1995`). Not compared: a
  pair with a period not covered, a pair across a break, and a pair with no registration on either side.
- **Trends** over years (:mod:`.trends`): Mann-Kendall with Sen's slope on native yearly series of at least
  :data:`MIN_YEARS` points after the last break (quarterly series: seasonal Mann-Kendall with period 4).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from veiligheidsbeeld.areas.models import AreaLevel
from veiligheidsbeeld.registrations.models import CubeCell
from veiligheidsbeeld.stats import benjamini_hochberg, poisson_rate_test, rate_ratio_interval

from .arrays import Placer, populations, roll_up
from .mergers import apply_mergers
from .models import ChangeResult, PeriodSeries, SeriesPrecision, TrendDirection

__all__ = ["ALPHA", "MIN_YEARS", "PeriodArrays", "build_period_arrays", "compute_changes", "store_period_series"]

ALPHA = 0.05
MIN_YEARS = 5
LAG = {SeriesPrecision.YEAR: 1, SeriesPrecision.QUARTER: 4}
"""Periods between a period and the same period a year earlier."""


@dataclass
class PeriodArrays:
    """Counts per area x theme x period (years or quarters) on the run's areas and themes.

    ``counts`` is float with NaN where a period is not covered; ``native[j]`` tells whether theme column ``j``
    comes from a yearly/quarterly source (else from the run's months); ``breaks`` are period indices ``k`` before
    which the gemeente's own total changes territory (:mod:`.mergers`).
    """

    precision: str
    periods: list[dt.date]
    counts: np.ndarray
    native: np.ndarray
    population: np.ndarray
    breaks: list[int] = field(default_factory=list)
    mergers: list[dict] = field(default_factory=list)
    registrations: int = 0
    outside: int = 0

    def column_has_data(self) -> np.ndarray:
        return np.nansum(self.counts, axis=2) > 0


def _period_starts(starts: set[dt.date], precision: str) -> list[dt.date]:
    if not starts:
        return []
    first, last = min(starts), max(starts)
    step = 12 if precision == SeriesPrecision.YEAR else 3
    result, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        result.append(dt.date(year, month, 1))
        month += step
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return result


def _complete_years(data, partial) -> list[int]:
    years = []
    for year in data.years:
        months = [m for m in data.months if m.year == year]
        if len(months) == 12 and not any(m in partial for m in months):
            years.append(year)
    return years


def build_period_arrays(gemeente, data, precision: str, *, partial=(), first=None, last=None) -> PeriodArrays | None:
    """The :class:`PeriodArrays` of ``precision`` (year or quarter) on the areas and themes of ``data``
    (:class:`~.arrays.RunArrays`); None when there is nothing at that precision.

    Years also take the run's monthly counts of complete years (none of their months in ``partial``).
    ``first``/``last`` (dates) limit the periods read from the cube.
    """
    areas, leaves = data.areas, data.themes[: data.n_leaves]
    groups = data.themes[data.n_leaves :]
    theme_index = {t.pk: j for j, t in enumerate(leaves)}
    cells_qs = CubeCell.objects.filter(gemeente=gemeente, precision=precision)
    if first:
        cells_qs = cells_qs.filter(period_start__gte=first)
    if last:
        cells_qs = cells_qs.filter(period_start__lte=last)
    cells = list(cells_qs.values_list("area_id", "theme_id", "period_start", "count"))
    month_years = _complete_years(data, partial) if precision == SeriesPrecision.YEAR else []
    starts = {c[2] for c in cells} | {dt.date(y, 1, 1) for y in month_years}
    periods = _period_starts(starts, precision)
    if not periods:
        return None
    position = {p: k for k, p in enumerate(periods)}
    native_counts = np.zeros((len(areas), len(leaves), len(periods)))
    covered = np.zeros((len(leaves), len(periods)), dtype=bool)
    covered_below = np.zeros((len(leaves), len(periods)), dtype=bool)  # by wijk or buurt figures
    placer = Placer(areas, {c[0] for c in cells}, areas[0].year)
    outside = registrations = 0
    for area_id, theme_id, start, count in cells:
        j = theme_index.get(theme_id)
        placed = placer.place(area_id, count)
        if placed is None or j is None:
            outside += count
            continue
        registrations += count
        covered[j, position[start]] = True
        for i, part in placed:
            native_counts[i, j, position[start]] += part
            if areas[i].level != AreaLevel.GEMEENTE:
                covered_below[j, position[start]] = True
    roll_up(areas, native_counts)
    native = covered.any(axis=1)
    # A wijk or buurt has a figure only where the source gives figures below the gemeente in that period: a
    # source of gemeente totals says nothing about the wijken (their count is unknown, not zero).
    below = np.array([area.level != AreaLevel.GEMEENTE for area in areas])
    coverage = np.where(below[:, None, None], covered_below[None, :, :], covered[None, :, :])
    counts = np.where(coverage, native_counts, np.nan)
    if month_years:  # the run's months, summed per complete year, for the themes without a native source
        month_year = np.array([m.year for m in data.months])
        for year in month_years:
            k = position[dt.date(year, 1, 1)]
            summed = data.counts[:, : data.n_leaves, month_year == year].sum(axis=2)
            counts[:, ~native, k] = summed[:, ~native]
    breaks, notes = [], []
    for i, area in enumerate(areas):
        if area.level == AreaLevel.GEMEENTE:
            row = np.nan_to_num(counts[i])
            breaks, notes = apply_mergers(gemeente, periods, precision, theme_index, row)
            counts[i] = np.where(np.isnan(counts[i]), np.nan, row)
    # A group covers a period when every leaf with data covers it.
    group_columns = []
    for group in groups:
        members = [theme_index[t.pk] for t in leaves if t.parent_id == group.pk]
        used = [j for j in members if not np.isnan(counts[:, j, :]).all()]
        block = counts[:, used, :] if used else np.full((len(areas), 1, len(periods)), np.nan)
        group_columns.append(block.sum(axis=1))  # NaN where any used leaf is not covered
    all_counts = np.concatenate([counts, np.stack(group_columns, axis=1)], axis=1) if groups else counts
    group_native = [any(native[theme_index[t.pk]] for t in leaves if t.parent_id == g.pk) for g in groups]
    years = sorted({p.year for p in periods})
    pop_years = populations(areas, years)
    return PeriodArrays(
        precision=precision,
        periods=periods,
        counts=all_counts,
        native=np.concatenate([native, np.array(group_native, dtype=bool)]),
        population=pop_years[:, [years.index(p.year) for p in periods]],
        breaks=breaks,
        mergers=notes,
        registrations=registrations,
        outside=outside,
    )


def analysed_rows(data) -> np.ndarray:
    """Rows compared and tested: the wijken and the gemeente (buurten are too small for yearly tests)."""
    return data.rows(AreaLevel.WIJK, AreaLevel.GEMEENTE)


def _crosses_break(k: int, lag: int, breaks, area) -> bool:
    return area.level == AreaLevel.GEMEENTE and any(k - lag < b <= k for b in breaks)


def compute_changes(run, data, arrays: list[PeriodArrays], *, alpha: float = ALPHA) -> list[ChangeResult]:
    """Change results (not yet saved) of every area x theme x period against a year earlier, at each precision;
    one Benjamini-Hochberg family over all of them. Counts of what was not compared go to ``run.summary``."""
    rows = analysed_rows(data)
    items, now, before, exp_now, exp_before = [], [], [], [], []
    not_compared = {"not covered": 0, "break": 0, "no registrations": 0}
    for pa in arrays:
        lag = LAG[pa.precision]
        for i in rows:
            area = data.areas[i]
            for j, theme in enumerate(data.themes):
                series = pa.counts[i, j]
                for k in range(lag, len(pa.periods)):
                    current, previous = series[k], series[k - lag]
                    if np.isnan(current) or np.isnan(previous):
                        if not (np.isnan(current) and np.isnan(previous)):
                            not_compared["not covered"] += 1
                        continue
                    if _crosses_break(k, lag, pa.breaks, area):
                        not_compared["break"] += 1
                        continue
                    if current == 0 and previous == 0:
                        not_compared["no registrations"] += 1
                        continue
                    pop_now, pop_before = pa.population[i, k], pa.population[i, k - lag]
                    known = not (np.isnan(pop_now) or np.isnan(pop_before)) and pop_now > 0 and pop_before > 0
                    items.append((pa, area, theme, k, lag))
                    now.append(int(current))
                    before.append(int(previous))
                    exp_now.append(pop_now if known else 1.0)
                    exp_before.append(pop_before if known else 1.0)
    run.summary["changes"] = {"tested": len(items), "alpha": alpha, "not_compared": not_compared}
    if not items:
        return []
    test = poisson_rate_test(now, exp_now, before, exp_before)
    lower, upper = rate_ratio_interval(now, exp_now, before, exp_before, alpha=alpha)
    q, significant = benjamini_hochberg(test.p_value, alpha)
    run.summary["changes"]["significant"] = int(significant.sum())
    out = []
    for n, (pa, area, theme, k, lag) in enumerate(items):
        ratio = test.rate_ratio[n]
        direction = TrendDirection.NONE
        if significant[n]:
            direction = TrendDirection.UP if now[n] * exp_before[n] > before[n] * exp_now[n] else TrendDirection.DOWN
        out.append(
            ChangeResult(
                run=run, area=area, theme=theme, precision=pa.precision, period=pa.periods[k],
                previous_period=pa.periods[k - lag], count=now[n], previous_count=before[n],
                rate_ratio=None if not np.isfinite(ratio) else float(ratio),
                lower=None if not np.isfinite(lower[n]) else float(lower[n]),
                upper=None if not np.isfinite(upper[n]) else float(upper[n]),
                p_value=float(test.p_value[n]), q_value=float(q[n]), significant=bool(significant[n]),
                direction=direction,
            )
        )
    return out


def store_period_series(run, data, arrays: list[PeriodArrays]) -> list[PeriodSeries]:
    """Period series (not yet saved) of every area x theme with data, at each precision."""
    out = []
    for pa in arrays:
        periods = [p.isoformat() for p in pa.periods]
        has_data = pa.column_has_data()
        for i, area in enumerate(data.areas):
            pop = [None if np.isnan(v) else int(v) for v in pa.population[i]]
            for j, theme in enumerate(data.themes):
                if not has_data[i, j]:
                    continue
                out.append(
                    PeriodSeries(
                        run=run, area=area, theme=theme, precision=pa.precision,
                        origin="native" if pa.native[j] else "months", periods=periods,
                        counts=[None if np.isnan(v) else int(v) for v in pa.counts[i, j]], population=pop,
                        breaks=pa.breaks if area.level == AreaLevel.GEMEENTE else [],
                    )
                )
    return out
