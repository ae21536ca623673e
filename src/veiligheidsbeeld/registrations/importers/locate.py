"""Locating incidents: RD New (EPSG:28992) to WGS84, then point-in-polygon in the buurten of an indeling year.

Vectorised per chunk: one pyproj call and one shapely STRtree query for thousands of points.
"""

from __future__ import annotations

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import shape
from shapely.strtree import STRtree

from veiligheidsbeeld.areas.models import Area, AreaLevel

__all__ = ["BuurtLocator", "grid_cell", "rd_to_wgs84"]

_RD_TO_WGS84 = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)
#: The bounding box of RD New over the Netherlands (metres).
RD_BOUNDS = (0.0, 280_000.0, 300_000.0, 625_000.0)


def rd_to_wgs84(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Longitudes and latitudes of RD New coordinates."""
    return _RD_TO_WGS84.transform(x, y)


def grid_cell(x: float, y: float, size: int = 100) -> str:
    """The RD grid cell (``size`` metres) of a point, named by its south-west corner in hectometres.

    Examples
    --------
    >>> grid_cell(234234, 583983)
    'E2342N5839'
    """
    return "E{:04d}N{:04d}".format(int(x // size) * size // 100, int(y // size) * size // 100)


class BuurtLocator:
    """Point-in-polygon over the buurten (with boundaries) of one gemeente, per indeling year.

    Parameters
    ----------
    gemeente : Gemeente
    """

    def __init__(self, gemeente):
        self.trees: dict[int, tuple[STRtree, list[Area]]] = {}
        by_year: dict[int, list[Area]] = {}
        for area in Area.objects.filter(gemeente=gemeente, level=AreaLevel.BUURT, geometry__isnull=False):
            by_year.setdefault(area.year, []).append(area)
        for year, areas in by_year.items():
            geometries = [shape(a.geometry) for a in areas]
            for a in areas:
                a.geometry = None  # the shapes are in the tree; keep memory small
            self.trees[year] = (STRtree(geometries), areas)
        self.years = sorted(self.trees)

    def year_for(self, year: int) -> int | None:
        """The indeling valid in ``year``: the newest not after it, else the oldest with boundaries."""
        if not self.years:
            return None
        before = [y for y in self.years if y <= year]
        return before[-1] if before else self.years[0]

    def locate(self, lon: np.ndarray, lat: np.ndarray, year: int) -> list[Area | None]:
        """The buurt of the indeling ``year`` containing each point (None outside every buurt)."""
        found: list[Area | None] = [None] * len(lon)
        if year not in self.trees or not len(lon):
            return found
        tree, areas = self.trees[year]
        points = shapely.points(lon, lat)
        point_index, area_index = tree.query(points, predicate="intersects")
        for p, a in zip(point_index.tolist(), area_index.tolist()):
            if found[p] is None:
                found[p] = areas[a]
        return found

    def locate_ids(self, lon: np.ndarray, lat: np.ndarray, year: int) -> np.ndarray:
        """As :meth:`locate`, as an array of area ids (0 outside every buurt), without a Python object per
        point: the same first match per point."""
        found = np.zeros(len(lon), dtype=np.int64)
        if year not in self.trees or not len(lon):
            return found
        tree, areas = self.trees[year]
        point_index, area_index = tree.query(shapely.points(lon, lat), predicate="intersects")
        points, first = np.unique(point_index, return_index=True)
        ids = np.fromiter((a.id for a in areas), dtype=np.int64, count=len(areas))
        found[points] = ids[area_index[first]]
        return found
