"""Boundary geometry: coordinate reference system, conversion to WGS84, repair and rounding.

CRS rules, in order: an explicit ``crs`` argument; the CRS the file declares (the GeoJSON ``crs`` member, the
shapefile's ``.prj``); otherwise the coordinate ranges of all geometries in the file: longitude -180..180 and
latitude -90..90 is WGS84 (EPSG:4326), x 0..300,000 and y 289,000..629,000 is RD New (EPSG:28992). Anything else
cannot be told and must be passed as ``crs``. After conversion every coordinate must lie within WGS84 ranges,
which catches a wrong declaration (RD metres labelled as degrees).

Output geometries are (multi)polygons in WGS84 longitude/latitude, converted with pyproj (``always_xy``), repaired
with ``shapely.make_valid`` when invalid (keeping the polygonal part), snapped to a 1e-7 degree grid (about 1 cm;
this may move a ring's start vertex), oriented as RFC 7946 asks (exterior rings counter-clockwise) and written as
GeoJSON dicts with coordinates rounded to 7 decimals.
"""

import numpy as np
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

__all__ = [
    "DECIMALS",
    "RD_NEW",
    "WGS84",
    "check_wgs84",
    "clean_polygonal",
    "crs_from_coordinates",
    "parse_crs",
    "to_geojson",
    "to_wgs84",
]

WGS84 = CRS.from_epsg(4326)
RD_NEW = CRS.from_epsg(28992)
DECIMALS = 7
_RD_X = (0.0, 300_000.0)
_RD_Y = (289_000.0, 629_000.0)


def parse_crs(value: object) -> CRS:
    """Return the CRS for anything pyproj accepts (``"EPSG:28992"``, 28992, an OGC URN, WKT from a ``.prj``).

    Raises
    ------
    ValueError
        When pyproj does not recognise it.
    """
    try:
        return CRS.from_user_input(value)
    except CRSError as exc:
        raise ValueError(f"unknown coordinate reference system: {exc}") from None


def crs_from_coordinates(geometries: list[BaseGeometry]) -> CRS:
    """Tell WGS84 from RD New by the coordinate ranges of all geometries.

    Raises
    ------
    ValueError
        When the ranges fit neither.

    Examples
    --------
    >>> from shapely import Point
    >>> crs_from_coordinates([Point(233_000, 582_000)]).to_string()
    'EPSG:28992'
    """
    min_x, min_y, max_x, max_y = shapely.total_bounds(geometries)
    if -180 <= min_x and max_x <= 180 and -90 <= min_y and max_y <= 90:
        return WGS84
    if _RD_X[0] <= min_x and max_x <= _RD_X[1] and _RD_Y[0] <= min_y and max_y <= _RD_Y[1]:
        return RD_NEW
    raise ValueError(
        f"cannot tell the coordinate reference system from coordinates x {min_x:g}..{max_x:g}, "
        f"y {min_y:g}..{max_y:g} (neither WGS84 nor RD New): pass crs="
    )


def to_wgs84(geometries: list[BaseGeometry], crs: CRS) -> list[BaseGeometry]:
    """Convert geometries from ``crs`` to WGS84 longitude/latitude."""
    if crs.equals(WGS84, ignore_axis_order=True):
        return list(geometries)
    transformer = Transformer.from_crs(crs, WGS84, always_xy=True)

    def convert(xy: np.ndarray) -> np.ndarray:
        return np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))

    return list(shapely.transform(np.asarray(geometries, dtype=object), convert))


def check_wgs84(geometries: list[BaseGeometry]) -> None:
    """Raise ValueError when any coordinate lies outside longitude -180..180 or latitude -90..90."""
    if not geometries:
        return
    min_x, min_y, max_x, max_y = shapely.total_bounds(geometries)
    if not (-180 <= min_x and max_x <= 180 and -90 <= min_y and max_y <= 90):
        raise ValueError(
            f"coordinates after conversion lie outside WGS84 (longitude {min_x:g}..{max_x:g}, latitude "
            f"{min_y:g}..{max_y:g}): the coordinate reference system of the file is probably wrong"
        )


def clean_polygonal(geometry: BaseGeometry) -> tuple[BaseGeometry, bool]:
    """Return a valid, oriented (multi)polygon at the output precision, and whether it had to be repaired.

    Raises
    ------
    ValueError
        For an empty or non-polygonal geometry, or an invalid one that cannot be repaired.
    """
    if geometry.is_empty:
        raise ValueError("empty geometry")
    if geometry.geom_type not in ("Polygon", "MultiPolygon"):
        raise ValueError(f"{geometry.geom_type} is not a polygon")
    repaired = not geometry.is_valid
    if repaired:
        reason = shapely.is_valid_reason(geometry)
        geometry = _polygonal_part(shapely.make_valid(geometry))
        if geometry.is_empty:
            raise ValueError(f"invalid geometry that cannot be repaired ({reason})")
    geometry = _polygonal_part(shapely.set_precision(geometry, 10.0**-DECIMALS))
    if geometry.is_empty or not geometry.is_valid:
        raise ValueError(f"geometry collapses at {DECIMALS} decimals")
    return shapely.orient_polygons(geometry), repaired


def to_geojson(geometry: BaseGeometry) -> dict:
    """Return the GeoJSON dict of a geometry, coordinates as lists rounded to ``DECIMALS``."""
    data = mapping(geometry)
    return {"type": data["type"], "coordinates": _rounded(data["coordinates"])}


def _polygonal_part(geometry: BaseGeometry) -> BaseGeometry:
    """Return the polygons of a geometry (collections from ``make_valid`` may hold lines and points too)."""
    if geometry.geom_type == "GeometryCollection":
        polygons = [part for part in geometry.geoms if part.geom_type in ("Polygon", "MultiPolygon")]
        return shapely.union_all(polygons) if polygons else shapely.Polygon()
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    return shapely.Polygon()


def _rounded(coordinates: object) -> object:
    if isinstance(coordinates[0], float | int):
        return [round(float(value), DECIMALS) for value in coordinates]
    return [_rounded(part) for part in coordinates]
