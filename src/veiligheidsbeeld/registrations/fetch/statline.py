"""CBS StatLine OData v3 (``<catalog>/ODataApi/odata/<table>/...``): typed data sets and dimension tables to files.

The rows are fetched with httpx as JSON (``$format=json``), following ``odata.nextLink`` page by page, and written
in the OData typed CSV shape that ``veiligheidsbeeld import statline`` and ``veiligheidsbeeld areas import``
read (header quoted; strings quoted with their padding; numbers bare; null blank), so the import records the
file's hash as for a downloaded file. Politie tables (47018NED, 47022NED, ...) live in the ``dataderden.cbs.nl``
catalog, Kerncijfers wijken en buurten (KWB) in ``opendata.cbs.nl``.

Note on cbsodata: its ``typed`` flag is inverted (``typed=False`` fetches ``TypedDataSet``); this module asks for
``TypedDataSet`` by name.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import httpx

from veiligheidsbeeld.core.spreadsheet import neutralise

from .http import get_json

__all__ = [
    "KWB_TABLES",
    "LEVEL_PREFIXES",
    "fetch_population",
    "fetch_regions",
    "fetch_typed_table",
    "odata_filter",
    "read_rows",
    "write_typed_csv",
]

#: Kerncijfers wijken en buurten table per indeling year (opendata.cbs.nl catalog).
KWB_TABLES = {2019: "84583NED", 2020: "84799NED", 2021: "85039NED", 2022: "85318NED", 2023: "85618NED",
              2024: "85984NED"}
#: Area level -> code prefix (followed by the four digits of the gemeente).
LEVEL_PREFIXES = {"gemeente": "GM", "wijk": "WK", "buurt": "BU"}
_GEO_TYPES = ("GeoDetail", "GeoDimension")


def odata_filter(conditions: dict[str, list[tuple[str, str]]]) -> str:
    """Build an OData v3 ``$filter``: per column any of its conditions, all columns together.

    Parameters
    ----------
    conditions : dict
        Column -> list of ``(operator, value)``, operator ``"eq"`` or ``"startswith"``.

    Examples
    --------
    >>> odata_filter({"Perioden": [("startswith", "2023")], "Municipality": [("eq", "GM0014")]})
    "(startswith(Perioden,'2023')) and (Municipality eq 'GM0014')"
    """
    groups = []
    for column, tests in conditions.items():
        terms = []
        for operator, value in tests:
            quoted = "'{}'".format(value.replace("'", "''"))
            if operator == "eq":
                terms.append(f"{column} eq {quoted}")
            elif operator == "startswith":
                terms.append(f"startswith({column},{quoted})")
            else:
                raise ValueError(f"operator must be 'eq' or 'startswith', got {operator!r}")
        groups.append("(" + " or ".join(terms) + ")")
    return " and ".join(groups)


def read_rows(client: httpx.Client, url: str, params: dict, *, hint: str) -> list[dict]:
    """Return all rows of an OData v3 JSON feed, following ``odata.nextLink`` until the last page."""
    data = get_json(client, url, params={**params, "$format": "json"}, hint=hint)
    rows = list(data.get("value", []))
    while data.get("odata.nextLink"):
        data = get_json(client, data["odata.nextLink"], hint=hint)
        rows.extend(data.get("value", []))
    return rows


def write_typed_csv(rows: list[dict], path: Path, columns: Iterable[str] | None = None) -> Path:
    """Write OData rows as a typed CSV (quoted header and strings, bare numbers, null blank, LF line ends)."""
    columns = list(columns or (rows[0] if rows else []))
    lines = [",".join(_cell(name) for name in columns)]
    lines += [",".join(_cell(row.get(name)) for name in columns) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return '"{}"'.format(str(neutralise(value)).replace('"', '""'))


def _properties(client, base_url, table, hint) -> list[dict]:
    return read_rows(client, f"{base_url}/{table}/DataProperties", {}, hint=hint)


def fetch_typed_table(client: httpx.Client, base_url: str, table: str, gemeente: str, directory: Path, *,
                      level: str = "buurt", periods: Iterable[str] = (), categories: Iterable[str] = (),
                      hint: str) -> Path:
    """Fetch one gemeente's rows of a StatLine typed data set into ``<table>_<gemeente>_<periods>.csv``.

    Parameters
    ----------
    client : httpx.Client
    base_url : str
        OData catalog, e.g. ``https://dataderden.cbs.nl/ODataApi/odata``.
    table : str
        E.g. ``"47018NED"``.
    gemeente : str
        E.g. ``"GM0014"``.
    directory : Path
        Where the file is written.
    level : {"buurt", "wijk", "gemeente"}
        Which region rows of the gemeente (one level, so that figures are not counted twice).
    periods : iterable of str
        ``Perioden`` key prefixes (``"2023"``, ``"2023MM"``, ``"2023JJ00"``); empty for all periods.
    categories : iterable of str
        Key prefixes of the category dimension (``"0.0.0"``); empty for all.
    hint : str
        The offline alternative, for error messages.

    Returns
    -------
    Path
        The written file.

    Raises
    ------
    FetchError
        When the source cannot be read.
    ValueError
        When the table has no region dimension or ``level`` is unknown.
    """
    if level not in LEVEL_PREFIXES:
        raise ValueError("level must be one of {}, got {!r}".format(", ".join(LEVEL_PREFIXES), level))
    properties = _properties(client, base_url, table, hint)
    region = next((p["Key"] for p in properties if p.get("Type") in _GEO_TYPES), None)
    if region is None:
        raise ValueError(f"StatLine table {table} has no region dimension (GeoDetail or GeoDimension)")
    time = next((p["Key"] for p in properties if p.get("Type") == "TimeDimension"), "Perioden")
    category = next((p["Key"] for p in properties if p.get("Type") == "Dimension"), None)
    periods, categories = list(periods), list(categories)
    conditions = {region: [("startswith", LEVEL_PREFIXES[level] + gemeente[2:6])]}
    if periods:
        conditions[time] = [("startswith", p) for p in periods]
    if categories and category:
        conditions[category] = [("startswith", c) for c in categories]
    rows = read_rows(client, f"{base_url}/{table}/TypedDataSet", {"$filter": odata_filter(conditions)},
                     hint=hint)
    name = "{}_{}_{}.csv".format(table, gemeente, "-".join(periods) or "all")
    return write_typed_csv(rows, directory / name)


def fetch_regions(client: httpx.Client, base_url: str, table: str, gemeente: str, directory: Path, *,
                  hint: str) -> Path:
    """Fetch the gemeente's rows of the ``WijkenEnBuurten`` dimension into ``<table>_WijkenEnBuurten.csv``.

    The file has the columns of the StatLine region dimension (``Key``, ``Title``, ``Description``,
    ``Municipality``, ``DetailRegionCode``) that ``veiligheidsbeeld areas import regions`` reads.
    """
    rows = read_rows(client, f"{base_url}/{table}/WijkenEnBuurten",
                     {"$filter": odata_filter({"Municipality": [("eq", gemeente)]})}, hint=hint)
    return write_typed_csv(rows, directory / f"{table}_WijkenEnBuurten.csv")


def fetch_population(client: httpx.Client, base_url: str, table: str, gemeente: str, directory: Path, *,
                     hint: str) -> Path:
    """Fetch inhabitants of the gemeente, its wijken and buurten from a KWB table into ``<table>_<gemeente>.csv``.

    The population topic is the table's ``AantalInwoners_<n>`` (from its DataProperties); the file has the
    columns ``WijkenEnBuurten`` and that topic, as ``veiligheidsbeeld areas import population`` reads them.

    Raises
    ------
    FetchError
        When the source cannot be read.
    ValueError
        When the table has no ``AantalInwoners_<n>`` topic.
    """
    properties = _properties(client, base_url, table, hint)
    topic = next((p["Key"] for p in properties if str(p.get("Key", "")).startswith("AantalInwoners_")), None)
    if topic is None:
        raise ValueError(f"KWB table {table} has no AantalInwoners topic")
    prefixes = [("startswith", prefix + gemeente[2:6]) for prefix in LEVEL_PREFIXES.values()]
    columns = ["WijkenEnBuurten", topic]
    rows = read_rows(client, f"{base_url}/{table}/TypedDataSet",
                     {"$filter": odata_filter({"WijkenEnBuurten": prefixes}), "$select": ",".join(columns)},
                     hint=hint)
    return write_typed_csv(rows, directory / f"{table}_{gemeente}.csv", columns)
