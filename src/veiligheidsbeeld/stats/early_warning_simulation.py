"""Seeded simulations of the monthly early-warning run, shared by the tests and the power benchmark.

The design follows issue #23: a gemeente of 20 wijken and 150 buurten, 35 themes (5,950 series), ten years of
negative-binomial monthly counts (dispersion 0.1, a +-30 % seasonal cycle, optionally a trend of up to +-5 % a
year per series), and one wijk series whose level steps up by a factor at a known onset. Every replication runs
:func:`~veiligheidsbeeld.stats.early_warning.early_warning` with exactly the settings of an analysis run
(:data:`~veiligheidsbeeld.stats.early_warning.RUN_SETTINGS`), on all months from the onset on, each month judged
only on the data before it; the false-alarm rate is read from the 5,949 unchanged series of the same runs.

Framework-free (numpy only), like the rest of :mod:`veiligheidsbeeld.stats`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .early_warning import RUN_SETTINGS, SEVERITY_LEVELS, early_warning

__all__ = ["Design", "simulate_panel", "run_monthly", "step_replications", "null_tail_rates"]

ALERT = SEVERITY_LEVELS.index("alert")
ALARM = SEVERITY_LEVELS.index("alarm")


@dataclass(frozen=True)
class Design:
    """The simulated gemeente (defaults: the design of issue #23).

    ``theme_totals`` is the range (log-uniform) of a theme's gemeente-wide monthly mean; it is spread over the
    wijken with Dirichlet(2) shares and over each wijk's buurten likewise, so wijk series have a median mean of
    about 4 and buurt series of about 0.5 per month, as in a gemeente like Groningen.
    """

    n_wijken: int = 20
    n_buurten: int = 150
    n_themes: int = 35
    years: int = 10
    dispersion: float = 0.1
    seasonality: float = 0.3
    trend_per_year: float = 0.0  # each series gets a trend drawn uniformly from +-trend_per_year
    theme_totals: tuple = (10.0, 600.0)

    @property
    def n_months(self) -> int:
        return 12 * self.years

    @property
    def n_series(self) -> int:
        return (self.n_wijken + self.n_buurten) * self.n_themes


def _means(design: Design, rng) -> tuple[np.ndarray, np.ndarray]:
    """Mean monthly level and level label ("wijk"/"buurt") of every series, wijk series first."""
    totals = np.exp(rng.uniform(*np.log(design.theme_totals), design.n_themes))
    wijk_share = rng.dirichlet(np.full(design.n_wijken, 2.0), design.n_themes).T  # wijken x themes
    wijk_of = np.sort(np.r_[np.arange(design.n_wijken), rng.integers(0, design.n_wijken, design.n_buurten - design.n_wijken)])
    buurt_weight = rng.gamma(2.0, 1.0, (design.n_buurten, design.n_themes))
    buurt_share = buurt_weight / np.add.reduceat(buurt_weight, np.flatnonzero(np.r_[True, np.diff(wijk_of) > 0]))[wijk_of]
    wijk_means = wijk_share * totals
    buurt_means = buurt_share * wijk_means[wijk_of]
    means = np.concatenate([wijk_means.ravel(), buurt_means.ravel()])
    levels = np.repeat(np.array(["wijk", "buurt"]), [wijk_means.size, buurt_means.size])
    return means, levels


def simulate_panel(design: Design, rng, means=None) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Null counts of the design: ``(counts, means, levels, themes)``; counts have shape (series, months).

    ``means`` (one per series) replaces the design's level draw, for calibration at fixed levels.
    """
    if means is None:
        means, levels = _means(design, rng)
    else:
        means = np.asarray(means, dtype=float)
        levels = np.full(means.size, "wijk")
    themes = np.arange(means.size) % design.n_themes
    months = np.arange(design.n_months)
    phase = rng.uniform(0, 2 * np.pi, (means.size, 1))
    season = 1 + design.seasonality * np.sin(2 * np.pi * months / 12 + phase)
    shape = means[:, None] * season
    if design.trend_per_year:
        slope = rng.uniform(-design.trend_per_year, design.trend_per_year, (means.size, 1))
        shape = shape * (1 + slope) ** ((months - months[-1]) / 12)  # the level of the last year is `means`
    # Negative binomial as a gamma-Poisson mixture: variance mu + dispersion * mu^2.
    rate = shape * rng.gamma(1 / design.dispersion, design.dispersion, shape.shape)
    return rng.poisson(rate).astype(np.int32), means, levels, themes


def run_monthly(counts, levels, themes, start, **settings):
    """The early warning of an analysis run on ``counts``, every month from ``start`` on (each judged on its past)."""
    options = {**RUN_SETTINGS, **settings}
    return early_warning(counts, start=start, levels=levels, themes=themes, **options)


def step_replications(design: Design, cases, replications: int, seed: int, *, onset_months=6, **settings):
    """Detection of a step in one wijk series, and false warnings in all other series, over seeded replications.

    Parameters
    ----------
    design : Design
    cases : list of (factor, baseline)
        A step of ``factor`` times the level in one wijk series whose mean is ``baseline`` per month.
    replications : int
    seed : int
    onset_months : int
        The step covers the last ``onset_months`` months; those months are evaluated (each on its past).
    **settings
        Overrides of :data:`RUN_SETTINGS` (for example ``family="fdr"``).

    Returns
    -------
    dict
        ``flagged``: bool array (cases, replications, onset_months), the changed series at "waarschuwing" or
        higher in each month of the step; ``false_warnings`` and ``false_alarms``: arrays (cases, replications,
        onset_months) of counts among the unchanged series.
    """
    rng = np.random.default_rng(seed)
    n_cases = len(cases)
    flagged = np.zeros((n_cases, replications, onset_months), dtype=bool)
    false_warnings = np.zeros((n_cases, replications, onset_months), dtype=np.int32)
    false_alarms = np.zeros_like(false_warnings)
    start = design.n_months - onset_months
    for r in range(replications):
        for c, (factor, baseline) in enumerate(cases):
            counts, means, levels, themes = simulate_panel(design, rng)
            target = int(rng.integers(0, design.n_wijken * design.n_themes))  # a wijk series
            months = np.arange(design.n_months)
            phase = rng.uniform(0, 2 * np.pi)
            level = baseline * (1 + design.seasonality * np.sin(2 * np.pi * months / 12 + phase))
            if design.trend_per_year:
                slope = rng.uniform(-design.trend_per_year, design.trend_per_year)
                level = level * (1 + slope) ** ((months - start) / 12)
            level[start:] *= factor
            rate = level * rng.gamma(1 / design.dispersion, design.dispersion, design.n_months)
            counts[target] = rng.poisson(rate)
            severity = run_monthly(counts, levels, themes, start, **settings).severity
            flagged[c, r] = severity[target] >= ALERT
            others = np.ones(counts.shape[0], dtype=bool)
            others[target] = False
            false_warnings[c, r] = (severity[others] >= ALERT).sum(axis=0)
            false_alarms[c, r] = (severity[others] == ALARM).sum(axis=0)
    return {"flagged": flagged, "false_warnings": false_warnings, "false_alarms": false_alarms}


def null_tail_rates(means, n_per_mean: int, seed: int, *, threshold=1.7e-4, months=12, design=None, **settings):
    """Share of null p-values at or below ``threshold``, per fixed mean level (calibration check).

    ``n_per_mean`` series of each mean in ``means`` (negative binomial, the design's dispersion and seasonality)
    are evaluated over their last ``months`` months.

    Returns
    -------
    dict of str to numpy.ndarray
        ``p_month``, ``p_trend`` and ``p_value`` rates (one per mean), and ``cells`` (evaluated series-months).
    """
    design = design or Design()
    rng = np.random.default_rng(seed)
    level = np.repeat(np.asarray(means, dtype=float), n_per_mean)
    counts, _, levels, themes = simulate_panel(design, rng, means=level)
    result = run_monthly(counts, levels, themes, design.n_months - months, **settings)
    out = {}
    group = np.repeat(np.arange(len(means)), n_per_mean)
    for name in ("p_month", "p_trend", "p_value"):
        hits = getattr(result, name) <= threshold
        out[name] = np.bincount(group, weights=hits.sum(axis=1), minlength=len(means)) / (n_per_mean * months)
    out["cells"] = n_per_mean * months
    return out
