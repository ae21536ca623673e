"""Inhabitants per area from CBS Kerncijfers wijken en buurten (KWB, e.g. StatLine 85984NED) extracts.

Supported shapes, told apart by content (JSON starts with ``{`` or ``[``, anything else is read as CSV):

* CSV with a code column and a population column, e.g. ``"","nhood_id","population"`` (one column extracted from
  85984NED) or the StatLine typed data set (``WijkenEnBuurten``, ``AantalInwoners_5``); delimiter comma, semicolon
  or tab. Problems are located by line.
* JSON object keyed by code, each value an object with the population field, e.g. ``{"GM0014":
  {"AantalInwoners_5": 243768, ...}}`` (a cbsodata extract).
* JSON list of objects with both fields, as ``cbsodata.get_data`` returns them.
  For JSON, problems are located by entry number (1-based).

Column names are matched case-insensitively (``CODE_COLUMNS``, ``POPULATION_COLUMNS``); codes may be padded with
spaces. The country row (``NL00``) is skipped. A blank or ``"."`` population (CBS: figure not available) gives
``population=None``, not a problem: CBS leaves small buurten empty on purpose. A negative or non-whole number is a
problem.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .codes import is_country_code, level_of
from .counts import parse_count
from .files import find_name, parse_csv, read_text
from .problems import AreaFileError, Problem

__all__ = ["CODE_COLUMNS", "POPULATION_COLUMNS", "PopulationRecord", "parse_population"]

CODE_COLUMNS = ("nhood_id", "WijkenEnBuurten", "Codering_3", "code")
POPULATION_COLUMNS = ("population", "AantalInwoners_5", "AantalInwoners", "aantal_inwoners", "inwoners")


@dataclass(frozen=True)
class PopulationRecord:
    """Inhabitants of one area on 1 January of ``year``.

    Attributes
    ----------
    code : str
        CBS code without padding (gemeente, wijk or buurt).
    population : int or None
        None when CBS gives no figure (blank or ``"."``).
    year : int
        Reference year, as passed to :func:`parse_population`.
    """

    code: str
    population: int | None
    year: int


def parse_population(path: str | Path, year: int) -> list[PopulationRecord]:
    """Read inhabitants per area from a KWB CSV or JSON file.

    Parameters
    ----------
    path : str or Path
    year : int
        Reference year of the figures (the KWB table year; the files do not state it in their rows).

    Returns
    -------
    list of PopulationRecord
        In file order.

    Raises
    ------
    AreaFileError
        With every problem found: no code or population column, malformed or duplicate codes, a population that
        is negative or not a whole number, JSON that does not parse or has an unexpected shape.
    """
    path = Path(path)
    text = read_text(path)
    if text.lstrip()[:1] in ("{", "["):
        entries, unit = _json_entries(path, text), "entry"
    else:
        entries, unit = _csv_entries(path, text), "line"

    problems = []
    first = {}
    records = []
    for line, code_column, raw_code, population_column, raw_population in entries:
        code = str(raw_code).strip()
        if is_country_code(code):
            continue
        try:
            level_of(code)
        except ValueError as exc:
            problems.append(Problem(line, code_column, code, str(exc)))
            continue
        if code in first:
            problems.append(
                Problem(line, code_column, code, f"duplicate code (first at {unit} {first[code]})")
            )
            continue
        first[code] = line
        try:
            population = parse_count(raw_population)
        except ValueError as exc:
            problems.append(Problem(line, population_column, str(raw_population), str(exc)))
            continue
        records.append(PopulationRecord(code, population, year))
    if problems:
        raise AreaFileError(path, problems, unit)
    return records


def _csv_entries(path: Path, text: str) -> list[tuple[int, str, str, str, str]]:
    table = parse_csv(path, text)
    code_column, population_column = table.column(*CODE_COLUMNS), table.column(*POPULATION_COLUMNS)
    problems = [
        Problem(1, None, None, f"no {what} column (expected one of {', '.join(names)})")
        for what, column, names in (
            ("code", code_column, CODE_COLUMNS),
            ("population", population_column, POPULATION_COLUMNS),
        )
        if column is None
    ]
    if problems:
        raise AreaFileError(path, problems)
    return [
        (line, code_column, row[code_column], population_column, row[population_column])
        for line, row in table.rows
    ]


def _json_entries(path: Path, text: str) -> list[tuple[int, str, object, str, object]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AreaFileError(
            path, [Problem(exc.lineno, None, None, f"JSON does not parse: {exc.msg}")]
        ) from None
    if isinstance(data, dict):
        items = [(key, value) for key, value in data.items()]
    else:
        items = [(None, value) for value in data]

    problems = []
    entries = []
    for number, (key, fields) in enumerate(items, start=1):
        if not isinstance(fields, Mapping):
            problems.append(Problem(number, None, None, "entry is not a JSON object"))
            continue
        code_column = "(key)" if key is not None else find_name(fields, CODE_COLUMNS)
        population_column = find_name(fields, POPULATION_COLUMNS)
        if code_column is None:
            problems.append(
                Problem(number, None, None, f"no code field (expected one of {', '.join(CODE_COLUMNS)})")
            )
        if population_column is None:
            reason = f"no population field (expected one of {', '.join(POPULATION_COLUMNS)})"
            problems.append(Problem(number, None, None, reason))
        if code_column is not None and population_column is not None:
            code = key if key is not None else fields[code_column]
            entries.append((number, code_column, code, population_column, fields[population_column]))
    if problems:
        raise AreaFileError(path, problems, "entry")
    return entries
