"""The CBS/StatLine region dimension table (``<table>_WijkenEnBuurten.csv``, ``<table>_RegioS.csv``).

The file lists regions of the Netherlands with the columns ``Key`` (code padded with spaces), ``Title``
(name), ``Description``, ``Municipality`` and ``DetailRegionCode`` (the last three optional for the national
register: police tables such as 47013NED have ``Key``, ``Title``, ``Description`` and ``CategoryGroupID``).

:func:`parse_regions` reads one gemeente with its wijken and buurten. Every row is checked (codes, duplicates,
municipality matching the code); the hierarchy is checked for the asked gemeente only. Rows above the gemeente
(``NL00``, ``PV..``, ``RE..``) and landsdelen/COROP rows are skipped.

:func:`parse_national_regions` reads the national register: every gemeente with its official name, Nederland,
the provincies and the politie regionale eenheden the file has. A level suffix StatLine adds to a title where a
name occurs at two levels (``Groningen (PV)``, ``Utrecht (gemeente)``, ``Noord-Nederland (RE)``) is removed. CBS
placeholder codes (``GM0000`` "Gemeente onbekend", ``GM0998`` "Buitenland") are not gemeenten and are skipped.

The region file does not state its indeling year. StatLine ships it in the table's DataProperties: the GeoDetail
dimension is described as e.g. "Wijken en buurten (indeling 2024)". When ``<table>_DataProperties.csv`` lies
beside the file (``47018NED_DataProperties.csv`` for ``47018NED_WijkenEnBuurten.csv``) the year is read from it;
otherwise ``RegionFile.year`` is None and the caller supplies the year.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from .codes import (
    UNREGISTERED_PREFIXES,
    Level,
    SupraLevel,
    gemeente_code,
    is_country_code,
    level_of,
    parent_code,
    supra_level_of,
)
from .files import parse_csv, read_text
from .problems import AreaFileError, Problem

__all__ = ["NationalRegionFile", "PLACEHOLDER_GEMEENTEN", "Region", "RegionFile", "parse_national_regions",
           "parse_regions"]

REQUIRED_COLUMNS = ("Key", "Title", "Municipality")
NATIONAL_COLUMNS = ("Key", "Title")
#: CBS codes in the gemeente range that are no gemeente.
PLACEHOLDER_GEMEENTEN = {"GM0000": "Gemeente onbekend", "GM0998": "Buitenland"}
_INDELING_YEAR = re.compile(r"indeling (\d{4})")
_LEVEL_SUFFIX = {
    SupraLevel.PROVINCIE: re.compile(r"\s*\(PV\)\s*$"),
    SupraLevel.REGIONALE_EENHEID: re.compile(r"\s*\(RE\)\s*$"),
    Level.GEMEENTE: re.compile(r"\s*\((?:gemeente|GM)\)\s*$"),
}


@dataclass(frozen=True)
class Region:
    """A gemeente, wijk or buurt.

    Attributes
    ----------
    code : str
        CBS code without padding, e.g. ``"BU00140000"``.
    name : str
        Name as published (Dutch).
    level : Level
    parent_code : str or None
        The wijk of a buurt, the gemeente of a wijk, None for a gemeente.
    """

    code: str
    name: str
    level: Level | SupraLevel
    parent_code: str | None


@dataclass(frozen=True)
class RegionFile:
    """The regions of one gemeente.

    Attributes
    ----------
    gemeente : Region
    wijken : tuple of Region
        In file order.
    buurten : tuple of Region
        In file order; each one's wijk is in ``wijken``.
    year : int or None
        Year of the wijk- en buurtindeling when the table metadata beside the file states it.
    """

    gemeente: Region
    wijken: tuple[Region, ...]
    buurten: tuple[Region, ...]
    year: int | None


def parse_regions(path: str | Path, gemeente: str) -> RegionFile:
    """Read the regions of one gemeente from a StatLine region dimension table.

    Parameters
    ----------
    path : str or Path
        E.g. ``47018NED_WijkenEnBuurten.csv``.
    gemeente : str
        Gemeente code, e.g. ``"GM0014"``.

    Returns
    -------
    RegionFile

    Raises
    ------
    ValueError
        When ``gemeente`` is not a gemeente code.
    AreaFileError
        With every problem found: missing columns, unknown or malformed codes, duplicate codes, a municipality
        that does not match the code, an empty name, a buurt whose wijk is missing, the gemeente not in the file.
    """
    path = Path(path)
    if _level_or_none(gemeente) is not Level.GEMEENTE:
        raise ValueError(f"gemeente must be a code like 'GM0014', got {gemeente!r}")
    table = parse_csv(path, read_text(path))
    columns = {name: table.column(name) for name in REQUIRED_COLUMNS}
    missing = [name for name, column in columns.items() if column is None]
    if missing:
        problems = [Problem(1, name, None, "missing column") for name in missing]
        raise AreaFileError(path, problems)
    key, title, municipality = (columns[name] for name in REQUIRED_COLUMNS)

    problems = []
    first_line = {}
    selected = []
    for line, row in table.rows:
        code = row[key].strip()
        if is_country_code(code) or supra_level_of(code) or code[:2] in UNREGISTERED_PREFIXES:
            continue
        try:
            level = level_of(code)
        except ValueError as exc:
            problems.append(Problem(line, key, code, str(exc)))
            continue
        if code in first_line:
            problems.append(Problem(line, key, code, f"duplicate code (first on line {first_line[code]})"))
            continue
        first_line[code] = line
        stated = row[municipality].strip()
        if stated and stated != gemeente_code(code):
            reason = f"municipality does not match code {code} (expected {gemeente_code(code)})"
            problems.append(Problem(line, municipality, stated, reason))
        name = row[title].strip()
        if not name:
            problems.append(Problem(line, title, "", "empty name"))
        if gemeente_code(code) == gemeente:
            selected.append((line, Region(code, name, level, parent_code(code))))

    by_level = {
        level: [(line, region) for line, region in selected if region.level is level] for level in Level
    }
    wijk_codes = {region.code for _, region in by_level[Level.WIJK]}
    for line, buurt in by_level[Level.BUURT]:
        if buurt.parent_code not in wijk_codes:
            problems.append(
                Problem(line, key, buurt.code, f"wijk {buurt.parent_code} of this buurt is missing")
            )
    if not by_level[Level.GEMEENTE]:
        problems.append(Problem(None, key, gemeente, "gemeente not in file"))
    if problems:
        raise AreaFileError(path, problems)
    return RegionFile(
        gemeente=by_level[Level.GEMEENTE][0][1],
        wijken=tuple(region for _, region in by_level[Level.WIJK]),
        buurten=tuple(region for _, region in by_level[Level.BUURT]),
        year=_indeling_year(path),
    )


@dataclass(frozen=True)
class NationalRegionFile:
    """The national register of a region dimension table.

    Attributes
    ----------
    land : Region or None
        Nederland (always code ``NL00``), when the file has a country row.
    provincies, regionale_eenheden, gemeenten : tuple of Region
        In file order, names without the StatLine level suffix.
    skipped : int
        Rows not registered: wijken, buurten, landsdelen, COROP regions and CBS placeholder codes.
    year : int or None
        Year of the indeling when the table metadata beside the file states it.
    """

    land: Region | None
    provincies: tuple[Region, ...]
    regionale_eenheden: tuple[Region, ...]
    gemeenten: tuple[Region, ...]
    skipped: int
    year: int | None


def parse_national_regions(path: str | Path) -> NationalRegionFile:
    """Read every gemeente, Nederland, the provincies and the regionale eenheden of a region dimension table.

    Parameters
    ----------
    path : str or Path
        E.g. ``47018NED_WijkenEnBuurten.csv`` or a police table's ``47013NED_RegioS.csv``.

    Returns
    -------
    NationalRegionFile

    Raises
    ------
    AreaFileError
        With every problem found: missing ``Key``/``Title`` columns, unknown or malformed codes, duplicate codes,
        a municipality that does not match the code, an empty name or a name that is only the code, no gemeente.
    """
    path = Path(path)
    table = parse_csv(path, read_text(path))
    missing = [name for name in NATIONAL_COLUMNS if table.column(name) is None]
    if missing:
        found = ", ".join(repr(column) for column in table.columns)
        raise AreaFileError(path, [Problem(1, name, None, "missing column (found {})".format(found))
                                   for name in missing])
    key, title = table.column("Key"), table.column("Title")
    municipality = table.column("Municipality")
    problems, first_line, skipped = [], {}, 0
    found: dict[str, list[Region]] = {level: [] for level in (*SupraLevel, Level.GEMEENTE)}
    for line, row in table.rows:
        code = row[key].strip()
        if code in first_line:
            problems.append(Problem(line, key, code, f"duplicate code (first on line {first_line[code]})"))
            continue
        first_line[code] = line
        level = supra_level_of(code)
        if level is None:
            if code[:2] in UNREGISTERED_PREFIXES:
                skipped += 1
                continue
            try:
                level = level_of(code)
            except ValueError as exc:
                problems.append(Problem(line, key, code, f"{exc}; expected NL, PV, RE, GM, WK or BU"))
                continue
            stated = row[municipality].strip() if municipality else ""
            if stated and stated != gemeente_code(code):
                reason = f"municipality does not match code {code} (expected {gemeente_code(code)})"
                problems.append(Problem(line, municipality, stated, reason))
            if level is not Level.GEMEENTE or code in PLACEHOLDER_GEMEENTEN:
                skipped += 1
                continue
        name = row[title].strip()
        suffix = _LEVEL_SUFFIX.get(level)
        if suffix is not None:
            name = suffix.sub("", name)
        if not name:
            problems.append(Problem(line, title, row[title], "empty name"))
            continue
        if name.upper() == code:
            problems.append(Problem(line, title, name, "the name is the code itself, not the official name"))
            continue
        if level is SupraLevel.LAND:
            code = "NL00"
        found[level].append(Region(code, name, level, None))
    if len(found[SupraLevel.LAND]) > 1:
        codes = ", ".join(repr(r.name) for r in found[SupraLevel.LAND])
        problems.append(Problem(None, key, None, f"more than one country row ({codes})"))
    if not found[Level.GEMEENTE] and not problems:
        problems.append(Problem(None, key, None, "no gemeente (GM....) in the file: is this a region table?"))
    if problems:
        raise AreaFileError(path, problems)
    return NationalRegionFile(
        land=found[SupraLevel.LAND][0] if found[SupraLevel.LAND] else None,
        provincies=tuple(found[SupraLevel.PROVINCIE]),
        regionale_eenheden=tuple(found[SupraLevel.REGIONALE_EENHEID]),
        gemeenten=tuple(found[Level.GEMEENTE]),
        skipped=skipped,
        year=_indeling_year(path),
    )


def _level_or_none(code: str) -> Level | None:
    try:
        return level_of(code)
    except ValueError:
        return None


def _indeling_year(path: Path) -> int | None:
    """Return the indeling year from ``<table>_DataProperties.csv`` beside ``path``, or None."""
    properties = path.with_name(path.name.split("_", 1)[0] + "_DataProperties.csv")
    if "_" not in path.name or not properties.is_file():
        return None
    table = parse_csv(properties, read_text(properties))
    kind, description = table.column("Type"), table.column("Description")
    if kind is None or description is None:
        return None
    for _, row in table.rows:
        match = _INDELING_YEAR.search(row[description])
        if row[kind].strip() == "GeoDetail" and match:
            return int(match.group(1))
    return None
