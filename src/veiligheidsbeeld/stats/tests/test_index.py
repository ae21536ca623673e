import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from veiligheidsbeeld.stats import safety_index

COMPONENTS = {
    "crime": [[40.0, 60.0, 80.0], [44.0, 54.0, 88.0]],  # registered crimes per 1,000
    "nuisance": [[10.0, 30.0, 20.0], [12.0, 27.0, np.nan]],  # nuisance reports per 1,000
    "perception": [[20.0, 30.0, 25.0], [18.0, np.nan, np.nan]],  # % feeling unsafe
}
POPULATION = [1_000, 3_000, 1_000]


def test_base_period_gemeente_average_is_100():
    result = safety_index(COMPONENTS, population=POPULATION)
    for name, values in COMPONENTS.items():
        base = np.asarray(values)[0]
        average = np.average(base, weights=POPULATION)
        assert result.base_values[name] == pytest.approx(average)
        assert np.average(result.sub_indices[name][0], weights=POPULATION) == pytest.approx(100)
    assert np.average(result.index[0], weights=POPULATION) == pytest.approx(100)


@pytest.mark.parametrize(
    ("weights", "area", "expected"),
    [
        # Base averages (population weighted): crime 60, nuisance 24, perception 27.
        (None, 0, (44 / 60 + 12 / 24 + 18 / 27) * 100 / 3),  # equal weights, all three present
        ({"crime": 2, "nuisance": 1, "perception": 1}, 0, (2 * 44 / 60 + 12 / 24 + 18 / 27) * 100 / 4),
        (None, 1, (54 / 60 + 27 / 24) * 100 / 2),  # perception missing: re-normalised over two
        (None, 2, 88 / 60 * 100),  # only crime left
    ],
)
def test_weighted_composite_with_missing_components(weights, area, expected):
    result = safety_index(COMPONENTS, population=POPULATION, weights=weights)
    assert result.index[1, area] == pytest.approx(expected)


def test_weights_and_completeness_are_reported():
    result = safety_index(
        COMPONENTS, population=POPULATION, weights={"crime": 2, "nuisance": 1, "perception": 1}
    )
    assert_array_equal(result.complete, [[True, True, True], [True, False, False]])
    assert_allclose(result.weights["crime"][1], [0.5, 2 / 3, 1.0])
    assert_allclose(sum(result.weights.values()), 1.0)


def test_unweighted_average_without_population():
    result = safety_index({"crime": [[10.0, 30.0]]})
    assert_allclose(result.index, [[50.0, 150.0]])


def test_later_base_period():
    result = safety_index({"crime": [[10.0, 30.0], [20.0, 20.0]]}, base_period=1)
    assert_allclose(result.index, [[50.0, 150.0], [100.0, 100.0]])


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"components": {}}, "components is empty"),
        (
            {"components": {"crime": [1.0]}, "weights": {"nuisance": 1}},
            r"needs exactly the component names \['crime'\]",
        ),
        ({"components": {"crime": [1.0]}, "weights": {"crime": 0}}, r"weights\['crime'\] = 0"),
        ({"components": {"crime": [1.0, 2.0], "nuisance": [1.0]}}, "component 'nuisance' has shape"),
        ({"components": {"crime": [0.0, 0.0]}}, "the gemeente average in base period 0 is 0.0"),
        ({"components": {"crime": [1.0, -2.0]}}, r"crime\[1\] = -2.0: must be non-negative"),
        ({"components": {"crime": [1.0]}, "base_period": 3}, "base_period=3 is not valid"),
    ],
)
def test_invalid_input_is_rejected(arguments, message):
    with pytest.raises(ValueError, match=message):
        safety_index(**arguments)
