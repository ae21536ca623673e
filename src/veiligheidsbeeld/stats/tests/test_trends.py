import numpy as np
import pytest
from numpy.testing import assert_allclose

from veiligheidsbeeld.stats import mann_kendall, seasonal_mann_kendall, sens_slope

FIELDS = [
    ("s", "s"),
    ("var_s", "var_s"),
    ("z", "z"),
    ("p", "p"),
    ("tau", "Tau"),
    ("slope", "slope"),
    ("intercept", "intercept"),
]


def _series(kind, n=96, seed=0):
    """Seeded monthly test series: trend with seasonality, ties (rounded counts), AR(1) errors, missing values."""
    rng = np.random.default_rng(seed)
    months = np.arange(n)
    if kind == "trend":
        return 20 + 0.05 * months + 4 * np.sin(2 * np.pi * months / 12) + rng.normal(0, 2, n)
    if kind == "ties":
        return rng.poisson(5 + 0.02 * months).astype(float)
    if kind == "autocorrelated":
        errors = np.zeros(n)
        for t in range(1, n):
            errors[t] = 0.7 * errors[t - 1] + rng.normal()
        return 10 + 0.01 * months + errors
    values = _series("trend", n, seed)
    values[[5, 30, 31, 77]] = np.nan
    return values


def _assert_matches(result, reference):
    for ours, theirs in FIELDS:
        assert_allclose(
            getattr(result, ours), getattr(reference, theirs), rtol=1e-10, atol=1e-14, err_msg=ours
        )


@pytest.mark.parametrize("kind", ["trend", "ties", "autocorrelated", "missing"])
def test_mann_kendall_matches_pymannkendall_original(kind):
    mk = pytest.importorskip("pymannkendall")
    x = _series(kind)
    _assert_matches(mann_kendall(x), mk.original_test(x))


@pytest.mark.parametrize("kind", ["trend", "ties", "autocorrelated"])
@pytest.mark.parametrize("lag", [None, 3])
def test_mann_kendall_hamed_rao_matches_pymannkendall(kind, lag):
    mk = pytest.importorskip("pymannkendall")
    x = _series(kind)
    result = mann_kendall(x, autocorrelation="hamed_rao", lag=lag)
    _assert_matches(result, mk.hamed_rao_modification_test(x, lag=lag))


@pytest.mark.parametrize("kind", ["trend", "ties", "autocorrelated", "missing"])
@pytest.mark.parametrize("n", [96, 100])  # 100 months: the last year is incomplete
def test_seasonal_mann_kendall_matches_pymannkendall(kind, n):
    mk = pytest.importorskip("pymannkendall")
    x = _series(kind, n)
    _assert_matches(seasonal_mann_kendall(x), mk.seasonal_test(x, period=12))


def test_many_series_at_once_equal_one_by_one():
    panel = np.stack(
        [_series(kind, seed=seed) for seed, kind in enumerate(["trend", "ties", "autocorrelated"])]
    )
    together = mann_kendall(panel, autocorrelation="hamed_rao")
    seasonal = seasonal_mann_kendall(panel)
    for row in range(3):
        alone = mann_kendall(panel[row], autocorrelation="hamed_rao")
        assert_allclose([together.z[row], together.slope[row]], [alone.z, alone.slope])
        alone = seasonal_mann_kendall(panel[row])
        assert_allclose([seasonal.z[row], seasonal.slope[row]], [alone.z, alone.slope])


def test_hamed_rao_widens_the_variance_of_autocorrelated_series():
    x = _series("autocorrelated")
    assert mann_kendall(x, autocorrelation="hamed_rao").var_s > mann_kendall(x).var_s


def test_constant_series_has_no_trend():
    result = mann_kendall(np.full(24, 3.0))
    assert (result.s, result.z, result.p, result.slope) == (0.0, 0.0, 1.0, 0.0)


def test_sens_slope_of_a_line():
    slope, intercept = sens_slope(2.5 * np.arange(10) + 4)
    assert (slope, intercept) == (2.5, 4.0)


def test_invalid_input_is_rejected():
    with pytest.raises(
        ValueError, match="autocorrelation='yue_wang' is not valid; choose one of None, 'hamed_rao'"
    ):
        mann_kendall([1.0, 2.0, 3.0], autocorrelation="yue_wang")
    with pytest.raises(ValueError, match=r"x\[1\] = nan: the Hamed-Rao correction needs complete series"):
        mann_kendall([1.0, np.nan, 3.0, 4.0], autocorrelation="hamed_rao")
    with pytest.raises(ValueError, match="at least two cycles of 12"):
        seasonal_mann_kendall(np.arange(20.0))
