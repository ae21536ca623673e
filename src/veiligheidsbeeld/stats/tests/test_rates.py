import csv

import numpy as np
import pytest
from numpy.testing import assert_allclose

from veiligheidsbeeld.stats import eb_smooth, rate_per_1000
from veiligheidsbeeld.testing import require_shared_data

GRONINGEN_BUURTEN = (
    "groningen",
    "groningen-demo-derived",
    "groningen_buurten_inwoners2024_misdrijven2023.csv",
)


def _groningen_buurten():
    path = require_shared_data(*GRONINGEN_BUURTEN)
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    population = np.array([float(row["inwoners_2024_85984NED"] or "nan") for row in rows])
    crimes = np.array([float(row["geregistreerde_misdrijven_totaal_2023_47018NED"] or "nan") for row in rows])
    return crimes, population


def _esda_empirical_bayes(counts, population):
    smoothing = pytest.importorskip("esda.smoothing")
    return smoothing.Empirical_Bayes(counts, population).r.ravel()


@pytest.mark.parametrize(
    ("counts", "population", "expected"),
    [
        ([12, 3, 0], [4_000, 30, 1_000], [3.0, np.nan, 0.0]),  # 30 inhabitants: below the minimum
        ([5, 5], [50, 49], [100.0, np.nan]),  # the minimum itself is shown
        ([2, np.nan, 4], [1_000, 1_000, 0], [2.0, np.nan, np.nan]),  # missing count, empty area
    ],
)
def test_rate_per_1000_table(counts, population, expected):
    assert_allclose(rate_per_1000(counts, population), expected)


def test_rate_per_1000_leading_axis_and_no_spreading():
    counts = np.array([[10, 20, 30], [np.nan, 5, 6]])
    rates = rate_per_1000(counts, [1_000, 2_000, 20])
    assert_allclose(rates, [[10.0, 10.0, np.nan], [np.nan, 2.5, np.nan]])


def test_rate_per_1000_rejects_negative_counts_with_position():
    with pytest.raises(ValueError, match=r"counts\[1\] = -2.0: must be non-negative"):
        rate_per_1000([1, -2], [100, 100])


def test_rate_per_1000_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="do not broadcast"):
        rate_per_1000([1, 2, 3], [100, 100])


def test_eb_smooth_matches_esda_docstring_values():
    # Reference: esda 2.9.0, esda/smoothing.py, Empirical_Bayes docstring, libpysal example "stl"
    # (stl_hom.csv: homicides column 10, population column 13); values are rates per person.
    examples = pytest.importorskip("libpysal.examples")
    io = pytest.importorskip("libpysal.io")
    table = io.open(examples.get_path("stl_hom.csv"), "r")
    homicides, population = np.array(table[:, 10]).ravel(), np.array(table[:, 13]).ravel()
    smoothed = eb_smooth(homicides, population, min_population=0)
    assert_allclose(smoothed[:3] / 1000, [2.36718950e-05, 4.54539167e-05, 4.78114019e-05], rtol=1e-8)
    assert_allclose(smoothed / 1000, _esda_empirical_bayes(homicides, population), rtol=1e-12)


@pytest.mark.realdata
def test_eb_smooth_matches_esda_on_groningen_buurten():
    crimes, population = _groningen_buurten()
    smoothed = eb_smooth(crimes, population, min_population=50)
    used = (population >= 50) & ~np.isnan(crimes)
    assert used.sum() > 100
    assert np.isnan(smoothed[~used]).all()
    assert_allclose(smoothed[used] / 1000, _esda_empirical_bayes(crimes[used], population[used]), rtol=1e-12)
    # Shrinkage keeps the gemeente rate and pulls small buurten toward it.
    overall = 1000 * crimes[used].sum() / population[used].sum()
    raw = rate_per_1000(crimes, population)
    small = used & (population < 500)
    assert (np.abs(smoothed[small] - overall) <= np.abs(raw[small] - overall) + 1e-9).all()


def test_eb_smooth_without_extra_variation_gives_overall_rate():
    # Counts exactly proportional to population: the between-area variance estimate is negative -> 0.
    smoothed = eb_smooth([10, 20, 40], [1_000, 2_000, 4_000], min_population=0)
    assert_allclose(smoothed, [10.0, 10.0, 10.0])


def test_eb_smooth_rows_are_independent():
    counts = np.array([[5, 60, 2, 300], [1, 0, 9, 30]])
    population = [1_000, 8_000, 100, 40_000]
    both = eb_smooth(counts, population, min_population=0)
    assert_allclose(both[0], eb_smooth(counts[0], population, min_population=0))
    assert_allclose(both[1], eb_smooth(counts[1], population, min_population=0))


# Reference: statsmodels 0.15.0, statsmodels.stats.rates.confint_poisson(k, 1, method="exact-c").
@pytest.mark.parametrize("k", [0, 1, 2, 5, 17, 250, 2215])
def test_poisson_interval_matches_statsmodels_exact(k):
    rates = pytest.importorskip("statsmodels.stats.rates")
    from veiligheidsbeeld.stats import poisson_interval

    lower, upper = poisson_interval(k)
    ref_lower, ref_upper = rates.confint_poisson(k, 1, method="exact-c")
    np.testing.assert_allclose([float(lower), float(upper)], [ref_lower, ref_upper], rtol=1e-9, atol=1e-12)


def test_poisson_interval_rejects_fractions():
    from veiligheidsbeeld.stats import poisson_interval

    with pytest.raises(ValueError, match=r"counts\[1\] = 2.5"):
        poisson_interval([1, 2.5])
