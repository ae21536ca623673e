import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from veiligheidsbeeld.stats import benjamini_hochberg, poisson_rate_test


@pytest.fixture
def rate_pairs():
    rng = np.random.default_rng(20261129)
    count1 = rng.poisson(rng.uniform(1, 60, 200))
    count2 = rng.poisson(rng.uniform(1, 60, 200))
    exposure1 = rng.uniform(200, 20_000, 200)
    exposure2 = rng.uniform(200, 20_000, 200)
    return count1, exposure1, count2, exposure2


@pytest.mark.filterwarnings("ignore:divide by zero:RuntimeWarning")
@pytest.mark.parametrize("method", ["score", "sqrt"])
@pytest.mark.parametrize("alternative", ["two-sided", "larger", "smaller"])
def test_poisson_rate_test_matches_statsmodels(rate_pairs, method, alternative):
    rates = pytest.importorskip("statsmodels.stats.rates")
    result = poisson_rate_test(*rate_pairs, method=method, alternative=alternative)
    reference = rates.test_poisson_2indep(*rate_pairs, method=method, alternative=alternative)
    assert_allclose(result.statistic, reference.statistic, rtol=1e-12)
    assert_allclose(result.p_value, reference.pvalue, rtol=1e-12, atol=1e-300)


def test_poisson_rate_test_rate_ratio_and_zero_counts():
    result = poisson_rate_test([10, 0, 4], [1_000, 1_000, 500], [5, 0, 0], [2_000, 1_000, 500])
    assert_allclose(result.rate_ratio, [4.0, np.nan, np.inf])
    assert result.statistic[1] == 0.0 and result.p_value[1] == 1.0


def test_poisson_rate_test_rejects_unknown_method():
    with pytest.raises(ValueError, match=r"method='wald' is not valid; choose one of 'score', 'sqrt'"):
        poisson_rate_test(1, 10, 2, 10, method="wald")


def test_poisson_rate_test_rejects_fractional_count_and_zero_exposure():
    with pytest.raises(ValueError, match=r"count2\[1\] = 2.5: must be a whole number"):
        poisson_rate_test([1, 2], 10, [1, 2.5], 10)
    with pytest.raises(ValueError, match="exposure2 contains 0"):
        poisson_rate_test(1, 10, 2, 0)


def test_benjamini_hochberg_matches_statsmodels():
    multitest = pytest.importorskip("statsmodels.stats.multitest")
    rng = np.random.default_rng(7)
    p = np.concatenate([rng.uniform(0, 0.002, 20), rng.uniform(0, 1, 180)])
    p[[3, 4]] = p[5]  # ties
    for alpha in (0.05, 0.1):
        reject_ref, q_ref, _, _ = multitest.multipletests(p, alpha, method="fdr_bh")
        q, reject = benjamini_hochberg(p, alpha)
        assert_allclose(q, q_ref, rtol=1e-14)
        assert_array_equal(reject, reject_ref)


def test_benjamini_hochberg_per_axis_and_missing_tests():
    multitest = pytest.importorskip("statsmodels.stats.multitest")
    rng = np.random.default_rng(8)
    p = rng.uniform(0, 0.2, (40, 3))
    p[[0, 7], 1] = np.nan
    q, reject = benjamini_hochberg(p, axis=0)
    for column in range(3):
        tested = ~np.isnan(p[:, column])
        reference = multitest.multipletests(p[tested, column], method="fdr_bh")[1]
        assert_allclose(q[tested, column], reference, rtol=1e-14)
    assert np.isnan(q[[0, 7], 1]).all() and not reject[[0, 7], 1].any()


def test_benjamini_hochberg_rejects_invalid_input():
    with pytest.raises(ValueError, match=r"p_values\[1\] = 1.5: p-values must lie in \[0, 1\]"):
        benjamini_hochberg([0.1, 1.5])
    with pytest.raises(ValueError, match="alpha=1.0 is not valid"):
        benjamini_hochberg([0.1], alpha=1.0)


# Reference: statsmodels 0.15.0, statsmodels.stats.rates.confint_poisson_2indep(method="score", compare="ratio")
# on the seeded rate_pairs above (statsmodels returns a degenerate interval when count1 is 0; those are left out).
def test_rate_ratio_interval_matches_statsmodels_score_interval(rate_pairs):
    rates = pytest.importorskip("statsmodels.stats.rates")
    from veiligheidsbeeld.stats import rate_ratio_interval

    count1, exposure1, count2, exposure2 = rate_pairs
    lower, upper = rate_ratio_interval(*rate_pairs)
    usable = np.flatnonzero((count1 > 0) & (count2 > 0))[:40]
    reference = np.array([
        rates.confint_poisson_2indep(count1[k], exposure1[k], count2[k], exposure2[k], method="score",
                                     compare="ratio")
        for k in usable
    ])
    assert_allclose(lower[usable], reference[:, 0], rtol=1e-6)
    assert_allclose(upper[usable], reference[:, 1], rtol=1e-6)


def test_rate_ratio_interval_excludes_one_exactly_when_the_score_test_rejects(rate_pairs):
    from veiligheidsbeeld.stats import rate_ratio_interval

    lower, upper = rate_ratio_interval(*rate_pairs)
    p = poisson_rate_test(*rate_pairs).p_value
    assert_array_equal((lower > 1) | (upper < 1), p < 0.05)


def test_rate_ratio_interval_edges():
    from veiligheidsbeeld.stats import rate_ratio_interval

    lower, upper = rate_ratio_interval([0, 4, 0], 10, [4, 0, 0], 10)
    assert lower[0] == 0 and np.isfinite(upper[0])
    assert upper[1] == np.inf and lower[1] > 0
    assert np.isnan(lower[2]) and np.isnan(upper[2])
    with pytest.raises(ValueError, match="alpha=1.5"):
        rate_ratio_interval(1, 1, 1, 1, alpha=1.5)
