"""Setting up a real gemeente in one go from a folder of CBS files (``veiligheidsbeeld gemeente setup``).

The files are recognised by their content, never by a fixed name:

* region dimension (``47018NED_WijkenEnBuurten.csv`` and the like): CSV with ``Key`` and ``Title`` columns whose
  keys are CBS region codes (``NL00``, ``GM0014``, ``WK001400`` ...); its indeling year comes from the table
  metadata beside it (``<table>_DataProperties.csv``) or ``--year``;
* population (KWB, 85984NED extracts): CSV with a code and an inhabitants column, or JSON keyed by code;
* boundaries: GeoJSON FeatureCollections, zipped shapefiles and CSV with a WKT column carrying CBS codes; the
  level follows from the codes, the year from the file's metadata (``"metadata": {"year": 2024}``) or from one
  year in its name (``wijken_2024.geojson``, ``wijk2017.csv``);
* postcodes: the CBS postcode-huisnummer file (``PC6;Huisnummer;Buurt<jaar>;...``).

A file whose year cannot be told is skipped with the reason (never guessed); of two files with the same level
and year the first (by path) is used. The steps, in one transaction: the national register, the gemeente's wijken
and buurten, populations, boundaries (only the gemeente's areas), postcodes, then the policy framework that ships
for the gemeente (``frameworks/data/frameworks/*.yaml`` with its ``gemeente`` code), if any.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from . import parsers, services
from .parsing.boundaries import CODE_COLUMNS as BOUNDARY_CODE_COLUMNS
from .parsing.boundaries import GEOMETRY_COLUMNS
from .parsing.population import CODE_COLUMNS as POPULATION_CODE_COLUMNS
from .parsing.population import POPULATION_COLUMNS

__all__ = ["FoundFiles", "SetupError", "SetupStep", "find_files", "setup_gemeente"]

_REGION_KEY = re.compile(r"(NL|PV|RE|GM|WK|BU)\d")
_YEAR_IN_NAME = re.compile(r"(?<!\d)(20\d{2})(?!\d)")
_HEAD_BYTES = 65536
_JSON_BY_CODE = re.compile(r'\{\s*"(GM|WK|BU)\d')
_BUURT_YEAR = re.compile(r"buurt(20\d{2})", re.IGNORECASE)


def _json_key(head: str, names) -> bool:
    return any(re.search(r'"{}"\s*:'.format(re.escape(name)), head, re.IGNORECASE) for name in names)


class SetupError(ValueError):
    """The folder does not hold what a set-up needs (e.g. no region file)."""


@dataclass
class FoundFiles:
    """The area files of a folder by kind; ``skipped`` lists ``(path, reason)`` for area files not used."""

    regions: list[Path] = field(default_factory=list)
    population: list[tuple[Path, int]] = field(default_factory=list)
    boundaries: list[tuple[Path, str, int]] = field(default_factory=list)
    postcodes: list[tuple[Path, int]] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)


@dataclass(frozen=True)
class SetupStep:
    """One import of the set-up: what, from which file, and its result."""

    what: str
    source: str
    result: services.ImportResult


def find_files(folder: Path) -> FoundFiles:
    """Recognise the CBS area files in ``folder`` (recursively) by their content."""
    found = FoundFiles()
    seen_boundaries: dict[tuple[str, int], Path] = {}
    for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
        kind = _kind(path)
        if kind is None:
            continue
        if kind == "regions":
            found.regions.append(path)
            continue
        year = _postcode_year(path) if kind == "postcodes" else _year(path)
        if kind == "boundaries":
            level = _boundary_level(path)
            if level is None:
                found.skipped.append((path, "boundary file without CBS gemeente, wijk or buurt codes"))
            elif year is None:
                found.skipped.append((path, "{} boundaries of an unknown year (none in its name or metadata); "
                                            "import it with `areas import boundaries --year`".format(level)))
            elif (level, year) in seen_boundaries:
                found.skipped.append((path, "{} boundaries {} are taken from {}".format(
                    level, year, seen_boundaries[(level, year)].name)))
            else:
                seen_boundaries[(level, year)] = path
                found.boundaries.append((path, level, year))
        elif year is None:
            found.skipped.append((path, "{} file of an unknown year (none in its name)".format(kind)))
        elif kind == "population":
            found.population.append((path, year))
        elif kind == "postcodes":
            found.postcodes.append((path, year))
    return found


def setup_gemeente(
    code: str, folder: Path, *, year: int | None = None, actor=None
) -> tuple[list[SetupStep], list[str]]:
    """Run the area imports for gemeente ``code`` from the CBS files in ``folder`` and attach its framework.

    Returns the steps with their results and general notes. Everything lands in one transaction or not at all.

    Raises
    ------
    SetupError
        When the folder has no region file with the gemeente, or the indeling year cannot be told.
    AreaFileError, AreaImportError
        From the file or import that failed (nothing is stored then).
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise SetupError("{}: not a folder".format(folder))
    found = find_files(folder)
    if not found.regions:
        raise SetupError("{}: no CBS region file (e.g. 47018NED_WijkenEnBuurten.csv, columns Key and Title with "
                         "GM/WK/BU codes) in the folder".format(folder))
    steps: list[SetupStep] = []
    notes = ["not used: {} ({})".format(path.relative_to(folder), reason) for path, reason in found.skipped]
    with transaction.atomic():
        region_path, national, region_file = _region_file(found.regions, code)
        indeling = year or region_file.year or national.year
        if indeling is None:
            raise SetupError("{}: the indeling year is not in the table metadata; pass --year".format(region_path))
        steps.append(SetupStep("national register", region_path.name, services.import_national_regions(
            national, year=indeling, actor=actor, source=region_path.name)))
        steps.append(SetupStep("{} wijken and buurten".format(code), region_path.name, services.import_regions(
            region_file, year=indeling, actor=actor, source=region_path.name)))
        for path, population_year in found.population:
            records = parsers.parse_population(path, population_year)
            steps.append(SetupStep("population {}".format(population_year), path.name, services.import_population(
                records, year=population_year, actor=actor, source=path.name)))
        for path, level, boundary_year in sorted(found.boundaries, key=lambda item: (item[2], _LEVELS[item[1]])):
            boundary_file = parsers.parse_boundaries(path, level)
            if not any(r.gemeente_code == code for r in boundary_file.records):
                notes.append("not used: {} (no {} of {})".format(path.relative_to(folder), level, code))
                continue
            steps.append(SetupStep("{} boundaries {}".format(level, boundary_year), path.name,
                                   services.import_boundaries(
                                       boundary_file.records, level=level, year=boundary_year, gemeenten=[code],
                                       actor=actor, source=path.name, properties=boundary_file.properties)))
        for path, postcode_year in found.postcodes:
            records = parsers.parse_postcodes(path, postcode_year)
            steps.append(SetupStep("postcodes {}".format(postcode_year), path.name, services.import_postcodes(
                records, year=postcode_year, actor=actor, source=path.name)))
        notes.extend(_attach_framework(code, actor))
    return steps, notes


_LEVELS = {"gemeente": 0, "wijk": 1, "buurt": 2}


def _region_file(paths: list[Path], code: str):
    """The first region file that has the gemeente, parsed nationally and for the gemeente."""
    for path in paths:
        try:
            region_file = parsers.parse_regions(path, code)
        except parsers.AreaFileError as error:
            if any(problem.reason == "gemeente not in file" for problem in error.problems):
                continue
            raise
        return path, parsers.parse_national_regions(path), region_file
    raise SetupError("gemeente {} is in none of the region files: {}".format(code, ", ".join(p.name for p in paths)))


def _attach_framework(code: str, actor) -> list[str]:
    from veiligheidsbeeld.core.models import Gemeente
    from veiligheidsbeeld.frameworks import loader
    from veiligheidsbeeld.frameworks.services import load_framework

    shipped = []
    for path in loader.default_paths().frameworks:
        spec = loader.load_framework(path)
        if spec.gemeente == code:
            shipped.append((spec.period_start, path, spec))
    if not shipped:
        return ["no framework ships for {}: the dashboard shows none until one is loaded".format(code)]
    _, path, spec = max(shipped, key=lambda item: (item[0], item[1].name))
    framework, framework_notes = load_framework(path, gemeente=Gemeente.objects.get(code=code), actor=actor)
    return ["framework: {} ({}, version {})".format(framework.title, path.name, framework.version), *framework_notes]


def _kind(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix == ".zip":
        try:
            with zipfile.ZipFile(path) as archive:
                return "boundaries" if any(n.lower().endswith(".shp") for n in archive.namelist()) else None
        except zipfile.BadZipFile:
            return None
    if suffix not in (".csv", ".json", ".geojson", ".txt"):
        return None
    head = _head(path)
    if head is None:
        return None
    stripped = head.lstrip()
    if stripped[:1] == "{" and '"FeatureCollection"' in head:
        return "boundaries"
    if stripped[:1] in "{[":
        # A JSON object keyed by region code, or a list of objects with code and inhabitants keys (cbsodata);
        # never the table metadata (DataProperties), which names the same topics as values.
        if _JSON_BY_CODE.match(stripped) or (_json_key(head, POPULATION_CODE_COLUMNS)
                                              and _json_key(head, POPULATION_COLUMNS)):
            return "population"
        return None
    lines = head.splitlines()
    if not lines:
        return None
    delimiter = max(",;\t", key=lines[0].count)
    rows = list(csv.reader(io.StringIO("\n".join(lines[:21])), delimiter=delimiter))
    columns = [c.strip().lower() for c in rows[0]]
    if "key" in columns and "title" in columns:
        key = columns.index("key")
        if any(len(row) > key and _REGION_KEY.match(row[key].strip()) for row in rows[1:]):
            return "regions"
        return None
    if columns and columns[0] == "pc6" and any(c.startswith("buurt20") for c in columns):
        return "postcodes"
    if any(c in GEOMETRY_COLUMNS for c in columns):
        return "boundaries" if any(c in BOUNDARY_CODE_COLUMNS for c in columns) else None
    has_code = any(c.lower() in columns for c in POPULATION_CODE_COLUMNS)
    has_population = any(c.lower() in columns for c in POPULATION_COLUMNS)
    return "population" if has_code and has_population else None


def _head(path: Path) -> str | None:
    with path.open("rb") as handle:
        data = handle.read(_HEAD_BYTES)
    try:
        return data.decode("utf-8-sig", errors="strict")
    except UnicodeDecodeError as exc:
        if exc.start > len(data) - 4:  # a character cut by the read limit
            return data[: exc.start].decode("utf-8-sig")
        return None


def _year(path: Path) -> int | None:
    """The one year in the GeoJSON metadata or the file name, else None."""
    if path.suffix.lower() in (".geojson", ".json"):
        head = _head(path) or ""
        match = re.search(r'"metadata"\s*:\s*\{[^{}]*"year"\s*:\s*(\d{4})', head)
        if match:
            return int(match.group(1))
    years = set(_YEAR_IN_NAME.findall(path.name))
    return int(years.pop()) if len(years) == 1 else None


def _postcode_year(path: Path) -> int | None:
    """The year of the ``Buurt<year>`` column of a postcode file."""
    first = (_head(path) or "").splitlines()[:1]
    years = set(_BUURT_YEAR.findall(first[0])) if first else set()
    return int(years.pop()) if len(years) == 1 else None


def _boundary_level(path: Path) -> str | None:
    """The level of the first CBS code of a boundary file (read from its first features only)."""
    if path.suffix.lower() == ".zip":
        import shapefile

        with zipfile.ZipFile(path) as archive:
            dbf = next((n for n in archive.namelist() if n.lower().endswith(".dbf")), None)
            if dbf is None:
                return None
            reader = shapefile.Reader(dbf=io.BytesIO(archive.read(dbf)))
            fields = [f[0] for f in reader.fields[1:]]
            values = [reader.record(0).as_dict()] if len(reader) else []
    elif (_head(path) or "").lstrip()[:1] == "{":
        text = path.read_text(encoding="utf-8-sig")
        features = json.loads(text).get("features") or []
        values = [f.get("properties") or {} for f in features[:1]]
        fields = list(values[0]) if values else []
    else:
        lines = (_head(path) or "").splitlines()[:2]
        delimiter = max(",;\t", key=lines[0].count) if lines else ","
        rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
        fields, values = rows[0], [dict(zip(rows[0], rows[1]))] if len(rows) > 1 else []
    column = next((f for alias in BOUNDARY_CODE_COLUMNS for f in fields if f.lower() == alias), None)
    if column is None or not values:
        return None
    prefix = str(values[0].get(column, "")).strip()[:2].upper()
    return {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}.get(prefix)
