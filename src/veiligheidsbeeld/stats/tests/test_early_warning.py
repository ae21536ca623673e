import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from scipy import integrate, special, stats

from veiligheidsbeeld.stats import SEVERITY_LEVELS, early_warning

ALERT, NONE, INSUFFICIENT = SEVERITY_LEVELS.index("alert"), SEVERITY_LEVELS.index("none"), 0


def _reference(counts, exposure, month, years, window, prior_df):
    """Seasonal baseline and dispersion of every series at `month`, written as plain loops."""
    n_series = counts.shape[0]
    numerator, denominator, degrees = np.zeros(n_series), np.zeros(n_series), 0
    base = np.zeros((n_series, 3))
    for i in range(n_series):
        degrees = 0
        for offset in range(-6, 6):
            points = [month - 12 * back + offset for back in range(1, years + 1)]
            points = [p for p in points if p >= 0]
            y, e = counts[i, points].astype(float), exposure[i, points]
            if points:
                rate = y.sum() / e.sum()
                fitted, leverage = rate * e, e / e.sum()
                numerator[i] += ((y - fitted) ** 2).sum() - ((1 - leverage) * fitted).sum()
                denominator[i] += ((1 - leverage) * fitted**2).sum()
                degrees += len(points) - 1
            if abs(offset) <= window:
                base[i] += [y.sum(), e.sum(), (e**2).sum()]
    pooled = max(numerator.sum() / denominator.sum(), 0.0)
    own = np.where(denominator > 0, numerator / np.where(denominator > 0, denominator, 1), pooled)
    base_y, base_e, base_ee = base.T
    now = exposure[:, month]
    mean = (base_y + 1) / base_e * now
    prior_weight = prior_df * (1 + 1 / (pooled * mean)) ** 2
    dispersion = np.maximum((degrees * own + prior_weight * pooled) / (degrees + prior_weight), 0.0)
    relative = 1 / (base_y + 1) + dispersion * base_ee / base_e**2
    total = dispersion + relative + dispersion * relative
    size = 1 / total
    prob = 1 / (1 + total * mean)
    return base_y / base_e * now, dispersion, size, prob, degrees + prior_weight, base_y, base_e, now


def _bnb_log_mass(k, size, alpha, beta):
    """log P(X = k) of the beta-negative-binomial distribution, from its closed form."""
    return (
        special.gammaln(size + k) - special.gammaln(k + 1) - special.gammaln(size)
        + special.betaln(alpha + size, beta + k) - special.betaln(alpha, beta)
    )


def _reference_p_month(observed, dispersion, df, mean, base_y, base_e, now):
    """The month's upper tail by adaptive integration over the chi-square law of the dispersion estimate."""

    def tail(x):
        a = max((dispersion + 1 / mean) * df / x - 1 / mean, 1e-9)
        k = np.arange(observed, observed + 2_000)
        return np.exp(_bnb_log_mass(k, 1 / a, 1 + base_e / (a * now), base_y + 1)).sum()

    value, _ = integrate.quad(lambda x: tail(x) * stats.chi2.pdf(x, df), 0, np.inf, limit=200, epsabs=1e-12)
    return value


@pytest.mark.parametrize("window", [0, 1])
def test_matches_plain_loop_reference(window):
    rng = np.random.default_rng(1)
    counts = rng.negative_binomial(4, 0.3, (30, 75))
    exposure = rng.uniform(500, 3_000, (30, 1)) * np.linspace(1, 1.2, 75)
    result = early_warning(counts, exposure, start=60, window=window, years=4)
    for column, month in enumerate(result.months):
        expected, dispersion, size, prob, df, base_y, base_e, now = _reference(counts, exposure, month, 4, window, 12.0)
        assert_allclose(result.expected[:, column], expected, rtol=1e-10)
        assert_allclose(result.dispersion[:, column], dispersion, rtol=1e-8, atol=1e-12)
        assert_allclose(result.predictive_size[:, column], size, rtol=1e-8)
        assert_allclose(result.predictive_prob[:, column], prob, rtol=1e-10)
        if column == len(result.months) - 1:
            observed = counts[:, month]
            reference = [
                _reference_p_month(observed[i], dispersion[i], df[i], (base_y[i] + 1) / base_e[i] * now[i],
                                   base_y[i], base_e[i], now[i])
                for i in range(8)
            ]
            assert_allclose(result.p_month[:8, column], reference, rtol=1e-4)


def test_month_test_is_the_conditional_binomial_test_without_overdispersion():
    # Perfectly regular history: no extra-Poisson variation is estimated (dispersion 0), and P(X >= y) equals
    # the exact conditional test of the month against its five baseline months.
    counts = np.full((3, 72), 5)
    counts[:, -1] = [5, 9, 14]
    result = early_warning(counts)
    assert_array_equal(result.dispersion[:, 0], 0.0)
    baseline = 5 * 5
    observed = counts[:, -1]
    assert_allclose(
        result.p_month[:, 0], stats.binom.sf(observed - 1, observed + baseline, 1 / 6), rtol=1e-10
    )


def _poisson_panel(n_series, n_months, seed):
    rng = np.random.default_rng(seed)
    return rng.poisson(rng.uniform(0.5, 30, (n_series, 1)), (n_series, n_months))


def test_pure_poisson_noise_alerts_at_most_the_nominal_rate():
    counts = _poisson_panel(2_000, 120, seed=2026)
    result = early_warning(counts, start=60, alpha=0.05, family="fdr")
    assert not result.insufficient_history.any()
    assert result.alert.mean() <= 0.05
    # Under the global null the false discovery rate is the chance of any alert in a month: at most alpha.
    assert result.alert.any(axis=0).mean() <= 0.05
    assert (result.p_value <= 0.05).mean() <= 0.05  # the p-values themselves are not anti-conservative


def test_pure_noise_stays_within_the_false_alarm_budget():
    # The default family: a budget of expected false warnings per month, split by level (issue #23).
    counts = _poisson_panel(2_000, 120, seed=2026)
    levels = np.where(np.arange(2_000) < 500, "wijk", "buurt")
    result = early_warning(counts, start=60, levels=levels, budgets={"wijk": 0.5, "buurt": 0.5})
    per_month = result.alert.sum(axis=0)
    assert per_month.mean() <= 1.0  # 60 months: the mean of Poisson(<= 1) counts
    # The family of a level: its series that reach min_count with a chance of at least min_reach (from the past).
    # One threshold per level and month: the level whose expected number of false warnings is the budget (at
    # least Bonferroni's budget / n in almost every month here: Poisson counts are discrete).
    wijk_family = result.reach[:500, 0] >= 0.25
    assert 0 < wijk_family.sum() < 500
    wijk_threshold = result.threshold[:500, 0][wijk_family]
    assert_allclose(wijk_threshold, wijk_threshold[0])
    assert wijk_threshold[0] <= 0.05
    assert np.isnan(result.threshold[:500, 0][~wijk_family]).all()
    bonferroni = 0.5 / (~np.isnan(result.threshold[:500])).sum(axis=0)
    assert (np.nanmax(result.threshold[:500], axis=0) > bonferroni).mean() >= 0.9
    assert not result.alert[(result.observed < 3)].any()


def test_recurring_seasonal_peak_does_not_alert_but_a_rise_does():
    rng = np.random.default_rng(5)
    months = np.arange(96)
    december_january = np.isin(months % 12, [11, 0])
    seasonal = rng.poisson(np.where(december_january, 60, 20), (200, 96))  # Oud en Nieuw every year
    level = np.full(96, 20.0)
    level[-6:] = 20 * np.array([1.15, 1.3, 1.45, 1.6, 1.75, 1.9])
    rising = np.vstack([rng.poisson(level[:90]).tolist() + np.round(level[90:]).astype(int).tolist()])
    counts = np.vstack([seasonal, rising])
    for last in (84, 96):  # evaluate December (month 83) and January (month 84) in turn, then the rise
        result = early_warning(counts[:, :last], start=last - 2, family="fdr")
        assert not result.alert[:200].any()
        # Under the default budget of one expected false warning a month, a known peak stays within it
        # (at most 4 of 200 series: the 99 % point of a Poisson count with mean 1); unadjusted, all would warn.
        result = early_warning(counts[:, :last], start=last - 2)
        assert (result.alert[:200].sum(axis=0) <= 4).all()
    result = early_warning(counts)
    assert result.alert[200, 0]
    assert result.trend_z[200, 0] > 3


def test_slow_rise_is_caught_by_the_ewma():
    rng = np.random.default_rng(9)
    counts = rng.poisson(30, (300, 96))
    counts[0, -6:] = [37, 39, 41, 43, 45, 47]  # each month only modestly high
    result = early_warning(counts)
    assert result.p_month[0, 0] > 0.01  # the last month alone would not survive FDR over 300 series
    assert result.p_trend[0, 0] < 1e-4
    assert result.alert[0, 0] and not result.alert[1:, 0].any()


def test_all_zero_series_and_small_counts_never_alert():
    counts = np.zeros((4, 60), dtype=np.int64)
    counts[1, -1] = 2  # after years of zeros, but below min_count
    result = early_warning(counts)
    assert_array_equal(result.expected[:, 0], 0.0)
    assert result.p_month[0, 0] == 1.0
    assert not result.alert.any()
    assert result.severity[1, 0] == NONE


def test_a_single_month_has_insufficient_history():
    result = early_warning(np.array([[4], [9]]))
    assert result.insufficient_history.all()
    assert_array_equal(result.severity, INSUFFICIENT)
    assert np.isnan(result.expected).all() and np.isnan(result.p_value).all()
    assert not result.alert.any()


def test_integer_types_give_the_same_result():
    counts = _poisson_panel(20, 60, seed=3)
    reference = early_warning(counts.astype(float), start=48)
    for dtype in (np.int16, np.uint16, np.int32, np.int64):
        result = early_warning(counts.astype(dtype), start=48)
        assert_allclose(result.p_value, reference.p_value)
        assert_array_equal(result.severity, reference.severity)


def test_growing_population_is_not_an_alarm():
    rng = np.random.default_rng(4)
    population = np.linspace(10_000, 16_000, 72)
    counts = rng.poisson(2e-3 * population, (50, 72))
    with_exposure = early_warning(counts, population)
    assert_allclose(np.nanmean(with_exposure.expected / (2e-3 * population[-1])), 1, atol=0.05)
    without = early_warning(counts)
    assert np.nanmean(without.expected) < np.nanmean(with_exposure.expected)


def test_prediction_interval_matches_scipy():
    counts = _poisson_panel(200, 72, seed=6) * np.random.default_rng(6).integers(1, 40, (200, 1))
    result = early_warning(counts, start=60)
    for coverage in (0.8, 0.95):
        lower, upper = result.prediction_interval(coverage)
        tail = (1 - coverage) / 2
        assert_array_equal(lower, stats.nbinom.ppf(tail, result.predictive_size, result.predictive_prob))
        assert_array_equal(upper, stats.nbinom.ppf(1 - tail, result.predictive_size, result.predictive_prob))


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"counts": [[1, -1]]}, r"counts\[\(0, 1\)\] = -1: must be non-negative"),
        ({"counts": [[1.0, 2.5]]}, r"counts\[\(0, 1\)\] = 2.5: must be a whole number"),
        ({"counts": [[1, 2]], "start": 2}, "start=2 is not valid"),
        ({"counts": [[1, 2]], "window": 6}, "window=6 is not valid"),
        ({"counts": [[1, 2]], "alpha": 0}, "alpha=0 is not valid"),
        ({"counts": [[1, 2]], "exposure": [1, 2, 3]}, r"exposure has shape \(3,\)"),
    ],
)
def test_invalid_input_is_rejected(arguments, message):
    with pytest.raises(ValueError, match=message):
        early_warning(**arguments)


def test_baseline_and_dispersion_match_an_independent_negative_binomial_fit():
    # Issue #22 item 8: reference values from statsmodels, not from a re-implementation. The seasonal baseline is
    # the prediction of a Poisson GLM with the same calendar-month terms on the five baseline years; the
    # dispersion is the maximum-likelihood NB2 alpha with those terms on the 60 months the estimate uses (18 to
    # 7 months back, five years), corrected for the 12 fitted levels (n / (n - 12)): maximum likelihood does not
    # take the fitted means' degrees of freedom off, the moment estimate does.
    sm = pytest.importorskip("statsmodels.api")
    rng = np.random.default_rng(21)
    n_months = 96
    months = np.arange(n_months)
    season = 1 + 0.3 * np.sin(2 * np.pi * months / 12)
    counts = rng.poisson(50 * season * rng.gamma(5, 0.2, (20, n_months)))  # dispersion 0.2
    result = early_warning(counts)
    last = n_months - 1
    design = np.eye(12)[months % 12]
    window = slice(last - 66, last - 6)
    reference = []
    for i in range(counts.shape[0]):
        glm = sm.GLM(counts[i, last - 60 : last], design[last - 60 : last], family=sm.families.Poisson()).fit()
        assert glm.predict(design[last : last + 1])[0] == pytest.approx(result.expected[i, 0], rel=1e-8)
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # statsmodels' convergence chatter on the starting values
            fit = sm.NegativeBinomial(counts[i, window], design[window], loglike_method="nb2").fit(disp=0, maxiter=200)
        reference.append(fit.params[-1] * 60 / 48)
    reference = np.array(reference)
    ratio = result.dispersion[:, 0] / reference
    assert 0.9 <= ratio.mean() <= 1.1
    assert np.abs(ratio - 1).max() <= 0.4
    assert result.dispersion[:, 0].mean() == pytest.approx(0.2, rel=0.2)


def test_far_tail_of_the_month_test_matches_integration():
    # The quadrature over the dispersion's uncertainty and the upward tail sum, checked in the far tail (where the
    # calibration of #23 matters) against adaptive integration of the closed form.
    rng = np.random.default_rng(4)
    counts = rng.poisson(30 * rng.gamma(10, 0.1, (40, 84)))
    counts[:4, -1] = [80, 110, 140, 200]
    result = early_warning(counts)
    month = 83
    _, dispersion, _, _, df, base_y, base_e, now = _reference(counts, np.ones(counts.shape), month, 5, 0, 12.0)
    for i in range(4):
        mean = (base_y[i] + 1) / base_e[i] * now[i]
        expected = _reference_p_month(counts[i, month], dispersion[i], df[i], mean, base_y[i], base_e[i], now[i])
        assert result.p_month[i, 0] == pytest.approx(expected, rel=2e-2)
    assert result.p_month[3, 0] < 1e-6


def test_month_and_ewma_are_combined_by_their_correlation():
    # Issue #23: the combined p-value is P(max(Z1, Z2) >= c) for two standard normal scores with the EWMA's
    # correlation to its current month (lambda over the EWMA's standard deviation), not the Bonferroni bound
    # 2 * min(p_month, p_trend), which counted their overlap twice.
    rng = np.random.default_rng(3)
    counts = rng.negative_binomial(10, 10 / (10 + np.r_[np.full(84, 12.0), [20, 24, 30]]), (40, 87))
    lam, months = 0.3, 12
    result = early_warning(counts, start=84, ewma_lambda=lam, ewma_months=months)
    weights = lam * (1 - lam) ** np.arange(months)
    rho = lam / np.sqrt((weights**2).sum())  # every month of the EWMA has history here
    smallest = np.minimum(result.p_month, result.p_trend).ravel()
    normal = stats.multivariate_normal([0, 0], [[1, rho], [rho, 1]])
    expected = [1 - normal.cdf([c, c]) for c in -special.ndtri(smallest)]
    assert_allclose(result.p_value.ravel(), expected, rtol=1e-4, atol=1e-10)
    assert (result.p_value.ravel() < np.minimum(1, 2 * smallest)).all()
    assert (result.p_value.ravel() >= smallest).all()
