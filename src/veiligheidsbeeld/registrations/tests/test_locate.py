"""Point in polygon of the BVH importer: inside, outside, and on an edge shared by two buurten."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import shapely
from shapely.geometry import box

from veiligheidsbeeld.registrations.importers.locate import BuurtLocator


def _locator(boxes: list[tuple[int, tuple]]) -> BuurtLocator:
    """A locator of RD New boxes (id, bounds), in the given (code) order, without a database."""
    locator = BuurtLocator.__new__(BuurtLocator)
    areas = [SimpleNamespace(id=area_id) for area_id, _ in boxes]
    ids = np.array([a.id for a in areas] + [0], dtype=np.int64)
    locator.layers = {2017: (shapely.STRtree(np.array([box(*b) for _, b in boxes])), ids, areas)}
    locator.years = [2017]
    return locator


def test_inside_outside_and_shared_edges_go_to_the_first_in_code_order():
    locator = _locator([(7, (0, 0, 100, 100)), (3, (100, 0, 200, 100)), (9, (0, 100, 200, 200))])
    x = np.array([50.0, 150.0, 100.0, 100.0, 300.0, 50.0, 150.0])
    y = np.array([50.0, 50.0, 50.0, 100.0, 50.0, 150.0, 100.0])
    assert locator.locate_ids(x, y, 2017).tolist() == [7, 3, 7, 7, 0, 9, 3]
    assert locator.locate_ids(np.array([]), np.array([]), 2017).tolist() == []
    assert locator.locate_ids(x, y, 2016).tolist() == [0] * 7
    assert [a and a.id for a in locator.locate(x[:2], y[:2], 2017)] == [7, 3]


def test_many_points_agree_with_one_test_per_polygon():
    """The R-tree query gives what testing every polygon in code order gives, on random points."""
    rng = np.random.default_rng(5)
    boxes = [(i + 1, (x0, y0, x0 + w, y0 + h)) for i, (x0, y0, w, h) in enumerate(
        rng.integers(0, 900, size=(40, 4)).tolist())]
    locator = _locator(boxes)
    x, y = rng.integers(0, 1000, 5000).astype(float), rng.integers(0, 1000, 5000).astype(float)
    expected = np.zeros(len(x), dtype=np.int64)
    for area_id, bounds in boxes:
        free = expected == 0
        expected[free & shapely.intersects_xy(box(*bounds), x, y)] = area_id
    assert (locator.locate_ids(x, y, 2017) == expected).all()
