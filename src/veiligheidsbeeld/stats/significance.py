"""Significance of differences between rates and control of the false discovery rate.

`poisson_rate_test` compares two Poisson rates (for example this year's and last year's registrations per
inhabitant of one area) for many areas at once; `benjamini_hochberg` turns the resulting p-values into
q-values so that a report listing "significant" changes for hundreds of areas keeps the expected share of
false discoveries at `alpha`.
"""

from dataclasses import dataclass

import numpy as np
from scipy import special

from ._checks import as_counts, as_nonnegative, check_option, reject_first

__all__ = ["PoissonRateTestResult", "benjamini_hochberg", "poisson_rate_test", "rate_ratio_interval"]

RATE_TEST_METHODS = ("score", "sqrt")
ALTERNATIVES = ("two-sided", "larger", "smaller")


@dataclass(frozen=True)
class PoissonRateTestResult:
    """Result of `poisson_rate_test`; every attribute has the broadcast shape of the inputs.

    Attributes
    ----------
    statistic : numpy.ndarray
        Standard normal test statistic; positive when rate 1 exceeds rate 2.
    p_value : numpy.ndarray
        p-value for the requested alternative.
    rate_ratio : numpy.ndarray
        Observed ratio ``(count1 / exposure1) / (count2 / exposure2)``; ``inf`` when ``count2`` is 0 and
        NaN when both counts are 0.
    """

    statistic: np.ndarray
    p_value: np.ndarray
    rate_ratio: np.ndarray


def poisson_rate_test(count1, exposure1, count2, exposure2, *, method="score", alternative="two-sided"):
    """Test whether two Poisson rates are equal, vectorised over any number of comparisons.

    The null hypothesis is ``rate1 / rate2 = 1`` with ``rate = count / exposure``. The statistics are those
    recommended by :cite:`gu2008` for the ratio of two Poisson rates and reproduce
    ``statsmodels.stats.rates.test_poisson_2indep(..., compare="ratio")`` with the same `method`.

    Parameters
    ----------
    count1, count2 : array_like
        Event counts (non-negative whole numbers); broadcast against each other and the exposures.
    exposure1, exposure2 : array_like
        Positive exposures, such as inhabitants times years.
    method : {"score", "sqrt"}
        ``"score"`` (default): the score test W2A of :cite:`gu2008`, variance estimated under the null.
        ``"sqrt"``: the variance-stabilising square-root test W5A, slightly more accurate for small counts.
    alternative : {"two-sided", "larger", "smaller"}
        ``"larger"`` tests ``rate1 > rate2``.

    Returns
    -------
    PoissonRateTestResult

    Notes
    -----
    When both counts are 0 there is no evidence of a difference: the score statistic (0/0 in statsmodels)
    is reported as 0 with p-value 1.

    Examples
    --------
    Areas with 30 and 12 registrations on 10,000 inhabitants this year, against 18 and 12 last year:

    >>> result = poisson_rate_test([30, 12], 10_000, [18, 12], 10_000)
    >>> result.statistic.round(4)
    array([1.7321, 0.    ])
    >>> result.p_value.round(4)
    array([0.0833, 1.    ])
    """
    check_option("method", method, RATE_TEST_METHODS)
    check_option("alternative", alternative, ALTERNATIVES)
    y1 = as_counts("count1", count1)
    y2 = as_counts("count2", count2)
    n1 = as_nonnegative("exposure1", exposure1)
    n2 = as_nonnegative("exposure2", exposure2)
    for name, exposure in (("exposure1", n1), ("exposure2", n2)):
        if (exposure == 0).any():
            raise ValueError(f"{name} contains 0: exposures must be positive")
    y1, n1, y2, n2 = np.broadcast_arrays(y1, n1, y2, n2)
    ratio_null = n1 / n2  # expected count1 / count2 when the rates are equal
    with np.errstate(divide="ignore", invalid="ignore"):
        if method == "score":
            statistic = (y1 - y2 * ratio_null) / np.sqrt((y1 + y2) * ratio_null)
            statistic = np.where(y1 + y2 == 0, 0.0, statistic)
        else:
            statistic = 2 * (np.sqrt(y1 + 3 / 8) - np.sqrt((y2 + 3 / 8) * ratio_null))
            statistic = statistic / np.sqrt(1 + ratio_null)
        rate_ratio = (y1 / n1) / (y2 / n2)
    if alternative == "two-sided":
        p_value = 2 * special.ndtr(-np.abs(statistic))
    elif alternative == "larger":
        p_value = special.ndtr(-statistic)
    else:
        p_value = special.ndtr(statistic)
    return PoissonRateTestResult(statistic=statistic, p_value=p_value, rate_ratio=rate_ratio)


def benjamini_hochberg(p_values, alpha=0.05, *, axis=None):
    """Benjamini-Hochberg adjusted p-values (q-values) and the rejection mask at level `alpha`.

    The step-up procedure of :cite:`benjamini1995` controls the false discovery rate at `alpha` for
    independent or positively dependent tests; it reproduces ``statsmodels.stats.multitest.multipletests(p,
    alpha, method="fdr_bh")``.

    Parameters
    ----------
    p_values : array_like
        p-values in [0, 1]. NaN marks a test that was not carried out: it gets a NaN q-value, is never
        rejected and does not count towards the number of tests.
    alpha : float
        False discovery rate to control, in (0, 1).
    axis : int or None
        None (default): all p-values form one family. An integer: each slice along the other axes is a
        separate family of tests along `axis` (for example one family per month).

    Returns
    -------
    q_values : numpy.ndarray
        Adjusted p-values, same shape as `p_values`.
    reject : numpy.ndarray of bool
        ``q_values <= alpha``.

    Examples
    --------
    >>> q, reject = benjamini_hochberg([0.001, 0.009, 0.04, 0.2, np.nan])
    >>> q.round(4)
    array([0.004 , 0.018 , 0.0533, 0.2   ,    nan])
    >>> reject
    array([ True,  True, False, False, False])
    """
    if not 0 < alpha < 1:
        raise ValueError(f"alpha={alpha!r} is not valid: it must lie strictly between 0 and 1")
    p = np.asarray(p_values, dtype=float)
    finite = ~np.isnan(p)
    if ((p[finite] < 0) | (p[finite] > 1)).any():
        reject_first("p_values", p, finite & ((p < 0) | (p > 1)), "p-values must lie in [0, 1]")
    if axis is None:
        families = p.reshape(1, -1)
    else:
        families = np.moveaxis(p, axis, -1)
        families = families.reshape(-1, families.shape[-1])
    order = np.argsort(families, axis=-1)  # NaN sorts last
    ranked = np.take_along_axis(families, order, axis=-1)
    n_tests = (~np.isnan(ranked)).sum(axis=-1, keepdims=True)
    rank = np.arange(1, ranked.shape[-1] + 1)
    stepped = ranked * n_tests / rank
    q_ranked = np.minimum(np.fmin.accumulate(stepped[:, ::-1], axis=-1)[:, ::-1], 1.0)
    q_families = np.empty_like(q_ranked)
    np.put_along_axis(q_families, order, q_ranked, axis=-1)
    if axis is None:
        q = q_families.reshape(p.shape)
    else:
        moved_shape = np.moveaxis(p, axis, -1).shape
        q = np.moveaxis(q_families.reshape(moved_shape), -1, axis)
    return q, q <= alpha


def rate_ratio_interval(count1, exposure1, count2, exposure2, *, alpha=0.05):
    """Score confidence interval of the ratio of two Poisson rates, the inversion of `poisson_rate_test`.

    Given the total ``count1 + count2 = N``, ``count1`` is binomial with ``p = R d / (1 + R d)`` where ``R`` is
    the rate ratio and ``d = exposure1 / exposure2``. The Wilson score interval for ``p`` :cite:`wilson1927`,
    mapped back to ``R``, is the set of ratios the score test W2A of :cite:`gu2008` does not reject at `alpha`:
    the interval excludes 1 exactly when ``poisson_rate_test(...).p_value < alpha``. It reproduces
    ``statsmodels.stats.rates.confint_poisson_2indep(..., method="score", compare="ratio")``.

    Parameters
    ----------
    count1, count2 : array_like
        Event counts (non-negative whole numbers), broadcast against each other and the exposures.
    exposure1, exposure2 : array_like
        Positive exposures.
    alpha : float
        1 - confidence level, in (0, 1).

    Returns
    -------
    lower, upper : numpy.ndarray
        Bounds of the rate ratio; ``lower`` is 0 when ``count1`` is 0, ``upper`` is ``inf`` when ``count2`` is 0,
        and both are NaN when both counts are 0 (no information).

    Examples
    --------
    30 registrations this year against 18 last year, same population:

    >>> lower, upper = rate_ratio_interval(30, 10_000, 18, 10_000)
    >>> round(float(lower), 4), round(float(upper), 4)
    (0.9366, 2.9659)
    """
    if not 0 < alpha < 1:
        raise ValueError(f"alpha={alpha!r} is not valid: it must lie strictly between 0 and 1")
    y1 = as_counts("count1", count1)
    y2 = as_counts("count2", count2)
    n1 = as_nonnegative("exposure1", exposure1)
    n2 = as_nonnegative("exposure2", exposure2)
    for name, exposure in (("exposure1", n1), ("exposure2", n2)):
        if (exposure == 0).any():
            raise ValueError(f"{name} contains 0: exposures must be positive")
    y1, n1, y2, n2 = np.broadcast_arrays(y1, n1, y2, n2)
    z = special.ndtri(1 - alpha / 2)
    total = y1 + y2
    with np.errstate(divide="ignore", invalid="ignore"):
        share = y1 / total
        centre = (share + z**2 / (2 * total)) / (1 + z**2 / total)
        half = z / (1 + z**2 / total) * np.sqrt(share * (1 - share) / total + z**2 / (4 * total**2))
        p_low, p_high = np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)
        d = n1 / n2
        lower = np.where(y1 == 0, 0.0, p_low / (1 - p_low) / d)
        upper = np.where(y2 == 0, np.inf, p_high / (1 - p_high) / d)
    empty = total == 0
    return np.where(empty, np.nan, lower), np.where(empty, np.nan, upper)
