"""Trends per wijk and for the gemeente x theme, at the precision of each series; FDR over the run.

- Months: the seasonal Mann-Kendall test :cite:`hirsch1982` compares each calendar month only with the same
  month in other years, so a fixed seasonal pattern is not taken for a trend. It needs :data:`MIN_MONTHS`.
- Years (sources that publish years only): Mann-Kendall :cite:`mann1945,kendall1975` with Sen's slope
  :cite:`sen1968` over at least :data:`MIN_YEARS` years.
- Quarters: the seasonal test with period 4, at least :data:`MIN_QUARTERS`.

Partial months (:mod:`.coverage`) are left out of the test; a series never runs across a break of territory
(:mod:`.mergers`): only the part after the last break is tested. Series without any registration are not
tested. Benjamini-Hochberg runs over all tested series of the run, every precision together. A trend is called
rising or falling only when it is significant and its slope, as shown ("+3 per jaar"), is not zero.
Every series with registrations that is not tested is listed with its reason in ``run.summary["skipped"]``.
"""

from __future__ import annotations

import numpy as np

from veiligheidsbeeld.areas.models import AreaLevel
from veiligheidsbeeld.stats import benjamini_hochberg, mann_kendall, seasonal_mann_kendall

from .display import shown_slope
from .models import SeriesPrecision, TrendDirection, TrendResult

__all__ = ["MIN_MONTHS", "MIN_QUARTERS", "MIN_YEARS", "detect_trends", "skip"]

MIN_MONTHS = 24
MIN_YEARS = 5
MIN_QUARTERS = 8
PER_YEAR = {SeriesPrecision.MONTH: 12, SeriesPrecision.QUARTER: 4, SeriesPrecision.YEAR: 1}


def skip(run, area, theme, reason: str) -> None:
    """List a series (or, with ``theme`` None, a whole part of the analysis) that was not analysed, and why."""
    run.summary.setdefault("skipped", []).append(
        {"area": getattr(area, "code", area), "theme": getattr(theme, "code", theme), "reason": reason}
    )


def _last_population(row) -> float | None:
    known = row[~np.isnan(row)]
    return float(known[-1]) if known.size else None


class _Candidates:
    def __init__(self):
        self.items, self.p, self.z, self.tau, self.slope = [], [], [], [], []

    def add(self, item, result, k):
        self.items.append(item)
        self.p.append(float(np.nan_to_num(result.p[k], nan=1.0)))
        self.z.append(float(np.nan_to_num(result.z[k])))
        self.tau.append(float(np.nan_to_num(result.tau[k])))
        self.slope.append(float(np.nan_to_num(result.slope[k])))


def _monthly(run, data, partial, candidates: _Candidates) -> None:
    n_months = len(data.months)
    if n_months == 0:
        return
    rows = data.rows(AreaLevel.WIJK, AreaLevel.GEMEENTE)
    counts = data.counts[rows].astype(float)
    for k, month in enumerate(data.months):
        if month in partial:
            counts[:, :, k] = np.nan
    start = {r: 0 for r in range(len(rows))}
    for r, i in enumerate(rows):
        if data.areas[i].level == AreaLevel.GEMEENTE and data.breaks:
            start[r] = max(data.breaks)
    by_start: dict[int, list[tuple[int, int]]] = {}
    for r, i in enumerate(rows):
        for j, theme in enumerate(data.themes):
            if data.counts[i, j].sum() == 0:
                continue
            first = start[r]
            if n_months - first < MIN_MONTHS:
                reason = "fewer than {} months".format(MIN_MONTHS)
                if first:
                    reason += " after the break of {:%Y-%m}".format(data.months[start[r]])
                skip(run, data.areas[i], theme, reason)
                continue
            by_start.setdefault(first, []).append((r, j))
    for first, cells in sorted(by_start.items()):
        series = np.array([counts[r, j, first:] for r, j in cells])
        result = seasonal_mann_kendall(series, period=12)
        for k, (r, j) in enumerate(cells):
            i = rows[r]
            candidates.add(
                (SeriesPrecision.MONTH, data.areas[i], data.themes[j], data.months[first], data.months[-1],
                 n_months - first, _last_population(data.population_years[i])),
                result, k,
            )


def _periodic(run, data, pa, candidates: _Candidates) -> None:
    rows = data.rows(AreaLevel.WIJK, AreaLevel.GEMEENTE)
    has_data = pa.column_has_data()
    minimum = MIN_YEARS if pa.precision == SeriesPrecision.YEAR else MIN_QUARTERS
    unit = "years" if pa.precision == SeriesPrecision.YEAR else "quarters"
    for i in rows:
        area = data.areas[i]
        first = max(pa.breaks) if pa.breaks and area.level == AreaLevel.GEMEENTE else 0
        for j, theme in enumerate(data.themes):
            if not pa.native[j] or not has_data[i, j]:
                continue  # summed months are tested monthly (seasonal test), not twice
            series = pa.counts[i, j, first:]
            points = int((~np.isnan(series)).sum())
            if points < minimum:
                reason = "fewer than {} {} ({})".format(minimum, unit, points)
                if first:
                    reason += " after the break of {}".format(pa.periods[first].isoformat())
                skip(run, area, theme, reason)
                continue
            if pa.precision == SeriesPrecision.YEAR:
                result = mann_kendall(series[None, :])
            else:
                result = seasonal_mann_kendall(series[None, :], period=4)
            known = np.flatnonzero(~np.isnan(series))
            candidates.add(
                (pa.precision, area, theme, pa.periods[first + known[0]], pa.periods[first + known[-1]], points,
                 _last_population(pa.population[i])),
                result, 0,
            )


def detect_trends(run, data, period_arrays=(), *, partial=(), alpha: float = 0.05) -> list[TrendResult]:
    """Trend results (not yet saved) for every wijk and the gemeente x theme with registrations, at every
    precision; one Benjamini-Hochberg family."""
    candidates = _Candidates()
    few_months = 0 < len(data.months) < MIN_MONTHS
    if few_months:
        skip(run, run.gemeente.code, None, "monthly trends: fewer than {} months".format(MIN_MONTHS))
    else:
        _monthly(run, data, partial, candidates)
    for pa in period_arrays:
        _periodic(run, data, pa, candidates)
    if not candidates.items:
        run.summary["trends"] = {
            "tested": 0, "note": "fewer than {} months".format(MIN_MONTHS) if few_months else "no series long enough"
        }
        return []
    q, significant = benjamini_hochberg(np.array(candidates.p), alpha)
    run.summary["trends"] = {"tested": len(candidates.items), "significant": int(significant.sum()), "alpha": alpha}
    out = []
    for k, (precision, area, theme, first, last, points, population) in enumerate(candidates.items):
        slope = candidates.slope[k]
        total = slope * PER_YEAR[precision]
        direction = TrendDirection.NONE
        if significant[k] and shown_slope(total) != 0:
            direction = TrendDirection.UP if candidates.z[k] > 0 else TrendDirection.DOWN
        out.append(
            TrendResult(
                run=run, area=area, theme=theme, precision=precision,
                months=points * (12 // PER_YEAR[precision]), points=points, first_period=first, last_period=last,
                tau=candidates.tau[k], p_value=candidates.p[k], q_value=float(q[k]), slope_per_year=slope,
                slope_total=total, slope_rate=total / population * 1000.0 if population else None,
                significant=bool(significant[k]), direction=direction,
            )
        )
    return out
