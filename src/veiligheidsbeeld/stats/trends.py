"""Monotonic trend tests: Mann-Kendall, seasonal Mann-Kendall and Sen's slope.

Both tests are rank based, so they need no distributional assumption and are robust to outliers; they work
on many series at once (time on the last axis) and reproduce ``pymannkendall`` :cite:`hussain2019`
(``original_test``, ``hamed_rao_modification_test`` and ``seasonal_test``).
"""

from dataclasses import dataclass

import numpy as np
from scipy import special

from ._checks import check_option, reject_first

__all__ = ["MannKendallResult", "mann_kendall", "seasonal_mann_kendall", "sens_slope"]

AUTOCORRELATION_METHODS = (None, "hamed_rao")
_SLOPE_CHUNK = 1 << 22  # pairwise slopes held in memory at once


@dataclass(frozen=True)
class MannKendallResult:
    """Result of a Mann-Kendall test; every attribute has the shape of the input without its time axis.

    Attributes
    ----------
    s : numpy.ndarray
        Mann-Kendall score: concordant minus discordant pairs.
    var_s : numpy.ndarray
        Variance of `s` under the null hypothesis, corrected for ties (and autocorrelation if requested).
    z : numpy.ndarray
        Continuity-corrected standard normal statistic; positive for an increasing trend.
    p : numpy.ndarray
        Two-sided p-value.
    tau : numpy.ndarray
        Kendall's tau: `s` divided by the number of pairs.
    slope : numpy.ndarray
        Sen's slope per time step (per cycle for the seasonal test).
    intercept : numpy.ndarray
        Intercept of the Kendall-Theil line at time index 0.
    """

    s: np.ndarray
    var_s: np.ndarray
    z: np.ndarray
    p: np.ndarray
    tau: np.ndarray
    slope: np.ndarray
    intercept: np.ndarray


def _result(**fields):
    """MannKendallResult with every field as an array (0-d for a single series)."""
    return MannKendallResult(**{name: np.asarray(value, dtype=float) for name, value in fields.items()})


def _score_and_variance(x):
    """Mann-Kendall S, its tie-corrected variance and the number of valid values along the last axis."""
    valid = ~np.isnan(x)
    n = valid.sum(axis=-1)
    s = np.zeros(x.shape[:-1])
    tied = np.zeros(x.shape)  # per value: how many other values equal it
    for lag in range(1, x.shape[-1]):
        later, earlier = x[..., lag:], x[..., :-lag]
        s += (later > earlier).sum(axis=-1) - (later < earlier).sum(axis=-1)
        equal = later == earlier
        tied[..., lag:] += equal
        tied[..., :-lag] += equal
    group = tied + 1  # size of the tie group each value belongs to
    ties = np.where(valid, (group - 1) * (2 * group + 5), 0.0).sum(axis=-1)
    var_s = (n * (n - 1) * (2 * n + 5) - ties) / 18
    return s, var_s, n


def _z_and_p(s, var_s):
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(s == 0, 0.0, (s - np.sign(s)) / np.sqrt(var_s))
    return z, 2 * special.ndtr(-np.abs(z))


def _median_pairwise(values, distances):
    """NaN-ignoring median over the last axis of pairwise differences divided by their distances."""
    slopes = values / distances
    return np.nanmedian(slopes, axis=-1) if np.isnan(slopes).any() else np.median(slopes, axis=-1)


def _chunked(x, function):
    """Apply `function` to chunks of series (flattened leading axes) to bound the memory of pairwise slopes."""
    flat = x.reshape(-1, x.shape[-1])
    size = max(1, _SLOPE_CHUNK // max(1, x.shape[-1] ** 2))
    parts = [function(flat[start : start + size]) for start in range(0, flat.shape[0], size)]
    return np.concatenate(parts).reshape(x.shape[:-1]) if parts else np.empty(x.shape[:-1])


def _index_median(x):
    """Median time index of the non-missing values of each series."""
    index = np.where(np.isnan(x), np.nan, np.arange(x.shape[-1], dtype=float))
    return np.nanmedian(index, axis=-1)


def sens_slope(x):
    """Sen's slope: the median of all pairwise slopes :cite:`sen1968`, and the Kendall-Theil intercept.

    Parameters
    ----------
    x : array_like
        Series with time on the last axis; NaN marks a missing value.

    Returns
    -------
    slope, intercept : numpy.ndarray
        Per series; the intercept is ``median(x) - median(t) * slope`` (Conover's estimator, as pymannkendall).

    Examples
    --------
    >>> sens_slope([3.0, 5.0, 4.0, 8.0, 9.0])
    (array(1.5), array(2.))
    """
    x = np.asarray(x, dtype=float)
    i, j = np.triu_indices(x.shape[-1], k=1)

    def slope_of(chunk):
        return _median_pairwise(chunk[:, j] - chunk[:, i], (j - i).astype(float))

    with np.errstate(all="ignore"):
        slope = _chunked(x, slope_of)
        intercept = np.nanmedian(x, axis=-1) - _index_median(x) * slope
    return np.asarray(slope), np.asarray(intercept)


def _average_ranks(x):
    """Ranks 1..n along the last axis, ties sharing their average rank (as ``scipy.stats.rankdata``)."""
    below = np.zeros(x.shape)
    tied = np.zeros(x.shape)
    for lag in range(1, x.shape[-1]):
        later, earlier = x[..., lag:], x[..., :-lag]
        below[..., lag:] += earlier < later
        below[..., :-lag] += later < earlier
        equal = later == earlier
        tied[..., lag:] += equal
        tied[..., :-lag] += equal
    return below + 1 + tied / 2


def _hamed_rao_factor(x, slope, alpha, lag):
    """Variance inflation factor n/n* of :cite:`hamed1998` from significant autocorrelations of detrended ranks."""
    n = x.shape[-1]
    detrended = x - np.arange(1, n + 1) * slope[..., None]
    ranks = _average_ranks(detrended)
    centred = ranks - ranks.mean(axis=-1, keepdims=True)
    variance = (centred**2).sum(axis=-1)
    bound = special.ndtri(1 - alpha / 2) / np.sqrt(n)
    total = np.zeros(x.shape[:-1])
    for k in range(1, min(lag, n - 1) + 1):
        with np.errstate(divide="ignore", invalid="ignore"):
            acf = (centred[..., :-k] * centred[..., k:]).sum(axis=-1) / variance
        significant = np.abs(acf) > bound
        total += np.where(significant, (n - k) * (n - k - 1) * (n - k - 2) * acf, 0.0)
    return 1 + 2 / (n * (n - 1) * (n - 2)) * total


def mann_kendall(x, *, autocorrelation=None, lag=None, alpha=0.05):
    """Mann-Kendall trend test :cite:`mann1945,kendall1975` with Sen's slope, for many series at once.

    Parameters
    ----------
    x : array_like
        Series with time on the last axis (for example shape ``(n_areas, n_months)``). NaN marks a missing
        value, which is skipped (not allowed with an autocorrelation correction).
    autocorrelation : {None, "hamed_rao"}
        None: the original test, which assumes independent observations. ``"hamed_rao"``: inflate the
        variance of S by the factor of :cite:`hamed1998`, computed from the significant autocorrelations of the
        ranks of the detrended series; use it for monthly series whose errors persist from month to month.
    lag : int or None
        Number of autocorrelation lags for ``"hamed_rao"``; None uses all ``n - 1`` lags (as pymannkendall).
    alpha : float
        Significance level at which an autocorrelation counts as significant for ``"hamed_rao"``.

    Returns
    -------
    MannKendallResult

    Examples
    --------
    >>> result = mann_kendall([[1.0, 3.0, 2.0, 5.0, 4.0, 6.0], [6.0, 5.0, 5.0, 4.0, 2.0, 1.0]])
    >>> result.s, result.z.round(4), result.p.round(4)
    (array([ 11., -14.]), array([ 1.8787, -2.4865]), array([0.0603, 0.0129]))
    >>> result.slope
    array([ 1., -1.])
    """
    check_option("autocorrelation", autocorrelation, AUTOCORRELATION_METHODS)
    x = np.asarray(x, dtype=float)
    if x.ndim == 0 or x.shape[-1] < 2:
        raise ValueError(f"x has shape {x.shape}: a series needs at least 2 time points on the last axis")
    s, var_s, n = _score_and_variance(x)
    slope, intercept = sens_slope(x)
    if autocorrelation == "hamed_rao":
        if np.isnan(x).any():
            reject_first("x", x, np.isnan(x), "the Hamed-Rao correction needs complete series (no NaN)")
        if x.shape[-1] < 3:
            raise ValueError(f"x has {x.shape[-1]} time points: the Hamed-Rao correction needs at least 3")
        var_s = var_s * _hamed_rao_factor(x, slope, alpha, x.shape[-1] - 1 if lag is None else lag)
    z, p = _z_and_p(s, var_s)
    with np.errstate(divide="ignore", invalid="ignore"):
        tau = s / (0.5 * n * (n - 1))
    return _result(s=s, var_s=var_s, z=z, p=p, tau=tau, slope=slope, intercept=intercept)


def seasonal_mann_kendall(x, period=12):
    """Seasonal Mann-Kendall test with the seasonal Sen's slope :cite:`hirsch1982`.

    The series is cut into cycles of `period` (years of 12 months); the Mann-Kendall score and its variance
    are computed per season (each calendar month across the years) and summed, so a stable seasonal pattern
    (more bicycle thefts in autumn) is not mistaken for a trend. The slope is the median of all within-season
    pairwise slopes and is expressed per cycle (per year).

    Parameters
    ----------
    x : array_like
        Series with time on the last axis, starting at the first season; a last incomplete cycle is padded
        with NaN (missing), as pymannkendall does.
    period : int
        Number of seasons per cycle.

    Returns
    -------
    MannKendallResult
        `slope` is per cycle; `intercept` is ``median(x) - median(t) / period * slope``.

    Notes
    -----
    The seasons are assumed independent (no covariance correction between months).

    Examples
    --------
    Four years of quarterly counts with a rise of about 2 per year on top of a fixed seasonal pattern:

    >>> counts = [10, 20, 15, 30, 12, 23, 16, 31, 15, 24, 18, 35, 16, 26, 21, 36]
    >>> result = seasonal_mann_kendall(counts, period=4)
    >>> float(result.s), round(float(result.z), 4), float(result.slope)
    (24.0, 3.9064, 2.0)
    """
    if not isinstance(period, (int, np.integer)) or period < 1:
        raise ValueError(f"period={period!r} is not valid: it must be a positive whole number of seasons")
    x = np.asarray(x, dtype=float)
    if x.ndim == 0 or x.shape[-1] < 2 * period:
        raise ValueError(f"x has shape {x.shape}: the seasonal test needs at least two cycles of {period}")
    n_times = x.shape[-1]
    n_cycles = -(-n_times // period)
    padded = np.full(x.shape[:-1] + (n_cycles * period,), np.nan)
    padded[..., :n_times] = x
    seasons = np.swapaxes(padded.reshape(x.shape[:-1] + (n_cycles, period)), -1, -2)  # (..., period, cycles)
    s_seasons, var_seasons, n_seasons = _score_and_variance(seasons)
    s, var_s = s_seasons.sum(axis=-1), var_seasons.sum(axis=-1)
    z, p = _z_and_p(s, var_s)
    with np.errstate(divide="ignore", invalid="ignore"):
        tau = s / (0.5 * n_seasons * (n_seasons - 1)).sum(axis=-1)
    first, second = np.triu_indices(n_cycles, k=1)

    def slope_of(chunk):
        cycles = chunk.reshape(-1, n_cycles, period)
        differences = (cycles[:, second, :] - cycles[:, first, :]).reshape(len(chunk), -1)
        return _median_pairwise(differences, np.repeat((second - first).astype(float), period))

    with np.errstate(all="ignore"):
        slope = _chunked(padded, slope_of)
        intercept = np.nanmedian(x, axis=-1) - _index_median(x) / period * slope
    return _result(s=s, var_s=var_s, z=z, p=p, tau=tau, slope=slope, intercept=intercept)
