import json
import warnings

import numpy as np
import pytest
import shapely
from numpy.testing import assert_allclose, assert_array_equal

from veiligheidsbeeld.stats import (
    EMERGING_PATTERNS,
    ContiguityWeights,
    emerging_hot_spots,
    getis_ord_gi_star,
    queen_weights,
)
from veiligheidsbeeld.testing import require_shared_data

ROWS, COLUMNS = 20, 25
WIJKEN = ("nl", "pdok-cbs-wijken-gemeenten-geojson", "wijken_2024.geojson")


def _grid(rows=ROWS, columns=COLUMNS):
    return [shapely.box(c, -r, c + 1, 1 - r) for r in range(rows) for c in range(columns)]


def _lattice():
    weights = pytest.importorskip("libpysal.weights")
    return weights.lat2W(ROWS, COLUMNS, rook=False)


def _esda_g_local(y, w, **options):
    getisord = pytest.importorskip("esda.getisord")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # esda's notices about star weights and its future p-value default
        return getisord.G_Local(y, w, star=True, n_jobs=1, **options)


def _libpysal_w(weights):
    libpysal_weights = pytest.importorskip("libpysal.weights")
    neighbors = {i: weights.neighbors(i).tolist() for i in range(weights.n)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # islands / disconnected components
        return libpysal_weights.W(neighbors, id_order=list(range(weights.n)))


def test_queen_weights_equal_libpysal_lattice():
    weights = queen_weights(_grid())
    lattice = _lattice()
    assert [weights.neighbors(i).tolist() for i in range(weights.n)] == [
        sorted(lattice.neighbors[i]) for i in range(lattice.n)
    ]


def test_queen_weights_accept_geojson_and_report_islands():
    geometries = [
        shapely.geometry.mapping(shapely.box(0, 0, 1, 1)),
        {"type": "Feature", "properties": {}, "geometry": shapely.geometry.mapping(shapely.box(1, 1, 2, 2))},
        shapely.box(5, 5, 6, 6),
    ]
    weights = queen_weights(geometries)
    assert weights.cardinalities.tolist() == [1, 1, 0]  # corner contact counts (queen)
    assert weights.islands.tolist() == [2]


def test_queen_weights_tolerance_closes_sliver_gaps():
    left, right = shapely.box(0, 0, 1, 1), shapely.box(1.0002, 0, 2, 1)
    assert queen_weights([left, right]).islands.tolist() == [0, 1]
    assert queen_weights([left, right], tolerance=0.0005).islands.tolist() == []


def test_queen_weights_rejects_bad_geometries():
    with pytest.raises(ValueError, match=r"geometries\[1\] is a str"):
        queen_weights([shapely.box(0, 0, 1, 1), "POLYGON"])
    with pytest.raises(ValueError, match=r"geometries\[0\]: not a valid GeoJSON geometry"):
        queen_weights([{"type": "Polygon"}])
    with pytest.raises(ValueError, match=r"neighbors\[0\] = \[0\]"):
        ContiguityWeights.from_neighbors([[0]])


def test_gi_star_matches_esda_binary_on_lattice():
    y = np.random.default_rng(11).lognormal(1, 1, ROWS * COLUMNS)
    ours = getis_ord_gi_star(y, queen_weights(_grid()), seed=12345, permutations=999)
    esda = _esda_g_local(y, _lattice(), transform="B", permutations=999, seed=12345)
    assert_allclose(ours.z, esda.Zs, rtol=1e-12, atol=1e-12)
    assert_allclose(ours.p_sim, esda.p_sim, atol=1e-7)  # esda stores p_sim as float32
    assert_allclose(ours.p_norm, 2 * esda.p_norm, rtol=1e-12)


def test_gi_star_relation_to_esda_row_standardised_default():
    y = np.random.default_rng(12).lognormal(1, 1, ROWS * COLUMNS)
    weights = queen_weights(_grid())
    ours = getis_ord_gi_star(y, weights, seed=99, permutations=199)
    esda = _esda_g_local(y, _lattice(), permutations=199, seed=99)  # transform="R"
    n, k = weights.n, weights.cardinalities
    assert_allclose(esda.Zs, ours.z * np.sqrt((n - k - 1) / ((k + 1) * (n - 1))), rtol=1e-12)
    assert_allclose(ours.p_sim, esda.p_sim, atol=1e-7)


def test_gi_star_counts_ties_in_both_tails():
    # Sparse counts: many simulated sums equal the observed one. esda counts ties only in the upper tail, so
    # an area whose neighbourhood holds no event gets p = 1/1000 there; here both tails include ties.
    y = np.zeros(ROWS * COLUMNS)
    y[::17] = 1
    weights = queen_weights(_grid())
    ours = getis_ord_gi_star(y, weights, seed=5, permutations=999)
    esda = _esda_g_local(y, _lattice(), transform="B", permutations=999, seed=5)
    assert_allclose(ours.z, esda.Zs, rtol=1e-12, atol=1e-12)
    assert (ours.p_sim >= esda.p_sim - 1e-7).all()
    empty = next(i for i in range(weights.n) if y[[i, *weights.neighbors(i)]].sum() == 0)
    assert esda.p_sim[empty] < 0.01
    assert ours.p_sim[empty] > 0.5


@pytest.mark.realdata
def test_gi_star_matches_esda_on_dutch_wijken():
    path = require_shared_data(*WIJKEN)
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    weights = queen_weights(features, tolerance=1e-4)
    population = np.array([feature["properties"].get("aantal_inwoners") or 0 for feature in features], float)
    y = population + np.random.default_rng(3).uniform(0, 1e-3, population.size)  # continuous: no ties
    ours = getis_ord_gi_star(y, weights, seed=2024, permutations=199)
    esda = _esda_g_local(y, _libpysal_w(weights), transform="B", permutations=199, seed=2024)
    assert len(features) == 3475
    assert_allclose(ours.z, esda.Zs, rtol=1e-10, atol=1e-10)
    # With one neighbour a random draw hits the real neighbour (an exact tie) once in 3,474 draws: ties are
    # counted in both tails here, so those p-values may only be larger. Otherwise they are esda's.
    single = weights.cardinalities == 1
    assert_allclose(ours.p_sim[~single], esda.p_sim[~single], atol=1e-7)
    assert (ours.p_sim[single] >= esda.p_sim[single] - 1e-7).all()


def test_gi_star_masks_islands_and_applies_fdr():
    weights = ContiguityWeights.from_neighbors([[1], [0, 2], [1, 3], [2], []])
    result = getis_ord_gi_star([1.0, 2.0, 8.0, 9.0, 30.0], weights, seed=0, permutations=99)
    assert np.isnan(result.z[4]) and np.isnan(result.p_sim[4]) and np.isnan(result.q_value[4])
    assert result.hot_spot_bin[4] == 0
    assert np.isfinite(result.z[:4]).all()
    assert (result.q_value[:4] >= result.p_value[:4]).all()
    assert_allclose(result.p_value[:4], np.minimum(1, 2 * result.p_sim[:4]))


def test_gi_star_time_slices_equal_separate_calls():
    rng = np.random.default_rng(4)
    weights = queen_weights(_grid(6, 7))
    y = rng.poisson(3, (3, weights.n))
    together = getis_ord_gi_star(y, weights, seed=8, permutations=99)
    for t in range(3):
        alone = getis_ord_gi_star(y[t], weights, seed=8, permutations=99)
        assert_array_equal(together.z[t], alone.z)
        assert_array_equal(together.p_sim[t], alone.p_sim)


def test_gi_star_constant_values_have_no_hot_spots():
    result = getis_ord_gi_star(np.zeros(42), queen_weights(_grid(6, 7)), seed=1, permutations=99)
    assert (result.z == 0).all() and (result.p_sim == 1).all() and (result.hot_spot_bin == 0).all()


def test_gi_star_analytical_only():
    result = getis_ord_gi_star(np.arange(42.0), queen_weights(_grid(6, 7)), seed=1, permutations=0)
    assert np.isnan(result.p_sim).all()
    assert_array_equal(result.p_value, result.p_norm)


def test_gi_star_rejects_bad_input():
    weights = queen_weights(_grid(2, 2))
    with pytest.raises(ValueError, match=r"y has shape \(3,\): expected \(4,\)"):
        getis_ord_gi_star([1.0, 2.0, 3.0], weights, seed=1)
    with pytest.raises(ValueError, match=r"y\[2\] = nan: values must be finite"):
        getis_ord_gi_star([1.0, 2.0, np.nan, 1.0], weights, seed=1)


H, C, N = 3.0, -3.0, 0.5  # z of a significant hot spot, a significant cold spot, nothing


@pytest.mark.parametrize(
    ("z_series", "pattern"),
    [
        ([N, N, N, N, N, N, N, N, N, H], "new_hot_spot"),
        ([N, N, N, N, N, N, N, H, H, H], "consecutive_hot_spot"),
        ([2.0, 2.2, 2.5, 2.7, 3.0, 3.2, 3.5, 3.8, 4.0, 4.3], "intensifying_hot_spot"),
        ([3.1, 2.9, 3.3, 3.0, 2.8, 3.2, 3.0, 3.1, 2.9, 3.0], "persistent_hot_spot"),
        ([4.3, 4.0, 3.8, 3.5, 3.2, 3.0, 2.7, 2.5, 2.2, 2.0], "diminishing_hot_spot"),
        ([N, H, N, H, N, N, H, N, N, H], "sporadic_hot_spot"),
        ([N, C, N, N, N, N, N, N, H, H], "oscillating_hot_spot"),
        ([H, H, H, H, H, H, H, H, H, N], "historical_hot_spot"),
        ([N, N, N, N, N, N, N, N, N, C], "new_cold_spot"),
        ([N, N, N, N, N, N, N, N, C, C], "consecutive_cold_spot"),
        ([-2.0, -2.2, -2.5, -2.7, -3.0, -3.2, -3.5, -3.8, -4.0, -4.3], "intensifying_cold_spot"),
        ([-3.1, -2.9, -3.3, -3.0, -2.8, -3.2, -3.0, -3.1, -2.9, -3.0], "persistent_cold_spot"),
        ([-4.3, -4.0, -3.8, -3.5, -3.2, -3.0, -2.7, -2.5, -2.2, -2.0], "diminishing_cold_spot"),
        ([C, N, N, C, N, C, N, N, N, C], "sporadic_cold_spot"),
        ([H, N, N, N, N, N, N, N, N, C], "oscillating_cold_spot"),
        ([C, C, C, C, C, C, C, C, C, N], "historical_cold_spot"),
        ([N, H, H, N, N, N, N, N, N, N], "no_pattern"),
        ([N, N, N, N, N, N, N, N, N, np.nan], "not_analysed"),
    ],
)
def test_emerging_hot_spot_patterns(z_series, pattern):
    z = np.array(z_series)[:, None]
    p = np.where(np.abs(z) >= 1.96, 0.01, 0.6)
    assert emerging_hot_spots(z, p).pattern.tolist() == [pattern]
    assert pattern in EMERGING_PATTERNS


def test_emerging_hot_spots_reject_mismatched_shapes():
    with pytest.raises(ValueError, match=r"z has shape \(4, 2\) and p \(4, 3\)"):
        emerging_hot_spots(np.zeros((4, 2)), np.ones((4, 3)))
