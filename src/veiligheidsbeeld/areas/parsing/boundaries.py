"""Area boundaries (wijk- en buurtkaart) from GeoJSON, zipped ESRI shapefiles and CSV with a WKT column.

Formats: ``.zip`` (one shapefile inside) or ``.shp`` (sibling ``.dbf``/``.shx``/``.prj``/``.cpg``) is read with
pyshp, problems located by record number; other files are GeoJSON when the text starts with ``{`` (problems by
feature number), else CSV with a WKT geometry column (problems by line; delimiter comma, semicolon or tab).

Properties are matched case-insensitively. The code is the first of ``CODE_COLUMNS`` present (the CBS kaart
``BU_CODE``/``WK_CODE``/``GM_CODE``, PDOK ``statcode``, ``buurtcode``/``wijkcode``/``gemeentecode``, or the
gemeente's own ``CODE``); the name comes from the column paired with it (``BU_NAAM``, ``statnaam``, ``wijknaam``,
``NAAM``...) and is None when the file has none. The level follows from the code; parent and gemeente codes are
derived from it, and any wijk or gemeente code the file also states must agree. The gemeente's and the wijk's
names come from ``GM_NAAM``/``gemeentenaam`` and ``WK_NAAM``/``wijknaam`` when the file has them (a gemeente is
never named by its code). A file whose features carry none of the code properties is refused once, naming the
properties expected and those found. The population comes from
``AANT_INW``, ``aantal_inwoners``, ``aantalInwoners`` or ``INW`` when present; CBS secrecy codes (-99999997 and
the like) become None. See :mod:`.geometry` for CRS detection and geometry rules.
"""

import io
import json
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import shapefile
from pyproj import CRS
from shapely import wkt
from shapely.errors import ShapelyError
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from .codes import Level, gemeente_code, level_of, parent_code
from .counts import parse_count
from .files import find_name, parse_csv, read_text
from .geometry import check_wgs84, clean_polygonal, crs_from_coordinates, parse_crs, to_geojson, to_wgs84
from .problems import AreaFileError, Problem

__all__ = ["CODE_COLUMNS", "GEOMETRY_COLUMNS", "BoundaryFile", "BoundaryRecord", "parse_boundaries"]

#: Code columns by priority, each with its name column.
CODE_COLUMNS = {
    "statcode": "statnaam",
    "code": "naam",
    "bu_code": "bu_naam",
    "buurtcode": "buurtnaam",
    "wk_code": "wk_naam",
    "wijkcode": "wijknaam",
    "gm_code": "gm_naam",
    "gemeentecode": "gemeentenaam",
}
WIJK_COLUMNS = ("wk_code", "wijkcode")
GEMEENTE_COLUMNS = ("gm_code", "gemeentecode")
#: Columns naming the gemeente and the wijk of a feature.
GEMEENTE_NAME_COLUMNS = ("gm_naam", "gemeentenaam")
WIJK_NAME_COLUMNS = ("wk_naam", "wijknaam")
#: Columns naming the feature itself (besides the name paired with its code column).
NAME_COLUMNS = ("statnaam", "bu_naam", "buurtnaam", "wk_naam", "wijknaam", "gm_naam", "gemeentenaam", "naam", "name")
POPULATION_COLUMNS = ("aant_inw", "aantal_inwoners", "aantalinwoners", "inw")
GEOMETRY_COLUMNS = ("geometry", "wkt", "wkt_geom", "geom", "the_geom")


@dataclass(frozen=True)
class BoundaryRecord:
    """One area with its boundary.

    Attributes
    ----------
    code : str
    name : str or None
        None when the file has no name column.
    level : Level
    parent_code : str or None
        The wijk of a buurt, the gemeente of a wijk, None for a gemeente.
    gemeente_code : str
    population : int or None
        From ``AANT_INW`` and similar; None when absent or secret.
    geometry : dict
        GeoJSON Polygon or MultiPolygon in WGS84 (longitude, latitude), valid, coordinates rounded to 7 decimals.
    gemeente_name : str or None
        The gemeente's name (``GM_NAAM``, ``gemeentenaam``; a gemeente's own name), None when the file has none.
    wijk_name : str or None
        The wijk's name for a buurt (``WK_NAAM``, ``wijknaam``), None when the file has none.
    """

    code: str
    name: str | None
    level: Level
    parent_code: str | None
    gemeente_code: str
    population: int | None
    geometry: dict
    gemeente_name: str | None = None
    wijk_name: str | None = None


@dataclass(frozen=True)
class BoundaryFile:
    """The boundaries read from one file.

    Attributes
    ----------
    records : tuple of BoundaryRecord
        In file order, only those of the asked level.
    source_crs : str
        The CRS of the file, e.g. ``"EPSG:28992"``.
    crs_source : str
        How it was determined: ``"argument"``, ``"file"`` (GeoJSON ``crs`` member or ``.prj``) or ``"coordinates"``.
    repaired : tuple of str
        Codes whose invalid geometry was repaired with ``make_valid``.
    properties : tuple of str
        The property (column) names the features carry, for messages about what the file lacks.
    """

    records: tuple[BoundaryRecord, ...]
    source_crs: str
    crs_source: str
    repaired: tuple[str, ...]
    properties: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Feature:
    number: int
    properties: Mapping[str, object]
    geometry: BaseGeometry


@dataclass(frozen=True)
class _Source:
    unit: str
    columns: tuple[str, ...] | None  # shared by all features (CSV, shapefile); None for GeoJSON
    declared_crs: str | None
    features: list[_Feature]
    problems: list[Problem]


def parse_boundaries(path: str | Path, level: str | None = None, *, crs: object = None) -> BoundaryFile:
    """Read area boundaries and convert them to WGS84 GeoJSON geometries.

    Parameters
    ----------
    path : str or Path
        ``.geojson``/``.json``, ``.zip``/``.shp`` or ``.csv`` with a WKT column.
    level : {"gemeente", "wijk", "buurt"} or None
        Keep only features of this level; None keeps all.
    crs : str, int or pyproj.CRS, optional
        CRS of the coordinates, overriding what the file declares.

    Returns
    -------
    BoundaryFile

    Raises
    ------
    ValueError
        For an unknown ``level`` or ``crs`` argument.
    AreaFileError
        With every problem found: no code or geometry column, geometries that do not parse, are not polygons or
        cannot be repaired, malformed or duplicate codes, wijk or gemeente codes that contradict the code,
        invalid populations, an undeterminable or wrong CRS.
    """
    path = Path(path)
    if level is not None and level not in tuple(Level):
        raise ValueError(f"unknown level {level!r}: use one of {', '.join(Level)} or None")
    explicit_crs = parse_crs(crs) if crs is not None else None
    if path.suffix.lower() in (".zip", ".shp"):
        source = _read_shapefile(path)
    else:
        text = read_text(path)
        source = _read_geojson(path, text) if text.lstrip()[:1] == "{" else _read_wkt_csv(path, text)
    problems = list(source.problems)
    properties = _property_names(source)
    if find_name(properties, CODE_COLUMNS) is None and (source.columns is not None or source.features):
        what = "column" if source.columns is not None else "property"
        reason = "no code {} (expected one of {}; found {})".format(
            what, ", ".join(CODE_COLUMNS), ", ".join(properties) or "none"
        )
        raise AreaFileError(path, [*problems, Problem(None, None, None, reason)], source.unit)
    kept = _select(source, level, problems)
    if not kept and not problems:
        problems.append(Problem(None, None, None, f"no {level or 'area'} features in file"))

    geometries = [feature.geometry for feature, _ in kept]
    records, repaired, converted = [], [], []
    if geometries:
        try:
            source_crs, crs_source = _source_crs(explicit_crs, source.declared_crs, geometries)
            converted = to_wgs84(geometries, source_crs)
            check_wgs84(converted)
        except ValueError as exc:
            problems.append(Problem(None, None, None, str(exc)))
            converted = []
    for (feature, fields), geometry in zip(kept, converted):
        try:
            geometry, was_repaired = clean_polygonal(geometry)
        except ValueError as exc:
            problems.append(Problem(feature.number, None, fields["code"], str(exc)))
            continue
        if was_repaired:
            repaired.append(fields["code"])
        records.append(BoundaryRecord(**fields, geometry=to_geojson(geometry)))
    if problems:
        raise AreaFileError(path, problems, source.unit)
    return BoundaryFile(tuple(records), source_crs.to_string(), crs_source, tuple(repaired), properties)


def _property_names(source: _Source) -> tuple[str, ...]:
    """The column names, or for GeoJSON every property name in file order (geometry columns left out)."""
    if source.columns is not None:
        names = source.columns
    else:
        names = tuple(dict.fromkeys(name for feature in source.features for name in feature.properties))
    return tuple(name for name in names if name and name.lower() not in GEOMETRY_COLUMNS)


def _select(source: _Source, level: str | None, problems: list[Problem]) -> list[tuple[_Feature, dict]]:
    """Return the features of ``level`` with their record fields, adding problems and skipping duplicates."""
    first = {}
    kept = []
    for feature in source.features:
        fields = _record_fields(feature, problems)
        if fields is None or (level is not None and fields["level"] != level):
            continue
        code = fields["code"]
        if code in first:
            column = find_name(feature.properties, CODE_COLUMNS)
            reason = f"duplicate code (first at {source.unit} {first[code]})"
            problems.append(Problem(feature.number, column, code, reason))
            continue
        first[code] = feature.number
        kept.append((feature, fields))
    return kept


def _source_crs(
    explicit: CRS | None, declared: str | None, geometries: list[BaseGeometry]
) -> tuple[CRS, str]:
    """Return the CRS of the file and how it was determined (see :mod:`.geometry`)."""
    if explicit is not None:
        return explicit, "argument"
    if declared is not None:
        return parse_crs(declared), "file"
    return crs_from_coordinates(geometries), "coordinates"


def _record_fields(feature: _Feature, problems: list[Problem]) -> dict[str, object] | None:
    """Return the BoundaryRecord fields of a feature but its geometry, or None after adding its problems."""
    properties = feature.properties
    code_column = find_name(properties, CODE_COLUMNS)
    if code_column is None:
        reason = f"no code property (expected one of {', '.join(CODE_COLUMNS)})"
        problems.append(Problem(feature.number, None, None, reason))
        return None
    code = _text(properties[code_column])
    try:
        level = level_of(code)
    except ValueError as exc:
        problems.append(Problem(feature.number, code_column, code, str(exc)))
        return None
    found = len(problems)
    expected = {"wijk": parent_code(code) if level is Level.BUURT else None, "gemeente": gemeente_code(code)}
    for what, columns in (("wijk", WIJK_COLUMNS), ("gemeente", GEMEENTE_COLUMNS)):
        column = find_name(properties, columns)
        stated = _text(properties[column]) if column not in (None, code_column) else ""
        if stated and expected[what] and stated != expected[what]:
            reason = f"{what} code does not match {code} (expected {expected[what]})"
            problems.append(Problem(feature.number, column, stated, reason))
    name_column = find_name(properties, (CODE_COLUMNS[code_column.lower()], "naam", "name"))
    population_column = find_name(properties, POPULATION_COLUMNS)
    population = None
    if population_column is not None:
        value = properties[population_column]
        try:
            population = parse_count(value, secrecy_is_none=True)
        except ValueError as exc:
            problems.append(Problem(feature.number, population_column, str(value), str(exc)))
    if len(problems) > found:
        return None
    name = _text(properties[name_column]) if name_column else ""
    gemeente_name_column = find_name(properties, GEMEENTE_NAME_COLUMNS)
    gemeente_name = _text(properties[gemeente_name_column]) if gemeente_name_column else ""
    if level is Level.GEMEENTE and not gemeente_name:
        gemeente_name = name
    wijk_name_column = find_name(properties, WIJK_NAME_COLUMNS) if level is Level.BUURT else None
    return {
        "gemeente_name": gemeente_name or None,
        "wijk_name": (_text(properties[wijk_name_column]) or None) if wijk_name_column else None,
        "code": code,
        "name": name or None,
        "level": level,
        "parent_code": parent_code(code),
        "gemeente_code": gemeente_code(code),
        "population": population,
    }


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _read_geojson(path: Path, text: str) -> _Source:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AreaFileError(
            path, [Problem(exc.lineno, None, None, f"JSON does not parse: {exc.msg}")]
        ) from None
    if data.get("type") != "FeatureCollection" or not isinstance(data.get("features"), list):
        raise AreaFileError(path, [Problem(None, None, None, "not a GeoJSON FeatureCollection")])
    declared = (data.get("crs") or {}).get("properties", {}).get("name")
    features, problems = [], []
    for number, item in enumerate(data["features"], start=1):
        if not isinstance(item, dict) or item.get("type") != "Feature":
            problems.append(Problem(number, None, None, "not a GeoJSON Feature"))
            continue
        if not item.get("geometry"):
            problems.append(Problem(number, "geometry", None, "feature has no geometry"))
            continue
        try:
            geometry = shape(item["geometry"])
        except (ShapelyError, ValueError, TypeError, KeyError, IndexError) as exc:
            problems.append(Problem(number, "geometry", None, f"geometry does not parse: {exc}"))
            continue
        features.append(_Feature(number, item.get("properties") or {}, geometry))
    return _Source("feature", None, declared, features, problems)


def _read_wkt_csv(path: Path, text: str) -> _Source:
    table = parse_csv(path, text)
    column = table.column(*GEOMETRY_COLUMNS)
    if column is None:
        reason = f"no geometry column (expected one of {', '.join(GEOMETRY_COLUMNS)})"
        raise AreaFileError(path, [Problem(1, None, None, reason)])
    features, problems = [], []
    for line, row in table.rows:
        try:
            geometry = wkt.loads(row[column])
        except ShapelyError as exc:
            value = row[column] if len(row[column]) <= 40 else row[column][:40] + "..."
            problems.append(Problem(line, column, value, f"WKT does not parse: {exc}"))
            continue
        features.append(_Feature(line, row, geometry))
    return _Source("line", table.columns, None, features, problems)


def _read_shapefile(path: Path) -> _Source:
    parts = _shapefile_parts(path)
    missing = [suffix for suffix in ("shp", "shx", "dbf") if suffix not in parts]
    if missing:
        reason = f"shapefile incomplete: no .{', .'.join(missing)}"
        raise AreaFileError(path, [Problem(None, None, None, reason)], "record")
    encoding = parts["cpg"].decode("ascii", "replace").strip() if "cpg" in parts else "utf-8"
    encoding = "cp" + encoding if encoding.isdigit() else encoding  # ESRI writes code pages as "1252"
    features, problems = [], []
    try:
        reader = shapefile.Reader(
            shp=io.BytesIO(parts["shp"]),
            shx=io.BytesIO(parts["shx"]),
            dbf=io.BytesIO(parts["dbf"]),
            encoding=encoding,
        )
        columns = tuple(field[0] for field in reader.fields[1:])
        for number, item in enumerate(reader.iterShapeRecords(), start=1):
            if item.shape.shapeType == shapefile.NULL:
                problems.append(Problem(number, None, None, "record has no geometry"))
                continue
            try:
                geometry = shape(item.shape.__geo_interface__)
            except (ShapelyError, ValueError, TypeError) as exc:
                problems.append(Problem(number, None, None, f"geometry does not parse: {exc}"))
                continue
            features.append(_Feature(number, item.record.as_dict(), geometry))
    except (UnicodeDecodeError, LookupError):
        reason = f"attribute table (.dbf) is not {encoding}: add a .cpg file naming its encoding"
        raise AreaFileError(path, [*problems, Problem(None, None, None, reason)], "record") from None
    except shapefile.ShapefileException as exc:
        raise AreaFileError(
            path, [*problems, Problem(None, None, None, f"broken shapefile: {exc}")], "record"
        ) from None
    prj = parts["prj"].decode("utf-8", "replace") if "prj" in parts else None
    return _Source("record", columns, prj, features, problems)


def _shapefile_parts(path: Path) -> dict[str, bytes]:
    """Return the files of one shapefile by lower-case suffix, from a zip or from beside a ``.shp``."""
    if path.suffix.lower() == ".shp":
        siblings = [candidate for candidate in path.parent.glob(path.stem + ".*") if candidate.is_file()]
        return {candidate.suffix[1:].lower(): candidate.read_bytes() for candidate in siblings}
    try:
        with zipfile.ZipFile(path) as archive:
            names = [name for name in archive.namelist() if not name.endswith("/")]
            shps = [name for name in names if name.lower().endswith(".shp")]
            if len(shps) != 1:
                reason = f"zip holds {len(shps)} shapefiles, expected exactly one"
                raise AreaFileError(path, [Problem(None, None, None, reason)], "record")
            stem = shps[0][:-4]
            return {
                name[len(stem) + 1 :].lower(): archive.read(name)
                for name in names
                if name[: len(stem) + 1].lower() == stem.lower() + "."
            }
    except zipfile.BadZipFile as exc:
        raise AreaFileError(path, [Problem(None, None, None, f"not a zip file: {exc}")], "record") from None
