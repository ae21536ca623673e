"""Trends per wijk and for the gemeente x theme: seasonal Mann-Kendall with Sen's slope, FDR over the run.

The seasonal test :cite:`hirsch1982` compares each calendar month only with the same month in other years, so a
fixed seasonal pattern is not taken for a trend. It needs at least two years of months. Series without any
registration are not tested. Benjamini-Hochberg runs over all tested series of the run.
"""

from __future__ import annotations

import numpy as np

from veiligheidsbeeld.areas.models import AreaLevel
from veiligheidsbeeld.stats import benjamini_hochberg, seasonal_mann_kendall

from .models import TrendDirection, TrendResult

__all__ = ["MIN_MONTHS", "detect_trends"]

MIN_MONTHS = 24


def detect_trends(run, data, *, alpha: float = 0.05) -> list[TrendResult]:
    """Trend results (not yet saved) for every wijk and the gemeente x theme with registrations."""
    n_months = len(data.months)
    if n_months < MIN_MONTHS:
        run.summary["trends"] = {"tested": 0, "note": "fewer than {} months".format(MIN_MONTHS)}
        return []
    rows = data.rows(AreaLevel.WIJK, AreaLevel.GEMEENTE)
    series = data.counts[rows].reshape(-1, n_months)
    tested = np.flatnonzero(series.sum(axis=1) > 0)
    result = seasonal_mann_kendall(series[tested].astype(float), period=12)
    p = np.nan_to_num(result.p, nan=1.0)
    q, significant = benjamini_hochberg(p, alpha)
    run.summary["trends"] = {"tested": int(tested.size), "significant": int(significant.sum()), "alpha": alpha}
    n_themes = len(data.themes)
    out = []
    for k, s in enumerate(tested):
        up = result.z[k] > 0
        out.append(
            TrendResult(
                run=run,
                area=data.areas[rows[s // n_themes]],
                theme=data.themes[s % n_themes],
                months=n_months,
                tau=float(np.nan_to_num(result.tau[k])),
                p_value=float(p[k]),
                q_value=float(q[k]),
                slope_per_year=float(np.nan_to_num(result.slope[k])),
                significant=bool(significant[k]),
                direction=(TrendDirection.UP if up else TrendDirection.DOWN)
                if significant[k]
                else TrendDirection.NONE,
            )
        )
    return out
