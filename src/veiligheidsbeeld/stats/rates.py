"""Rates per 1,000 inhabitants with small-number handling.

Areas with very few inhabitants (industrial estates, parks, a buurt under construction) produce rates that say
nothing: two registrations among 20 inhabitants is "100 per 1,000". `rate_per_1000` leaves those areas out
(NaN) below a minimum population; `eb_smooth` shrinks the remaining unstable rates toward the overall rate with
global empirical Bayes :cite:`marshall1991`, so that small areas no longer dominate the top and bottom of a
ranking by chance alone.
"""

import numpy as np
from scipy import special

from ._checks import as_nonnegative

__all__ = ["eb_smooth", "poisson_interval", "rate_per_1000"]

PER = 1000.0


def _counts_and_population(counts, population):
    counts = as_nonnegative("counts", counts, allow_nan=True)
    population = as_nonnegative("population", population)
    try:
        return np.broadcast_arrays(counts, population)
    except ValueError:
        raise ValueError(
            f"counts (shape {counts.shape}) and population (shape {population.shape}) do not broadcast: "
            "population needs one value per area (the last axis of counts)"
        ) from None


def rate_per_1000(counts, population, min_population=50):
    """Crude rate per 1,000 inhabitants, NaN where the population is below `min_population`.

    Parameters
    ----------
    counts : array_like
        Event counts with areas on the last axis; leading axes (periods, themes) are computed independently.
        NaN marks a missing count and gives a NaN rate for that entry only.
    population : array_like
        Inhabitants per area, broadcastable to `counts` (for example shape ``(n_areas,)``).
    min_population : float
        Areas with fewer inhabitants get NaN. Never spreads: other entries are unaffected.

    Returns
    -------
    numpy.ndarray
        ``1000 * counts / population`` with the shape of the broadcast inputs.

    Examples
    --------
    >>> rate_per_1000([12, 3, 0], [4_000, 30, 1_000])
    array([ 3., nan,  0.])
    """
    counts, population = _counts_and_population(counts, population)
    rates = np.full(counts.shape, np.nan)
    shown = population >= max(min_population, np.finfo(float).tiny)
    rates[shown] = PER * counts[shown] / population[shown]
    return rates


def eb_smooth(counts, population, min_population=50):
    """Global empirical Bayes smoothed rates per 1,000 inhabitants :cite:`marshall1991`.

    Each area's crude rate :math:`r_i = y_i / n_i` is shrunk toward the overall rate
    :math:`b = \\sum y / \\sum n` with weight :math:`w_i = a / (a + b / n_i)`, where
    :math:`a = \\sum n_i (r_i - b)^2 / \\sum n_i - b / \\bar n` is the moment estimate of the between-area
    variance of the true rates (:math:`\\bar n` the mean population). Large areas keep their own rate,
    small areas move toward the mean.

    Parameters
    ----------
    counts : array_like
        Event counts with areas on the last axis; every slice along the leading axes (for example each year)
        is smoothed separately. NaN marks a missing count.
    population : array_like
        Inhabitants per area, broadcastable to `counts`.
    min_population : float
        Areas below this population (and areas with a missing count) are left out of the estimate of
        :math:`b` and :math:`a` and get NaN.

    Returns
    -------
    numpy.ndarray
        Smoothed rates per 1,000 inhabitants, the shape of the broadcast inputs.

    Notes
    -----
    When the estimate of :math:`a` is negative (less variation than Poisson noise alone would give) it is set
    to 0 as Marshall prescribes, so every area gets the overall rate. esda's ``Empirical_Bayes`` does not
    truncate and then returns weights below 0; otherwise the two agree.

    Examples
    --------
    Four areas; the smallest (100 inhabitants, crude rate 30 per 1,000) moves most toward the overall rate:

    >>> rate_per_1000([12, 30, 3, 150], [1_000, 8_000, 100, 40_000])
    array([12.  ,  3.75, 30.  ,  3.75])
    >>> eb_smooth([12, 30, 3, 150], [1_000, 8_000, 100, 40_000]).round(3)
    array([7.009, 3.788, 5.465, 3.759])
    """
    counts, population = _counts_and_population(counts, population)
    used = (population >= max(min_population, np.finfo(float).tiny)) & ~np.isnan(counts)
    y = np.where(used, counts, 0.0)
    n = np.where(used, population, 0.0)
    n_areas = used.sum(axis=-1, keepdims=True)
    total_n = n.sum(axis=-1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        overall = y.sum(axis=-1, keepdims=True) / total_n
        raw = np.where(used, y / n, 0.0)
        spread = (n * (raw - overall) ** 2).sum(axis=-1, keepdims=True) / total_n
        between = np.maximum(spread - overall / (total_n / n_areas), 0.0)
        weight = np.where(between > 0, between / (between + overall / n), 0.0)
    smoothed = weight * raw + (1 - weight) * overall
    return np.where(used, PER * smoothed, np.nan)


def poisson_interval(counts, *, alpha=0.05):
    """Exact (Garwood) confidence interval of the mean of a Poisson count :cite:`garwood1936`.

    Divide by the exposure (inhabitants / 1,000) for the interval of a rate per 1,000. Reproduces
    ``statsmodels.stats.rates.confint_poisson(count, 1, method="exact-c")``.

    Parameters
    ----------
    counts : array_like
        Non-negative whole numbers.
    alpha : float
        1 - confidence level, in (0, 1).

    Returns
    -------
    lower, upper : numpy.ndarray
        ``chi2.ppf(alpha / 2, 2k) / 2`` (0 for k = 0) and ``chi2.ppf(1 - alpha / 2, 2k + 2) / 2``.

    Examples
    --------
    >>> lower, upper = poisson_interval([0, 10])
    >>> lower.round(3), upper.round(3)
    (array([0.   , 4.795]), array([ 3.689, 18.39 ]))
    """
    if not 0 < alpha < 1:
        raise ValueError(f"alpha={alpha!r} is not valid: it must lie strictly between 0 and 1")
    k = as_nonnegative("counts", counts)
    if (k != np.round(k)).any():
        from ._checks import reject_first

        reject_first("counts", k, k != np.round(k), "must be a whole number")
    lower = np.where(k == 0, 0.0, special.gammaincinv(np.where(k == 0, 1, k), alpha / 2))
    upper = special.gammaincinv(k + 1, 1 - alpha / 2)
    return lower, upper
