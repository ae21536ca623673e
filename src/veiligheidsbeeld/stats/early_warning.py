"""Monthly early warning for many count series at once.

For every series (area x theme) and evaluated month the method asks: is this month's count, or the drift of
the last months, higher than the same time of year in earlier years would lead us to expect? It follows the
improved Farrington scheme :cite:`farrington1996,noufaily2013`, adapted to monthly safety data:

1. **Seasonal baseline.** The expected count is the mean of the same calendar month (and optionally
   ``window`` months on either side) in the previous ``years`` years, scaled by the exposure (inhabitants)
   if given. No trend term: the baseline is the recent seasonal level.
2. **Overdispersion.** Registrations vary more than Poisson. The negative binomial variance
   ``mu + dispersion * mu**2`` is estimated by the method of moments from one year of data around the
   same month in each baseline year (twelve calendar-month levels, so a fixed seasonal pattern is not counted
   as noise). The most recent six months are never used, so a rise that has already started does not widen
   its own threshold. Each series' estimate is shrunk toward the estimate pooled over all series
   :cite:`robinson2007`, weighted by information: the pool weighs ``prior_df * (1 + 1 / (a * mean))**2``
   degrees of freedom, so series of a few registrations a month lean on the pool.
3. **Prediction.** Given the dispersion, the month is negative binomial; the seasonal level, known through the
   baseline count, has a beta posterior, so the predictive distribution is beta-negative-binomial (for Poisson
   counts exactly the conditional binomial test of the month against its baseline, valid however small the
   counts). The dispersion's own uncertainty (a scaled chi-square with the estimate's degrees of freedom) is
   averaged over by quadrature :cite:`wilson1931`, so the far tail stays calibrated for large series.
4. **Month test.** ``p_month`` is the upper-tail probability ``P(X >= observed)``.
5. **Slow rises.** An EWMA :cite:`roberts1959` of the quantile residuals :cite:`dunn1996` of the last
   ``ewma_months`` months, standardised by its exact variance, gives ``p_trend`` (averaged over the dispersion
   like the month test); it reacts to several months that are each only a little high.
6. **Family and multiple testing.** Series whose predictive chance of ``min_count`` registrations is below
   ``min_reach`` are left out of the family (decided on the past alone). The two p-values are combined as the
   minimum of two correlated normal scores (the EWMA's known correlation with its current month), which is
   exact where the Bonferroni minimum was a bound :cite:`westfall1993,owen1956`; per evaluated month, a waarschuwing (``alert``) follows `family`: a false-alarm budget per
   month and level (default), or the Benjamini-Hochberg procedure :cite:`benjamini1995` per theme or over all
   series. The budget is an expected number of false warnings, counted from the past: a series warns when the
   month's count reaches the first count whose combined p-value is at or below the level, which without a change
   happens with the predictive chance of that count or more (counted with Jeffreys' prior for the level
   :cite:`jeffreys1946`); the level is the largest whose summed chances stay within the budget, so the discrete
   counts and ``min_count`` no longer leave budget unused as under Bonferroni :cite:`tarone1990`.
   ``alarm`` is the run-wide Benjamini-Hochberg q-value <= ``strong_alpha``.
7. **Severity.** ``alarm``, ``alert``, ``watch`` (only the unadjusted p <= ``alpha``), ``none``, or
   ``insufficient_history``. Months with fewer than ``min_count`` registrations never go beyond ``none``
   (Farrington's rule against alarms on one or two cases), and partial months (`coverage`) are never judged.
"""

from dataclasses import dataclass

import numpy as np
from scipy import special

from ._checks import as_counts, as_nonnegative
from .significance import benjamini_hochberg

__all__ = ["DEFAULT_BUDGETS", "FAMILIES", "RUN_SETTINGS", "SEVERITY_LEVELS", "EarlyWarningResult", "early_warning"]

SEVERITY_LEVELS = ("insufficient_history", "none", "watch", "alert", "alarm")
MONTHS_PER_YEAR = 12
EXCLUDED_RECENT_MONTHS = 6  # dispersion levels run from 18 to 7 months before the evaluated month
FAMILIES = ("budget", "theme_fdr", "fdr")
"""How "waarschuwing" (severity ``alert``) controls false signals: a false-alarm budget per month and level, the
Benjamini-Hochberg false discovery rate per theme, or over all series of the month."""
DEFAULT_BUDGETS = {"wijk": 0.5, "buurt": 0.5}
"""Expected false waarschuwingen per month accepted for the wijk and the buurt series of a gemeente."""
RUN_SETTINGS = {
    "family": "budget", "budgets": DEFAULT_BUDGETS, "alpha": 0.05, "strong_alpha": 0.01, "min_count": 3, "min_reach": 0.25,
}
"""The settings an analysis run uses (:mod:`veiligheidsbeeld.analyses.alerts`), shared with the simulations."""
_SERIES_PER_BLOCK = 8192  # series processed together, so that intermediate arrays stay in the CPU cache


@dataclass(frozen=True)
class EarlyWarningResult:
    """Result of `early_warning`; arrays have shape ``(n_series, n_evaluated_months)``.

    Attributes
    ----------
    months : numpy.ndarray
        Evaluated month indices (columns of the input), shape ``(n_evaluated_months,)``.
    observed : numpy.ndarray
        Observed counts.
    expected : numpy.ndarray
        Seasonal baseline expectation; NaN with insufficient history.
    dispersion : numpy.ndarray
        Shrunk negative binomial dispersion (0 is Poisson).
    predictive_size, predictive_prob : numpy.ndarray
        Parameters ``n`` and ``p`` of the predictive negative binomial distribution (as
        ``scipy.stats.nbinom``); see `prediction_interval`.
    p_month : numpy.ndarray
        ``P(X >= observed)`` under the predictive distribution.
    trend_z, p_trend : numpy.ndarray
        Standardised EWMA of recent residuals and its upper-tail p-value.
    p_value, q_value : numpy.ndarray
        Combined p-value (the smaller of ``p_month`` and ``p_trend`` referred to the maximum of two normal scores
        with the EWMA's correlation to its current month; see `_combined_p`, at most ``2 * min(p_month, p_trend)``)
        and its Benjamini-Hochberg q-value over the
        tested series of the month (NaN for series outside the family: too few registrations, too little history
        or a partial month).
    threshold : numpy.ndarray
        The p-value at or below which the series warns in that month under `family` (NaN: not tested).
    alert : numpy.ndarray of bool
        Severity ``alert`` or ``alarm``.
    severity : numpy.ndarray of int
        Index into `SEVERITY_LEVELS`.
    insufficient_history : numpy.ndarray of bool
        Fewer than ``min_years`` baseline years for the evaluated month (or zero exposure).
    partial : numpy.ndarray of bool
        The month is not wholly covered by the data (see `coverage`); never tested.
    reach : numpy.ndarray
        Predictive probability, from the past alone, of at least ``min_count`` registrations in the month; series
        below ``min_reach`` are not in the family of tests.
    """

    months: np.ndarray
    observed: np.ndarray
    expected: np.ndarray
    dispersion: np.ndarray
    predictive_size: np.ndarray
    predictive_prob: np.ndarray
    p_month: np.ndarray
    trend_z: np.ndarray
    p_trend: np.ndarray
    p_value: np.ndarray
    q_value: np.ndarray
    threshold: np.ndarray
    alert: np.ndarray
    severity: np.ndarray
    insufficient_history: np.ndarray
    partial: np.ndarray
    reach: np.ndarray

    def prediction_interval(self, coverage=0.95):
        """Central prediction interval of the predictive distribution, for example 0.8 or 0.95.

        Computed on request, as it costs two evaluations of the distribution function per cell.

        Returns
        -------
        lower, upper : numpy.ndarray
            Counts such that ``P(X < lower) <= (1 - coverage) / 2`` and ``P(X > upper) <= (1 - coverage) / 2``;
            NaN with insufficient history.
        """
        if not 0 < coverage < 1:
            raise ValueError(f"coverage={coverage!r} is not valid: it must lie strictly between 0 and 1")
        valid = ~self.insufficient_history
        size, prob = self.predictive_size[valid], self.predictive_prob[valid]
        tail = (1 - coverage) / 2
        lower = np.full(valid.shape, np.nan)
        upper = np.full(valid.shape, np.nan)
        lower[valid] = _nb_quantile(tail, size, prob)
        upper[valid] = _nb_quantile(1 - tail, size, prob)
        return lower, upper


def _level_sums(term, first, last, years, shape=()):
    """``sum(x[..., s - 12 * b] for b in range(years))`` for every s in first..last, skipping indices < 0.

    ``term(start, stop)`` returns the columns ``start:stop`` of x, so squares and products are only formed for
    the columns that are used.
    """
    width = last - first + 1
    total = np.zeros(shape + (width,))
    for back in range(years):
        start, stop = first - MONTHS_PER_YEAR * back, last - MONTHS_PER_YEAR * back
        if stop < 0:
            break
        source = max(start, 0)
        total[..., source - start :] += term(source, stop + 1)
    return total


def _window_sums(values, width):
    """Sums over `width` consecutive columns: column j of the result sums columns j..j+width-1."""
    if width == 1:
        return values
    cumulative = np.cumsum(values, axis=-1)
    sums = cumulative[..., width - 1 :].copy()
    sums[..., 1:] -= cumulative[..., :-width]
    return sums


@dataclass(frozen=True)
class _Baseline:
    """Baseline sums of a block of series for every month from `first` on (columns)."""

    numerator: np.ndarray  # method-of-moments numerator of the dispersion, summed over 12 levels
    denominator: np.ndarray  # its denominator
    degrees: np.ndarray  # residual degrees of freedom behind the dispersion estimate
    base_y: np.ndarray  # baseline count (same calendar month +- window, previous years)
    base_e: np.ndarray  # baseline exposure
    base_ee: np.ndarray  # baseline sum of squared exposures
    n_years: np.ndarray  # baseline years available for the calendar month itself
    now: np.ndarray  # exposure of the month itself


def _baseline(counts, exposure, first, years, window):
    """Seasonal baseline sums for one block of series (see the module description, steps 1 and 2)."""
    n_months = counts.shape[-1]
    levels = (first - 18, n_months - 2 - EXCLUDED_RECENT_MONTHS, years)
    series = counts.shape[:-1]
    n_years = _level_sums(lambda a, b: np.ones(b - a), *levels)
    sum_y = _level_sums(lambda a, b: counts[:, a:b], *levels, series)
    sum_yy = _level_sums(lambda a, b: np.square(counts[:, a:b], dtype=float), *levels, series)
    if exposure is None:
        sum_e = sum_ee = sum_eee = n_years
        sum_ye = sum_y
    else:
        sum_e = _level_sums(lambda a, b: exposure[:, a:b], *levels, series)
        sum_ee = _level_sums(lambda a, b: exposure[:, a:b] ** 2, *levels, series)
        sum_eee = _level_sums(lambda a, b: exposure[:, a:b] ** 3, *levels, series)
        sum_ye = _level_sums(lambda a, b: counts[:, a:b] * exposure[:, a:b], *levels, series)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(sum_e > 0, sum_y / sum_e, 0.0)
        leverage_ee = np.where(sum_e > 0, sum_ee / sum_e, 0.0)
        leverage_eee = np.where(sum_e > 0, sum_eee / sum_e, 0.0)
    # Method of moments per level: E[sum (y - m)^2] = sum (1 - h)(m + a m^2) with leverage h = e / sum(e).
    residual = sum_yy - 2 * rate * sum_ye + rate**2 * sum_ee - rate * (sum_e - leverage_ee)
    curvature = rate**2 * (sum_ee - leverage_eee)
    centre = 6  # column of the level of the same calendar month one year back
    targets = n_months - first
    columns = slice(centre - window, centre - window + targets)
    width = 2 * window + 1
    return _Baseline(
        numerator=_window_sums(residual, MONTHS_PER_YEAR),
        denominator=_window_sums(curvature, MONTHS_PER_YEAR),
        degrees=_window_sums(np.maximum(n_years - 1, 0), MONTHS_PER_YEAR),
        base_y=_window_sums(sum_y, width)[..., columns],
        base_e=_window_sums(sum_e, width)[..., columns],
        base_ee=_window_sums(sum_ee, width)[..., columns],
        n_years=n_years[centre : centre + targets],
        now=np.ones(targets) if exposure is None else exposure[:, first:],
    )


def _nb_upper_tail(observed, size, prob):
    """``P(X >= observed)`` for the negative binomial with `size` and success probability `prob`."""
    return np.where(observed > 0, special.betainc(np.maximum(observed, 1), size, 1 - prob), 1.0)


def _nb_quantile(level, size, prob):
    """Smallest k with ``P(X <= k) >= level`` for the negative binomial with `size` and `prob`.

    A Cornish-Fisher start, one exact evaluation of the distribution function and of the probability mass
    there, then exact steps with the recurrence ``P(k + 1) = P(k) (k + size) / (k + 1) (1 - prob)``. Values
    not settled within ten steps (extremely skewed cases) are solved with the continuous inverse in k.
    """
    mean = size * (1 - prob) / prob
    with np.errstate(divide="ignore", invalid="ignore"):
        skew = np.nan_to_num((2 - prob) / np.sqrt(size * (1 - prob)), nan=0.0, posinf=0.0)
    z = special.ndtri(level)
    k = np.maximum(np.round(mean + np.sqrt(mean / prob) * (z + (z**2 - 1) * skew / 6) - 0.5), 0.0)
    cdf = 1 - special.betainc(k + 1, size, 1 - prob)
    mass = np.exp(
        special.gammaln(k + size)
        - special.gammaln(size)
        - special.gammaln(k + 1)
        + size * np.log(prob)
        + special.xlogy(k, 1 - prob)
    )
    todo = np.arange(k.size)
    for _ in range(10):
        up = cdf[todo] < level
        down = ~up & (k[todo] > 0) & (cdf[todo] - mass[todo] >= level)
        rise, fall = todo[up], todo[down]
        mass[rise] *= (k[rise] + size[rise]) / (k[rise] + 1) * (1 - prob[rise])
        k[rise] += 1
        cdf[rise] += mass[rise]
        cdf[fall] -= mass[fall]
        mass[fall] *= k[fall] / ((k[fall] - 1 + size[fall]) * (1 - prob[fall]))
        k[fall] -= 1
        todo = np.concatenate([rise, fall])
        if not todo.size:
            return k
    k[todo] = np.ceil(special.nbdtrik(level, size[todo], prob[todo]))
    return k


_QUADRATURE_NODES = 6
_FAR_TAIL = 1e-3  # below this upper-tail probability the tail is summed upwards, not as 1 - cdf
_MIN_DISPERSION = 1e-9
_EXACT_DF = 1e4  # dispersion estimates with more degrees of freedom are taken as exact


def _bnb_tail(observed, size, alpha, beta):
    """``P(X >= observed)`` and ``P(X = observed)`` of the beta-negative-binomial distribution.

    ``X ~ NB(size, p)`` with ``p ~ Beta(alpha, beta)`` (``scipy.stats.betanbinom(size, alpha, beta)``). The mass
    follows the recurrence ``P(k + 1) / P(k) = (size + k)(beta + k) / ((k + 1)(alpha + size + beta + k))`` from
    ``P(0) = B(alpha + size, beta) / B(alpha, beta)``; the upper tail is one minus the summed lower masses, or,
    where that is below `_FAR_TAIL`, the sum of the upper masses (accurate however small). The work is the sum
    of the observed counts.
    """
    k = observed.astype(np.int64)
    first_mass = np.exp(special.betaln(alpha + size, beta) - special.betaln(alpha, beta))
    tail = np.ones(k.shape)
    at_k = first_mass.copy()
    index = np.flatnonzero(k > 0)
    # Compact working copies of the cells still summing; shrunk whenever half of them are done.
    kk, r, a, b = k[index], size[index], alpha[index], beta[index]
    pmf, cdf = first_mass[index], np.zeros(index.size)
    remaining = index.size
    j = 0
    while remaining:
        cdf += pmf
        pmf *= (r + j) * (b + j) / ((j + 1) * (a + r + b + j))
        j += 1
        reached = np.flatnonzero(kk == j)
        if reached.size:
            tail[index[reached]] = 1 - cdf[reached]
            at_k[index[reached]] = pmf[reached]
            remaining -= reached.size
            if remaining <= kk.size // 2:
                keep = kk > j
                index, kk, r, a, b, pmf, cdf = (x[keep] for x in (index, kk, r, a, b, pmf, cdf))
    far = np.flatnonzero(tail < _FAR_TAIL)
    if far.size:
        kk, r, a, b = k[far].astype(float), size[far], alpha[far], beta[far]
        term = at_k[far].copy()
        total = term.copy()
        for _ in range(1_000_000):
            term *= (r + kk) * (b + kk) / ((kk + 1) * (a + r + b + kk))
            kk += 1
            total += term
            going = term > 1e-14 * total
            if not going.all():
                tail[far[~going]] = total[~going]
                far, kk, r, a, b, term, total = (x[going] for x in (far, kk, r, a, b, term, total))
                if not far.size:
                    break
    return np.clip(tail, 0.0, 1.0), at_k


def _chi2_quadrature(df):
    """Nodes (one row per cell) and weights of ``X / df`` for ``X ~ chi-square(df)``; df inf gives nodes 1.

    Gauss-Hermite quadrature on the Wilson-Hilferty normal approximation :cite:`wilson1931`:
    ``(X / df) ** (1/3)`` is close to normal with mean ``1 - 2 / (9 df)`` and variance ``2 / (9 df)``.
    """
    z, w = special.roots_hermitenorm(_QUADRATURE_NODES)
    spread = 2 / (9 * df)  # 0 for df inf
    nodes = np.maximum(1 - spread + np.sqrt(spread) * z[:, None], 1e-3) ** 3
    return nodes, w / w.sum()


def _predictive_nodes(observed, dispersion, df, mean, base_y, base_e, now):
    """Per quadrature node: weight, ``P(X >= observed)`` and ``P(X = observed)`` under the predictive distribution.

    Given the dispersion ``a``, the month is negative binomial with size ``1/a``, and the seasonal level, known
    only through the baseline count ``base_y``, has a beta posterior in the negative binomial's probability:
    the predictive distribution is beta-negative-binomial with ``size = 1/a``, ``alpha = 1 + base_e / (a now)``
    and ``beta = base_y + 1`` (mean ``(base_y + 1) now / base_e``; exact for equal exposures, and for ``a -> 0`` the
    conditional binomial test of the Poisson case). Its tail is polynomial, not geometric like a gamma-mixed
    negative binomial: the uncertainty of a mean estimated from five baseline years shows in the far tail.
    The dispersion itself is estimated with ``df`` degrees of freedom: ``(a + 1/mean)`` is taken as
    ``(a_hat + 1/mean) df / X`` with ``X ~ chi-square(df)``, and probabilities are averaged over ``X`` with the
    node weights (as a t-distribution averages the normal over an estimated variance). Yields one
    ``(weight, tail, mass)`` per node.
    """
    inverse_mean = 1 / mean
    nodes, weights = _chi2_quadrature(df)
    for node, weight in zip(nodes, weights):
        a = (dispersion + inverse_mean) / node - inverse_mean
        poisson = a <= _MIN_DISPERSION
        tail, mass = np.empty(observed.shape), np.empty(observed.shape)
        mixed = ~poisson
        tail[mixed], mass[mixed] = _bnb_tail(
            observed[mixed], 1 / a[mixed], 1 + base_e[mixed] / (a[mixed] * now[mixed]), base_y[mixed] + 1
        )
        # The limit a -> 0: negative binomial with size base_y + 1 and probability base_e / (base_e + now), whose
        # upper tail is the conditional binomial test of the month against its baseline.
        k, size, rest = observed[poisson], base_y[poisson] + 1, now[poisson] / (base_e[poisson] + now[poisson])
        tail[poisson] = np.where(k > 0, special.betainc(np.maximum(k, 1), size, rest), 1.0)
        mass[poisson] = np.exp(
            special.gammaln(k + size) - special.gammaln(size) - special.gammaln(k + 1)
            + size * np.log1p(-rest) + special.xlogy(k, rest)
        )
        yield weight, tail, mass


_GRID_FLOOR = 1e-7  # counts are followed until the predictive upper tail falls below this
_LEVEL_FLOOR = 1e-6  # or until the combined p-value does: beyond, the chance is counted at every level (cautious)
_ACCOUNTING_PRIOR = 0.5  # Jeffreys' prior for the level when the expected number of false warnings is counted
_GRID_MAX_STEPS = 20_000


def _count_grid(min_count, alpha, dispersion, df, mean, base_y, base_e, now, past_ewma, ewma_sd, rho, ewma_lambda):
    """The warning chances of every possible count of the month, for the false-alarm budget (one cell per row).

    Given the past, whether a series warns depends only on the month's count k: the combined p-value ``cp(k)`` (month
    test and EWMA, whose earlier terms ``past_ewma`` are known per quadrature node) falls as k grows. Without a
    change the month is distributed as the predictive distribution, so the chance that the series warns at level t
    is ``P(X >= k_t)`` with ``k_t`` the smallest ``k >= min_count`` with ``cp(k) <= t``. For the budget that sum is
    kept as steps: every count ``k >= min_count`` with ``cp(k) <= alpha`` adds its predictive probability
    ``P(X = k)`` to the expected number of warnings from level ``cp(k)`` on; the chance of counts beyond the
    followed range (predictive tail below ``_GRID_FLOOR``) is counted at every level.

    Returns
    -------
    cell, level, chance : numpy.ndarray
        One entry per (cell, count): the cell's row, ``cp(k)`` and ``P(X = k)`` (averaged over the dispersion).
    rest : numpy.ndarray
        Per cell, the predictive chance of the counts beyond the followed range.
    """
    n = dispersion.size
    nodes, weights = _chi2_quadrature(df)  # (nodes, n)
    inverse_mean = 1 / mean
    a = (dispersion + inverse_mean) / nodes - inverse_mean
    poisson = a <= _MIN_DISPERSION
    a = np.where(poisson, 1.0, a)
    # Two predictive distributions side by side (first axis): the test's, with the level's flat prior (beta = base_y
    # + 1, the exact conditional test for Poisson counts), and the one the chances are counted with, with Jeffreys'
    # prior (base_y + 1/2), whose predictive probabilities match frequencies (see `_budget_threshold`).
    offset = np.array([1.0, _ACCOUNTING_PRIOR])[:, None, None]
    size = np.where(poisson, base_y + offset, 1 / a)  # the Poisson limit: negative binomial with size base_y + offset
    left = np.broadcast_to(1 + base_e / (a * now), size.shape)  # beta-negative-binomial alpha and beta
    right = np.broadcast_to(base_y + offset, size.shape)
    poisson = np.broadcast_to(poisson, size.shape)
    rest_prob = now / (base_e + now)
    with np.errstate(divide="ignore"):
        pmf = np.where(
            poisson,
            np.exp((base_y + offset) * np.log1p(-rest_prob)),
            np.exp(special.betaln(left + size, right) - special.betaln(left, right)),
        )
    cdf = np.zeros(size.shape)
    index = np.arange(n)
    past_top = past_ewma.max(axis=0)
    cells, levels, chances = [], [], []
    rest = np.zeros(n)
    for j in range(_GRID_MAX_STEPS + 1):
        if not index.size:
            break
        tail = 1 - cdf[0]
        p_month = weights @ tail
        if j >= min_count:
            counted = weights @ (1 - cdf[1])  # the chance of this count or more, and of this count, as counted
            mass = weights @ pmf[1]
            pmf_test = pmf[0]
            # The combined p-value is at least the smaller of the two; the EWMA's p-value is at least that of its
            # largest node (the largest past and the largest normal score of the month): counts that stay above
            # alpha by this bound need no exact evaluation.
            top = -special.ndtri(np.clip((tail - 0.5 * pmf_test).min(axis=0), 1e-300, 1.0))
            bound = special.ndtr(-(past_top + ewma_lambda * top) / ewma_sd)
            maybe = np.flatnonzero((p_month <= alpha) | (bound <= alpha))
            if maybe.size:
                z = -special.ndtri(np.clip(tail[:, maybe] - 0.5 * pmf_test[:, maybe], 1e-300, 1.0))
                p_trend = weights @ special.ndtr(-(past_ewma[:, maybe] + ewma_lambda * z) / ewma_sd[maybe])
                combined = _combined_p(rho[maybe], np.clip(p_month[maybe], 0.0, 1.0), p_trend)
                deep = combined <= _LEVEL_FLOOR
                keep = (combined <= alpha) & ~deep
                cells.append(index[maybe][keep])
                levels.append(combined[keep])
                chances.append(mass[maybe][keep])
                # From a count whose level is below _GRID_FLOOR on, the chance is counted at every level.
                rest[index[maybe][deep]] = counted[maybe][deep]
            done = p_month < _GRID_FLOOR
            if maybe.size:
                done[maybe[deep]] = True
            if j == _GRID_MAX_STEPS:
                done[:] = True
            if done.any():
                rest[index[done]] = np.maximum(counted[done] - mass[done], rest[index[done]])
                going = ~done
                index, pmf, cdf, a, size, left, right, rest_prob, poisson, past_ewma, past_top, ewma_sd, rho = (
                    x[..., going] for x in (index, pmf, cdf, a, size, left, right, rest_prob, poisson, past_ewma,
                                            past_top, ewma_sd, rho)
                )
                if not index.size:
                    break
        cdf = cdf + pmf
        pmf = pmf * np.where(
            poisson,
            (size + j) / (j + 1) * rest_prob,
            (size + j) * (right + j) / ((j + 1) * (left + size + right + j)),
        )
    if not cells:
        return np.zeros(0, dtype=int), np.zeros(0), np.zeros(0), rest
    return np.concatenate(cells), np.concatenate(levels), np.concatenate(chances), rest


def _reach(min_count, dispersion, df, mean, baseline, columns):
    """Predictive probability, from the past alone, that the month reaches ``min_count`` registrations."""
    shape = (dispersion.shape[0], columns.size)
    pick = lambda values: np.broadcast_to(values, dispersion.shape)[:, columns].ravel()  # noqa: E731
    with np.errstate(divide="ignore", invalid="ignore"):
        parts = [pick(dispersion), pick(df), pick(mean), pick(baseline.base_y), pick(baseline.base_e),
                 pick(baseline.now)]
    valid = np.isfinite(parts[2]) & (parts[4] > 0) & (parts[5] > 0)
    reach = np.full(valid.size, np.nan)
    if min_count == 0:
        reach[valid] = 1.0
        return reach.reshape(shape)
    target = np.full(int(valid.sum()), float(min_count))
    reach[valid] = sum(
        weight * tail for weight, tail, _ in _predictive_nodes(target, *(part[valid] for part in parts))
    )
    return reach.reshape(shape)


def _evaluate(counts, baseline, pooled, columns, first, settings):
    """Month test, EWMA and prediction interval for one block of series at the evaluated `columns`."""
    min_years, prior_df, ewma_lambda, ewma_months, min_count, alpha, min_reach = settings
    degrees = baseline.degrees
    with np.errstate(divide="ignore", invalid="ignore"):
        own = np.where(baseline.denominator > 0, baseline.numerator / baseline.denominator, pooled)
        expected = baseline.base_y / baseline.base_e * baseline.now
        # Predictive mean with one extra baseline event: for Poisson counts the predictive negative binomial
        # then gives exactly the conditional binomial test of the month against its baseline.
        mean = (baseline.base_y + 1) / baseline.base_e * baseline.now
        # Shrinkage weighted by information: the series' own estimate of a has variance about 2 (a + 1/mean)^2 / d,
        # the prior around the pool 2 a^2 / prior_df, so the pool weighs prior_df (1 + 1 / (a mean))^2 degrees of
        # freedom: a series of a few registrations a month says little about its extra-Poisson variation.
        prior_weight = prior_df * (1 + 1 / (pooled * mean)) ** 2
        shrunk = (degrees * own + prior_weight * pooled) / (degrees + prior_weight)
        dispersion = np.maximum(np.where(np.isinf(prior_weight), pooled, shrunk), 0.0)
        dispersion = np.broadcast_to(dispersion, expected.shape)
        # Relative variance of the estimated mean, then gamma mixing of both sources of extra variation.
        mean_variance = 1 / (baseline.base_y + 1) + dispersion * baseline.base_ee / baseline.base_e**2
        total_dispersion = dispersion + mean_variance + dispersion * mean_variance
    insufficient = np.broadcast_to(
        (baseline.n_years < min_years) | ~(baseline.base_e > 0) | ~(baseline.now > 0), expected.shape
    )
    history = counts[:, first:].astype(float)
    # Degrees of freedom behind the shrunk dispersion (the posterior's): d + the prior's weight.
    df = np.broadcast_to(degrees + prior_weight, expected.shape)
    df = np.where((df > _EXACT_DF) | (df <= 0), np.inf, df)
    valid_all = ~insufficient
    cells = np.nonzero(valid_all)
    broadcast = lambda values: np.broadcast_to(values, expected.shape)[cells]  # noqa: E731
    upper = np.full(expected.shape, np.nan)
    upper[cells] = 0.0
    p_trend = np.zeros((counts.shape[0], columns.size))
    residual = np.zeros(expected.shape)
    weights = [ewma_lambda * (1 - ewma_lambda) ** lag for lag in range(ewma_months)]
    past_ewma = []  # per node: the EWMA at the evaluated columns without its current term (known before the month)
    for node_weight, tail, mass in _predictive_nodes(
        history[cells], broadcast(dispersion), broadcast(df), broadcast(mean), broadcast(baseline.base_y),
        broadcast(baseline.base_e), broadcast(baseline.now),
    ):
        upper[cells] += node_weight * tail
        # Normal scores of the mid-p upper tail (quantile residuals): standard normal under no change given the
        # dispersion, so their EWMA has a normal tail, without the skew of count residuals; the EWMA's p-value is
        # averaged over the dispersion like the month's, as an error in it is shared by all months of the EWMA.
        residual[cells] = -special.ndtri(np.clip(tail - 0.5 * mass, 1e-300, 1.0))
        ewma = np.zeros_like(p_trend)
        ewma_variance = np.zeros_like(p_trend)
        for lag, weight in enumerate(weights):
            past = columns - lag
            weight = weight * (past >= 0)
            past = np.maximum(past, 0)
            ewma += weight * residual[:, past]
            ewma_variance += weight**2 * valid_all[:, past]
        with np.errstate(divide="ignore", invalid="ignore"):
            node_p = special.ndtr(-ewma / np.sqrt(ewma_variance))
        p_trend += node_weight * np.nan_to_num(node_p)
        past_ewma.append(ewma - ewma_lambda * residual[:, columns])

    blocked = insufficient[:, columns]
    valid = ~blocked
    observed = history[:, columns]
    with np.errstate(divide="ignore", invalid="ignore"):
        size = np.where(blocked, np.nan, 1 / total_dispersion[:, columns])
        prob = np.where(blocked, np.nan, 1 / (1 + total_dispersion[:, columns] * mean[:, columns]))
        trend_z = np.where(valid, -special.ndtri(np.clip(p_trend, 1e-300, 1.0)), np.nan)
        # Correlation of the standardised EWMA with its own current term (the month's normal score): its weight
        # over the EWMA's standard deviation.
        trend_rho = np.where(valid, ewma_lambda / np.sqrt(ewma_variance), np.nan)
    p_month = np.where(blocked, np.nan, upper[:, columns])
    reach = np.where(blocked, np.nan, _reach(min_count, dispersion, df, mean, baseline, columns))
    family = valid & (reach >= min_reach)  # the false-alarm budget needs the chances of the family's cells only
    at = lambda values: np.broadcast_to(values, expected.shape)[:, columns][family]  # noqa: E731
    with np.errstate(divide="ignore", invalid="ignore"):
        grid = _count_grid(
            min_count, alpha, at(dispersion), at(df), at(mean), at(baseline.base_y), at(baseline.base_e),
            at(baseline.now), np.stack([node[family] for node in past_ewma]), np.sqrt(ewma_variance[family]),
            trend_rho[family], ewma_lambda,
        )
    cell_rows, cell_cols = np.nonzero(family)
    return {
        "expected": np.where(blocked, np.nan, expected[:, columns]),
        "dispersion": np.where(blocked, np.nan, dispersion[:, columns]),
        "predictive_size": size,
        "predictive_prob": prob,
        "p_month": p_month,
        "trend_z": trend_z,
        "insufficient_history": blocked,
        "reach": reach,
        "trend_rho": trend_rho,
        "grid": (cell_rows, cell_cols, *grid),
    }


def early_warning(
    counts,
    exposure=None,
    *,
    start=None,
    years=5,
    window=0,
    min_years=2,
    prior_df=12.0,
    ewma_lambda=0.3,
    ewma_months=12,
    alpha=0.05,
    strong_alpha=0.01,
    min_count=3,
    min_reach=0.25,
    family="budget",
    budgets=None,
    levels=None,
    themes=None,
    coverage=None,
):
    """Seasonal early warning for many monthly count series at once (see the module description).

    Parameters
    ----------
    counts : array_like of int
        Counts per series and month, shape ``(n_series, n_months)`` (or ``(n_months,)`` for one series),
        oldest month first, no gaps.
    exposure : array_like, optional
        Population at risk, broadcastable to `counts` (for example ``(n_series, 1)`` or
        ``(n_series, n_months)``); None treats every month alike.
    start : int, optional
        Evaluate every month from this column on; None evaluates only the last month.
    years : int
        Number of previous years in the baseline.
    window : int
        Months on either side of the same calendar month that also enter the baseline mean. The default 0
        keeps sharp calendar effects (Oud en Nieuw in December and January, summer holidays) from spreading
        into neighbouring months; ``window=1`` gives a steadier mean for smooth seasonality.
    min_years : int
        Minimum number of baseline years; otherwise the month is flagged ``insufficient_history``.
    prior_df : float
        Weight, in degrees of freedom, of the pooled dispersion in each series' shrunk dispersion.
    ewma_lambda : float
        EWMA smoothing constant in (0, 1]; smaller reacts to slower rises.
    ewma_months : int
        Number of recent months (including the evaluated one) in the EWMA.
    alpha : float
        False discovery rate for an alert.
    strong_alpha : float
        q-value at or below which an alert becomes an alarm.
    min_count : int
        Minimum count in the evaluated month for a watch, alert or alarm.
    min_reach : float
        Series whose predictive probability of at least `min_count` registrations in the month is below this
        are left out of the family before any multiplicity correction (decided on the past alone, so the
        p-values of the family stay valid).
    family : {"budget", "theme_fdr", "fdr"}
        Control of the ``alert`` ("waarschuwing") severity. ``"budget"`` (default): a series of level L warns when
        ``p_value <= threshold``, the largest level (at most `alpha`) at which the expected number of false warnings
        among the tested series of L in the month, given the past, is at most ``budgets[L]``: the sum over those
        series of the predictive chance of reaching the first count (at least `min_count`) whose p-value is at or
        below the level. So about ``sum(budgets)`` false warnings a month are expected under no change; Bonferroni
        (``budgets[L] / n_L``) bounds the same expectation and leaves budget unused with discrete counts.
        ``"theme_fdr"``: Benjamini-Hochberg at `alpha` within each theme and month (gains when several areas of
        one theme rise together). ``"fdr"``: Benjamini-Hochberg at `alpha` over all series of the month.
        ``alarm`` is always the run-wide Benjamini-Hochberg q-value <= `strong_alpha`.
    budgets : dict, optional
        Expected false warnings per month per level label (default `DEFAULT_BUDGETS`).
    levels : array_like of str, optional
        Level label of every series (for example "wijk", "buurt"); None: one family with the summed budget.
    themes : array_like, optional
        Theme label of every series; needed for ``family="theme_fdr"``.
    coverage : array_like of float, optional
        Fraction of each month (column) covered by the data, for example days with events / days in the month;
        NaN is unknown and taken as whole. Partial months enter baselines in proportion (as exposure) and are
        never tested.

    Returns
    -------
    EarlyWarningResult

    Examples
    --------
    Three series over six years: a stable one, one with a December peak every year (no alarm: the
    baseline knows December) and one that climbs over the last six months:

    >>> rng = np.random.default_rng(7)
    >>> seasonal = np.tile([10] * 11 + [40], 6)
    >>> rising = np.r_[np.full(66, 10), [14, 17, 20, 24, 28, 32]]
    >>> counts = rng.poisson(np.vstack([np.full(72, 10), seasonal, rising]))
    >>> result = early_warning(counts)
    >>> [SEVERITY_LEVELS[level] for level in result.severity[:, -1]]
    ['none', 'none', 'alarm']
    >>> result.expected[:, -1]
    array([11.8, 35.2, 10.4])
    >>> lower, upper = result.prediction_interval(0.95)
    >>> np.c_[lower, upper]
    array([[ 5., 20.],
           [23., 49.],
           [ 4., 18.]])
    """
    counts = as_counts("counts", counts)
    if counts.ndim == 1:
        counts = counts[None, :]
    if counts.ndim != 2 or counts.shape[-1] == 0:
        raise ValueError(f"counts has shape {counts.shape}: expected (n_series, n_months) with n_months >= 1")
    n_months = counts.shape[-1]
    if exposure is not None:
        exposure = as_nonnegative("exposure", exposure)
        try:
            exposure = np.broadcast_to(exposure, counts.shape)
        except ValueError:
            raise ValueError(
                f"exposure has shape {exposure.shape}: it must broadcast to counts {counts.shape}"
            ) from None
    for name, value, low in (
        ("years", years, 1),
        ("window", window, 0),
        ("min_years", min_years, 1),
        ("ewma_months", ewma_months, 1),
        ("min_count", min_count, 0),
    ):
        if not isinstance(value, (int, np.integer)) or value < low:
            raise ValueError(f"{name}={value!r} is not valid: use a whole number >= {low}")
    if window > 5:
        raise ValueError(f"window={window!r} is not valid: at most 5 months on either side")
    if not 0 < ewma_lambda <= 1:
        raise ValueError(f"ewma_lambda={ewma_lambda!r} is not valid: it must lie in (0, 1]")
    for name, value in (("alpha", alpha), ("strong_alpha", strong_alpha)):
        if not 0 < value < 1:
            raise ValueError(f"{name}={value!r} is not valid: it must lie in (0, 1)")
    if not prior_df >= 0:
        raise ValueError(f"prior_df={prior_df!r} is not valid: it must be >= 0")
    if family not in FAMILIES:
        raise ValueError(f"family={family!r} is not valid: use one of {', '.join(FAMILIES)}")
    n_series = counts.shape[0]
    if levels is None:
        levels = np.full(n_series, "all")
        budgets = {"all": sum((budgets or DEFAULT_BUDGETS).values())}
    else:
        levels = np.asarray(levels).astype(str)
        if levels.shape != (n_series,):
            raise ValueError(f"levels has shape {levels.shape}: expected one label per series ({n_series},)")
        budgets = dict(DEFAULT_BUDGETS if budgets is None else budgets)
    if family == "budget":
        missing = sorted(set(np.unique(levels)) - set(budgets))
        if missing:
            raise ValueError(f"budgets has no false-alarm budget for level(s) {', '.join(missing)}")
        for name, value in budgets.items():
            if not (isinstance(value, (int, float, np.number)) and 0 < value <= n_series):
                raise ValueError(f"budgets[{name!r}]={value!r} is not valid: use an expected number of false "
                                 f"warnings per month > 0")
    if family == "theme_fdr":
        if themes is None:
            raise ValueError("family='theme_fdr' needs themes: one theme label per series")
        themes = np.asarray(themes)
        if themes.shape != (n_series,):
            raise ValueError(f"themes has shape {themes.shape}: expected one label per series ({n_series},)")
    if coverage is not None:
        coverage = np.asarray(coverage, dtype=float)
        if coverage.shape != (n_months,):
            raise ValueError(f"coverage has shape {coverage.shape}: expected one fraction per month ({n_months},)")
        known = coverage[~np.isnan(coverage)]
        if ((known < 0) | (known > 1)).any():
            index = int(np.flatnonzero((coverage < 0) | (coverage > 1))[0])
            raise ValueError(f"coverage[{index}]={float(coverage[index])!r} is not valid: a covered fraction lies in [0, 1]")
        if (known < 1).any():
            # A partial month enters baselines in proportion to the days it covers, and is never evaluated.
            scale = np.nan_to_num(coverage, nan=1.0)
            exposure = scale[None, :] if exposure is None else exposure * scale[None, :]
            exposure = np.broadcast_to(exposure, counts.shape)
    if start is None:
        months = np.array([n_months - 1])
    elif isinstance(start, (int, np.integer)) and 0 <= start < n_months:
        months = np.arange(start, n_months)
    else:
        raise ValueError(f"start={start!r} is not valid: use None or a month index in 0..{n_months - 1}")

    first = max(0, int(months[0]) - ewma_months + 1)
    blocks = [slice(a, a + _SERIES_PER_BLOCK) for a in range(0, counts.shape[0], _SERIES_PER_BLOCK)]
    baselines = [
        _baseline(counts[rows], None if exposure is None else exposure[rows], first, years, window)
        for rows in blocks
    ]
    pooled_numerator = sum(baseline.numerator.sum(axis=0) for baseline in baselines)
    pooled_denominator = sum(baseline.denominator.sum(axis=0) for baseline in baselines)
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled = np.maximum(np.where(pooled_denominator > 0, pooled_numerator / pooled_denominator, 0.0), 0.0)

    settings = (min_years, prior_df, ewma_lambda, ewma_months, min_count, alpha, min_reach)
    shape = (counts.shape[0], months.size)
    names = ("expected", "dispersion", "predictive_size", "predictive_prob", "p_month", "trend_z", "reach", "trend_rho")
    out = {name: np.empty(shape) for name in names}
    out["insufficient_history"] = np.empty(shape, dtype=bool)
    grids = []
    for rows, baseline in zip(blocks, baselines):
        for name, values in _evaluate(
            counts[rows], baseline, pooled, months - first, first, settings
        ).items():
            if name == "grid":
                cell_rows, cell_cols, cell, level, chance, rest = values
                grids.append((cell_rows + rows.start, cell_cols, cell, level, chance, rest))
            else:
                out[name][rows] = values
    grid = _merge_grids(grids, shape)

    observed = counts[:, months]
    blocked = out["insufficient_history"]
    if coverage is not None:
        partial = ~(coverage[months] >= 1)  # NaN (unknown) coverage is not a full month either
        out["partial"] = np.broadcast_to(partial, observed.shape)
    else:
        out["partial"] = np.zeros(observed.shape, dtype=bool)
    p_trend = special.ndtr(-out["trend_z"])  # the dispersion-averaged EWMA p-value (trend_z is its normal score)
    p_value = _combined_p(out.pop("trend_rho"), out["p_month"], p_trend)
    # min_count decides who is in the family before any correction, from the past alone (so the p-values of the
    # family stay valid): series that reach min_count with a predictive chance below min_reach are not tested.
    # A tested series warns only with at least min_count registrations in the month.
    tested = ~blocked & ~out["partial"] & (out["reach"] >= min_reach)
    family_p = np.where(tested, p_value, np.nan)
    q_value, _ = benjamini_hochberg(family_p, alpha, axis=0)
    threshold = _warning_threshold(family_p, tested, levels, themes, family, budgets, alpha, grid)
    tested = tested & (observed >= min_count)
    warning = tested & (family_p <= threshold)
    severity = np.select(
        [
            blocked,
            tested & (q_value <= strong_alpha),
            warning,
            ~blocked & ~out["partial"] & (observed >= min_count) & (p_value <= alpha),
        ],
        [0, 4, 3, 2],
        1,
    )
    return EarlyWarningResult(
        months=months,
        observed=observed,
        p_trend=p_trend,
        p_value=p_value,
        q_value=q_value,
        threshold=threshold,
        alert=severity >= 3,
        severity=severity,
        **out,
    )


def _combined_p(rho, p_month, p_trend):
    """``P(max(Z1, Z2) >= c)`` with ``c`` the normal score of ``min(p_month, p_trend)``, Z bivariate normal with `rho`.

    The month test and the EWMA are two views of the same standard normal residuals: the EWMA's correlation with
    its current month is ``rho`` (its weight over the EWMA's standard deviation, about 0.71 for lambda 0.3). The
    smaller p-value is therefore referred to the exact distribution of the larger of two normal scores with that
    correlation (a min-P combination with known correlation :cite:`westfall1993`), not to the Bonferroni bound
    ``2 * min(...)``, which assumes nothing about their dependence. Owen's T gives the bivariate normal orthant
    :cite:`owen1956`: ``P(max >= c) = Phi(-c) + 2 T(c, sqrt((1 - rho) / (1 + rho)))``. The result lies between
    ``min(p_month, p_trend)`` (rho 1) and ``1 - (1 - min) ** 2`` (rho 0), always below the Bonferroni bound.
    """
    smallest = np.minimum(p_month, p_trend)
    with np.errstate(invalid="ignore"):
        c = -special.ndtri(np.clip(smallest, 1e-300, 1.0))
        ratio = np.sqrt(np.clip((1 - rho) / (1 + rho), 0.0, 1.0))
        combined = special.ndtr(-c) + 2 * special.owens_t(c, ratio)
    return np.where(np.isnan(smallest), np.nan, np.clip(np.maximum(combined, smallest), 0.0, 1.0))


def _merge_grids(grids, shape):
    """The count grids of all blocks (see `_count_grid`) as flat arrays over the cells of ``shape``.

    Returns ``(cell, level, chance, rest)``: per entry the flat cell index (row * months + column), ``cp(k)`` and
    ``P(X = k)``; ``rest`` per cell (shape ``shape``) the chance beyond the followed counts.
    """
    rest = np.zeros(shape)
    cells, levels, chances = [], [], []
    for cell_rows, cell_cols, cell, level, chance, beyond in grids:
        flat = cell_rows * shape[1] + cell_cols
        rest.flat[flat] = beyond
        cells.append(flat[cell])
        levels.append(level)
        chances.append(chance)
    if not cells:
        return np.zeros(0, dtype=int), np.zeros(0), np.zeros(0), rest
    return np.concatenate(cells), np.concatenate(levels), np.concatenate(chances), rest


def _budget_threshold(groups, n_groups, budget, alpha, grid):
    """Per group (level x month), the largest level t whose expected number of false warnings is within budget.

    ``groups`` gives each cell (flat, as in `_merge_grids`) its group, -1 for cells outside the family. The expected
    number of warnings at level t without any change is the sum over the family of ``P(X >= k_t)`` (see
    `_count_grid`): the chances beyond the followed counts plus every entry with ``cp(k) <= t``. Entries are sorted
    by ``cp`` within the group and summed; t is taken halfway (geometrically) between the last entry that keeps the
    sum within ``budget`` and the next one (any value in between gives the same warnings), and at most ``alpha``.
    """
    cell, level, chance, rest = grid
    in_family = groups.ravel() >= 0
    base = np.bincount(groups.ravel()[in_family], weights=rest.ravel()[in_family], minlength=n_groups)
    group = groups.ravel()[cell]
    keep = group >= 0
    group, level, chance = group[keep], level[keep], chance[keep]
    order = np.lexsort((level, group))
    group, level, chance = group[order], level[order], chance[order]
    cumulative = np.cumsum(chance)
    starts = np.searchsorted(group, np.arange(n_groups))
    ends = np.searchsorted(group, np.arange(n_groups), side="right")
    before = np.r_[0.0, cumulative][starts]
    spent = base[group] + cumulative - before[group]
    within = spent <= budget[group]
    threshold = np.full(n_groups, alpha)
    for g in range(n_groups):
        if starts[g] == ends[g]:
            continue
        inside = within[starts[g] : ends[g]]
        last = int(np.argmin(inside)) - 1 if not inside.all() else ends[g] - starts[g] - 1  # within is monotone
        if last == ends[g] - starts[g] - 1 and inside.all():
            continue  # every count up to alpha fits in the budget
        upper = level[starts[g] + last + 1]
        lower = level[starts[g] + last] if last >= 0 else upper / 4
        threshold[g] = min(alpha, np.sqrt(lower * upper))
    return threshold


def _warning_threshold(family_p, tested, levels, themes, family, budgets, alpha, grid):
    """The p-value at or below which a tested series warns, per series and month (NaN: not tested).

    ``budget``: per level and month the largest level whose expected number of false warnings, from the past and
    the predictive distributions, is at most the level's budget (`_budget_threshold`), at most ``alpha``; ``fdr``:
    the Benjamini-Hochberg cut-off at ``alpha`` over all tested series of the month; ``theme_fdr``: the same within
    each theme.
    """
    threshold = np.full(family_p.shape, np.nan)
    if family == "budget":
        names = list(np.unique(levels))
        level_index = np.searchsorted(names, levels)
        n_months = family_p.shape[1]
        groups = np.where(tested, level_index[:, None] * n_months + np.arange(n_months), -1)
        budget = np.repeat([float(budgets[name]) for name in names], n_months)
        cut = _budget_threshold(groups, len(names) * n_months, budget, alpha, grid)
        threshold = np.where(tested, cut[np.maximum(groups, 0)], np.nan)
        return threshold
    groups = np.zeros(family_p.shape[0], dtype=int) if family == "fdr" else np.unique(themes, return_inverse=True)[1]
    for group in np.unique(groups):
        rows = groups == group
        q, _ = benjamini_hochberg(family_p[rows], alpha, axis=0)
        # The BH cut-off: the largest p whose q-value is <= alpha (a series warns exactly when its q <= alpha).
        passing = np.where(q <= alpha, family_p[rows], -np.inf).max(axis=0)
        cut = np.where(np.isfinite(passing), passing, 0.0)
        threshold[rows] = np.where(tested[rows], cut, np.nan)
    return threshold
