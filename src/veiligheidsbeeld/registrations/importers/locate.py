"""Locating incidents: point in polygon of RD New (EPSG:28992) coordinates in the buurten of an indeling year.

The buurt boundaries (stored in WGS84) are projected to RD New once, so the points of an export are tested as
they come, without a projection per point. Vectorised per chunk: a bounding-box filter in numpy and one
``shapely.intersects_xy`` call per buurt, on prepared polygons, without a geometry object per point.
"""

from __future__ import annotations

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import shape

from veiligheidsbeeld.areas.models import Area, AreaLevel

__all__ = ["BuurtLocator", "grid_cell"]

_WGS84_TO_RD = Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)
#: The bounding box of RD New over the Netherlands (metres).
RD_BOUNDS = (0.0, 280_000.0, 300_000.0, 625_000.0)


def grid_cell(x: float, y: float, size: int = 100) -> str:
    """The RD grid cell (``size`` metres) of a point, named by its south-west corner in hectometres.

    Examples
    --------
    >>> grid_cell(234234, 583983)
    'E2342N5839'
    """
    return "E{:04d}N{:04d}".format(int(x // size) * size // 100, int(y // size) * size // 100)


class BuurtLocator:
    """Point-in-polygon over the buurten (with boundaries) of one gemeente, per indeling year, in RD New.

    A point on the shared edge of two buurten belongs to the first of them in code order; both the row-by-row
    and the columnar conversion of the BVH importer use :meth:`locate_ids`, so they agree.

    Parameters
    ----------
    gemeente : Gemeente
    """

    def __init__(self, gemeente):
        #: year -> (prepared polygons in RD, their bounds (n x 4), areas), in code order.
        self.layers: dict[int, tuple[np.ndarray, np.ndarray, list[Area]]] = {}
        by_year: dict[int, list[Area]] = {}
        buurten = Area.objects.filter(gemeente=gemeente, level=AreaLevel.BUURT, geometry__isnull=False)
        for area in buurten.order_by("code"):
            by_year.setdefault(area.year, []).append(area)
        for year, areas in by_year.items():
            polygons = np.array([shapely.transform(shape(a.geometry), _to_rd, interleaved=False) for a in areas])
            for a in areas:
                a.geometry = None  # the shapes are in the layer; keep memory small
            shapely.prepare(polygons)
            self.layers[year] = (polygons, shapely.bounds(polygons), areas)
        self.years = sorted(self.layers)

    def year_for(self, year: int) -> int | None:
        """The indeling valid in ``year``: the newest not after it, else the oldest with boundaries."""
        if not self.years:
            return None
        before = [y for y in self.years if y <= year]
        return before[-1] if before else self.years[0]

    def locate_ids(self, x: np.ndarray, y: np.ndarray, year: int) -> np.ndarray:
        """The id of the buurt of the indeling ``year`` holding each RD New point (0 outside every buurt)."""
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        found = np.zeros(len(x), dtype=np.int64)
        if year not in self.layers or not len(x):
            return found
        polygons, bounds, areas = self.layers[year]
        for polygon, (x0, y0, x1, y1), area in zip(polygons, bounds, areas):
            candidates = np.flatnonzero((x >= x0) & (x <= x1) & (y >= y0) & (y <= y1) & (found == 0))
            if candidates.size:
                inside = shapely.intersects_xy(polygon, x[candidates], y[candidates])
                found[candidates[inside]] = area.id
        return found

    def locate(self, x: np.ndarray, y: np.ndarray, year: int) -> list[Area | None]:
        """As :meth:`locate_ids`, as areas (None outside every buurt)."""
        if year not in self.layers:
            return [None] * len(x)
        by_id = {a.id: a for a in self.layers[year][2]}
        return [by_id.get(i) for i in self.locate_ids(x, y, year).tolist()]


def _to_rd(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return _WGS84_TO_RD.transform(lon, lat)
