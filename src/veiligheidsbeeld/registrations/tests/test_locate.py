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
    polygons = np.array([box(*b) for _, b in boxes])
    shapely.prepare(polygons)
    locator.layers = {2017: (polygons, shapely.bounds(polygons), areas)}
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


def test_many_points_agree_with_a_tree_query():
    """The per-buurt bounding-box filter gives what a spatial index query gives (the first match in code order),
    on random points and overlapping boxes."""
    rng = np.random.default_rng(5)
    boxes = [(i + 1, (x0, y0, x0 + w, y0 + h)) for i, (x0, y0, w, h) in enumerate(
        rng.integers(0, 900, size=(40, 4)).tolist())]
    locator = _locator(boxes)
    x, y = rng.integers(0, 1000, 5000).astype(float), rng.integers(0, 1000, 5000).astype(float)
    tree = shapely.STRtree(np.array([box(*b) for _, b in boxes]))
    points, polygons = tree.query(shapely.points(x, y), predicate="intersects")
    first = np.full(len(x), len(boxes), dtype=np.int64)
    np.minimum.at(first, points, polygons)
    expected = np.array([area_id for area_id, _ in boxes] + [0])[first]
    assert (locator.locate_ids(x, y, 2017) == expected).all()
