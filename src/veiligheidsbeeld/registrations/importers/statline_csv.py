"""The StatLine website's "CSV" download, read as downloaded: any table, any arrangement of its dimensions.

The download (``CSV``, semicolon-separated, every field quoted, UTF-8 with or without byte order mark) is a
pivot table with a header block above it and a note below it::

    "Geregistreerde misdrijven; soort misdrijf, regio"         <- title
    "Soort misdrijf: Totaal misdrijven"                        <- one line per fixed dimension ("name: value")
                                                                <- empty line
    "Onderwerp";"Geregistreerde misdrijven";"Geregistreerde misdrijven"   <- one line per column dimension:
    "Perioden";"2022";"2023*"                                             <- its name, then one label per column
    "Regio's";"aantal";"aantal"                <- last header line: the row dimension(s), then each column's unit
    "Nederland";"804.522";"813.213"            <- rows: row label(s), then the figures
    "Groningen (gemeente)";"13.744";"14.990"
    "Bron: CBS"                                <- footer (a file without it is cut off: refused as truncated)

Rules:

- **Layout detection.** The lines of one field before the first line of several fields are the title and the
  fixed dimensions (``name: value``). The header block runs from the first line of several fields up to the
  units line, the last line before the rows: the first line whose cells after the row labels are not all
  figures while the next two are (a line of period labels such as ``"Perioden";"2022";"2023"`` is followed by
  the units line, never by figures). The number of row dimensions is one more than the empty cells that open
  the first header line (``"";"Perioden";...`` above two row dimensions). A header of one line is the long
  layout (``"Soort misdrijf";"Regio's";"Perioden";"Geregistreerde misdrijven (aantal)"``): the row dimensions
  run up to ``Perioden`` (else all but the last column), the rest are topics with their unit in brackets.
  Periods, regions and categories may each be rows, columns or fixed. A second row dimension left blank
  under its first row (StatLine prints a group label once) takes the label above it.
- **Roles.** ``Perioden`` is the period; ``Regio's``, ``Wijken en buurten``, ``Gemeenten``, ``Provincies`` (and
  names starting with those) the region, ``Regiocode``/``Codering`` its code; ``Soort misdrijf`` (source system
  ``politie-misdrijven``) or ``Soort overlast``/``Overlast`` (``politie-overlast``) the category; ``Onderwerp(en)``
  the topic. Any other dimension must have one value (a StatLine filter), else the file is refused: its figures
  would be added up.
- **Counts only.** Columns with the unit ``aantal`` are imported; others (``per 1 000 inwoners``, ``%``) are
  skipped and recorded on the batch. With more than one count topic, ``--topic`` chooses. The long layout's one
  figure column without a unit in brackets is taken as the count, as before.
- **Cells.** Every figure is one row of the import summary, numbered with the physical line of its row (the
  header of a downloaded file is on line 5, not 1). ``.`` (missing) and ``x`` (secret) are rejected with their
  own reason; ``-`` (nil) is 0. Figures use thousands points and a decimal comma.
- **Regions** carry their level: ``Groningen (gemeente)``, ``Groningen (PV)`` (provincie), ``(RE)`` (politie
  regionale eenheid), ``(LD)`` (landsdeel), ``(CR)`` (COROP), ``Wijk 00 ...`` (wijk); a region dimension
  ``Gemeenten``/``Provincies`` says it for all its labels, and ``Regio's`` holds no wijken or buurten (so
  ``Nederland`` there is the country, not a wijk of that name). The label and that level hint go to the area
  resolver (:mod:`.areas`), which never guesses; without ``--gemeente`` the figures go to every registered
  gemeente (and Nederland, provincies), each to its area's.
- **Periods**: ``2023``, ``2023 1e kwartaal``, ``2023 januari`` (a trailing ``*`` marks provisional figures),
  stored at their own precision. The source reference is the one the OData importer gives the same figure
  (``<table>/<category>/<area>/<2023JJ00>``), so a figure imported in both formats is a duplicate.
- **Refusals** (nothing stored, one message): another separator than ``;`` (named), no header block, a missing
  role, no count column, a category dimension none of whose labels is a category of its source system, a last
  row cut short or no footer (truncated; ``--accept-partial`` imports the rows that are there).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from veiligheidsbeeld.frameworks.models import SourceCategory

from ..models import Confidentiality, Kind, Registration
from .areas import REGION_LEVELS, AreaIndex, parse_label
from .base import Importer, missing, register
from .errors import ImportFileError, OutOfScope, Reason
from .numbers import MISSING, parse_number
from .periods import parse_period
from .tables import Table, _csv_rows, detect_encoding

__all__ = ["NOT_DIMENSIONS", "StatlineCsvImporter", "Layout", "TOPIC_PATH", "read_layout", "region_label"]

SYSTEMS = {"soort misdrijf": "politie-misdrijven", "misdrijven": "politie-misdrijven",
           "overlast": "politie-overlast", "soort overlast": "politie-overlast"}
REGION_NAMES = ("regio's", "regios", "regio", "wijken en buurten", "gemeenten", "gemeente", "provincies",
                "politie-eenheden", "regionale eenheden")
CODE_NAMES = ("codering", "regiocode", "codering (code)")
PERIOD_NAMES = ("perioden", "periode")
TOPIC_NAMES = ("onderwerp", "onderwerpen")
#: The level every label of a region dimension has, where the dimension's name says it.
DIMENSION_LEVELS = {"gemeenten": "gemeente", "gemeente": "gemeente", "provincies": "provincie",
                    "politie-eenheden": "regionale_eenheid", "regionale eenheden": "regionale_eenheid"}
COUNT_UNITS = ("aantal",)
_CODE_PREFIX = re.compile(r"^([A-Z]?\d+(?:\.\d+)*|[A-Z]\d+)\s+(.*)$")
_TABLE = re.compile(r"\d{5}[A-Z]{3}")
_UNIT = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")
_QUOTED = re.compile(r'"(?:[^"]|"")*"')
#: The first line below the rows of every StatLine download.
_FOOTER = re.compile(r"\s*(bron\b|source\b|©|\(c\)|copyright|centraal bureau voor de statistiek)", re.IGNORECASE)
_SHOWN = {",": "','", "\t": "tabs", "|": "'|'"}
_SEPARATORS = {",": "',' (comma)", "\t": "a tab", "|": "'|'"}

# Keys of the long rows the file is melted into (besides the file's own dimension names).
TOPIC, UNIT, VALUE = "Onderwerp", "Eenheid", "Waarde"
#: A column's topic with every level above it, joined by " / " (``Hacken / Totaal slachtoffers``): a file with
#: several ``Onderwerp`` header lines names the deepest level under :data:`TOPIC`, the whole path here.
TOPIC_PATH = "Onderwerp (pad)"
#: Column keys that are not dimensions.
NOT_DIMENSIONS = (TOPIC, UNIT, TOPIC_PATH)


def region_label(label: str) -> tuple[str, str | None]:
    """The name and the level a StatLine region label states (the resolver's :func:`~.areas.parse_label`).

    Examples
    --------
    >>> region_label("Groningen (gemeente)"), region_label("Groningen (PV)"), region_label("Noord-Nederland (RE)")
    (('Groningen', 'gemeente'), ('Groningen', 'provincie'), ('Noord-Nederland', 'regionale_eenheid'))
    >>> region_label("Wijk 00 Centrum"), region_label("Binnenstad")
    (('Wijk 00 Centrum', 'wijk'), ('Binnenstad', None))
    """
    return parse_label(label)


def _is_figure(text: str) -> bool:
    text = text.strip()
    if text in MISSING:
        return True
    try:
        parse_number(text)
    except ValueError:
        return False
    return True


def _role(name: str) -> str:
    lower = name.strip().lower()
    if lower in PERIOD_NAMES:
        return "period"
    if lower in CODE_NAMES:
        return "code"
    if lower in REGION_NAMES or lower.startswith(("wijken en buurten", "regio's", "gemeenten")):
        return "region"
    if lower in SYSTEMS:
        return "category"
    if lower in TOPIC_NAMES:
        return "topic"
    return "other"


@dataclass
class Layout:
    """The header block of a StatLine website CSV, as :func:`read_layout` found it.

    Attributes
    ----------
    title : str
    fixed : dict
        Dimension name -> value of the fixed dimensions (``"Soort misdrijf: Totaal misdrijven"``).
    row_dims : list of str
        The row dimensions, in column order.
    columns : list of dict
        Per figure column (from column ``len(row_dims)``): dimension name -> label, plus the topic under
        :data:`TOPIC` and the unit under :data:`UNIT`.
    header_line : int
        Physical line of the last header line.
    width : int
        Fields per row.
    """

    title: str = ""
    fixed: dict[str, str] = field(default_factory=dict)
    row_dims: list[str] = field(default_factory=list)
    columns: list[dict[str, str]] = field(default_factory=list)
    header_line: int = 0
    width: int = 0

    def dimensions(self) -> list[str]:
        """Every dimension of the file: fixed, row and column ones."""
        names = list(self.fixed) + list(self.row_dims)
        for column in self.columns:
            names += [n for n in column if n not in NOT_DIMENSIONS and n not in names]
        return list(dict.fromkeys(names))


def _layout_error(path, detail, line=None, code="layout", **params):
    return ImportFileError(path, "not a StatLine website CSV layout: {}".format(detail), line=line, code=code,
                           params={"detail": detail, **params})


def _check_separator(path, text: str) -> None:
    """Refuse a file whose lines are separated by something else than ``;``, naming what it found."""
    lines = [_QUOTED.sub("", line) for line in text.splitlines()[:200] if line.strip()]
    if any(";" in line for line in lines):
        return
    counts = {sep: sum(line.count(sep) for line in lines) for sep in _SEPARATORS}
    found = max(counts, key=counts.get)
    if counts[found]:
        raise ImportFileError(path, "fields separated by {} where a StatLine website CSV uses ';' (semicolon): "
                              "download it again as CSV from StatLine".format(_SEPARATORS[found]),
                              code="separator", params={"found": _SHOWN[found], "expected": "';'"})


def read_layout(path, records: Iterator[tuple[int, list[str]]]) -> tuple[Layout, list[tuple[int, list[str]]]]:
    """Read the title, fixed dimensions and header block from ``records``; return the layout and the records
    read past it (the first rows), the rest being still in ``records``.

    Raises
    ------
    ImportFileError
        ``layout`` when there is no header block, or it is not one of StatLine's.
    """
    layout = Layout()
    notes: list[str] = []
    block: list[tuple[int, list[str]]] = []
    for number, fields in records:
        if sum(1 for f in fields if f.strip()) <= 1 and not block:
            text = next((f.strip() for f in fields if f.strip()), "")
            if not layout.title:
                layout.title = text
            elif ":" in text and len(text.split(":", 1)[0]) <= 80:
                name, value = text.split(":", 1)
                layout.fixed[name.strip()] = value.strip()
            else:
                notes.append(text)
            continue
        block.append((number, fields))
        if len(block) >= 3 and _header_end(block) is not None:
            break
        if len(block) > 40:
            break
    if not block:
        raise _layout_error(path, "no header line (a line of several ';'-separated fields) below the title")
    found = _header_end(block, final=True)
    if found is None:
        raise _layout_error(path, "no header block ending in a units line above the rows (e.g. "
                            "\"Regio's\";\"aantal\") in the first {} lines".format(block[-1][0]), line=block[0][0])
    end, labels = found
    header = block[:end + 1]
    width = max(len(f) for _, f in header)
    layout.width = width
    layout.header_line = header[-1][0]
    last = header[-1][1] + [""] * (width - len(header[-1][1]))
    layout.row_dims = [c.strip() for c in last[:labels]]
    if not all(layout.row_dims):
        raise _layout_error(path, "the last header line names no row dimension in its first {} cells".format(
            labels), line=layout.header_line)
    columns = [dict() for _ in range(width - labels)]
    if end == 0:  # one header line: topics with their unit in brackets
        for i, text in enumerate(last[labels:]):
            match = _UNIT.match(text.strip())
            columns[i][TOPIC] = (match[1] if match else text).strip()
            columns[i][UNIT] = (match[2] if match else "").strip()
    else:
        lead = labels - 1
        for number, fields in header[:-1]:
            fields = fields + [""] * (width - len(fields))
            if any(f.strip() for f in fields[:lead]) or not fields[lead].strip():
                raise _layout_error(path, "a column header line has its dimension name in column {}, not in the "
                                    "column after the row labels".format(
                                        next((i + 1 for i, f in enumerate(fields) if f.strip()), 0)), line=number)
            name = fields[lead].strip()
            key = TOPIC if _role(name) == "topic" else name
            for i, text in enumerate(fields[labels:]):
                if text.strip():
                    columns[i][key] = text.strip()  # a repeated name (topic levels) keeps the deepest label
                    if key == TOPIC:
                        above = columns[i].get(TOPIC_PATH)
                        columns[i][TOPIC_PATH] = "{} / {}".format(above, text.strip()) if above else text.strip()
        for i, text in enumerate(last[labels:]):
            columns[i][UNIT] = text.strip()
            match = _UNIT.match(columns[i].get(TOPIC, ""))
            if not columns[i][UNIT] and match:
                columns[i][TOPIC], columns[i][UNIT] = match[1].strip(), match[2].strip()
                path = _UNIT.match(columns[i].get(TOPIC_PATH, ""))
                if path:
                    columns[i][TOPIC_PATH] = path[1].strip()
    layout.columns = columns
    return layout, block[end + 1:]


def _header_end(block, final=False) -> tuple[int, int] | None:
    """(index of the units line, number of row label columns) in the lines read so far; None when they do not
    tell yet (or, with ``final``, at all).

    The number of row label columns is tried in this order: one more than the empty cells opening the first
    header line; up to ``Perioden`` in a one-line header; all but the last column.
    """
    first = block[0][1]
    lead = next((i for i, f in enumerate(first) if f.strip()), 0)
    lower = [f.strip().lower() for f in first]
    candidates = [lead + 1] + ([lower.index("perioden") + 1] if "perioden" in lower[:-1] else [])
    candidates.append(max(len(first) - 1, 1))
    for labels in dict.fromkeys(candidates):
        for j in range(len(block) - 1):
            if _note(block[j + 1][1]) or _all_figures(block[j][1][labels:]) \
                    or not _all_figures(block[j + 1][1][labels:]):
                continue
            if j + 2 >= len(block):
                if not final:
                    return None  # one more line tells whether line j + 1 is a row
            elif not (_note(block[j + 2][1]) or _all_figures(block[j + 2][1][labels:])):
                continue  # line j + 1 is a header line of period labels
            return j, labels
    return None


def _note(fields: list[str]) -> bool:
    """A line of one field: title, fixed dimension, or a note such as ``"Bron: CBS"``."""
    return sum(1 for f in fields if f.strip()) <= 1


def _all_figures(cells: list[str]) -> bool:
    return bool(cells) and all(_is_figure(c) for c in cells)


@register
class StatlineCsvImporter(Importer):
    """Import a StatLine website CSV download (``veiligheidsbeeld import statline-csv``)."""

    name = "statline-csv"
    distributes = True
    file_level_reasons = frozenset({"unknown_category", "unknown_area", "other_gemeente"})
    cli_options = (
        {"flags": ["--table"], "kwargs": {"dest": "table", "help": "StatLine table id (default: from the file name)."}},
        {"flags": ["--topic"], "kwargs": {"dest": "topic",
                                          "help": "The topic (Onderwerp) to import when the file has several counts."}},
    )

    def __init__(self, gemeente=None, **options):
        super().__init__(gemeente, **options)
        self.layout: Layout | None = None
        self._footer = False

    # --- reading the layout -------------------------------------------------------------------------------------

    def open_table(self, path, progress):
        layout, first, records, encoding = self.open_layout(path, progress)
        self.layout = layout
        self._configure(layout)
        header = [self.options["category_column"], self.options["region_column"], self.options["periods_column"],
                  TOPIC, UNIT, VALUE]
        return Table(path, header, self._melt(first, records), encoding, ";")

    def open_layout(self, path, progress):
        """Check the file is StatLine website CSV text and read its header block: (layout, first rows, the other
        rows, encoding). Shared with the importers of survey and suspect tables (:mod:`.statline_tables`)."""
        with open(path, "rb") as handle:
            head = handle.read(1 << 16)
        if not head.strip():
            raise ImportFileError(path, "empty file: no header line")
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise ImportFileError(path, "UTF-16 text: save the file as UTF-8 (or CP1252) CSV")
        if b"\x00" in head:
            raise ImportFileError(path, "binary file: not CSV text")
        encoding = detect_encoding(head)
        _check_separator(path, head.decode(encoding, errors="replace"))
        records = _csv_rows(path, encoding, ";", progress)
        layout, first = read_layout(path, records)
        return layout, first, records, encoding

    def _configure(self, layout: Layout) -> None:
        """Decide the role of every dimension and the columns to import; refuse what cannot be read."""
        path = self.path
        dims = layout.dimensions()
        roles: dict[str, list[str]] = {}
        for name in dims:
            roles.setdefault(_role(name), []).append(name)
        for role, names in roles.items():
            if role in ("period", "region", "category", "code") and len(names) > 1:
                raise _layout_error(path, "two {} dimensions: {}".format(role, ", ".join(names)))
        needed = {"period": "'Perioden'", "region": "'Regio's'/'Wijken en buurten'/'Gemeenten'",
                  "category": "'Soort misdrijf'/'Soort overlast'"}
        absent = ", ".join(text for role, text in needed.items() if role not in roles)
        if absent:
            found = ", ".join(dims) or "-"
            raise _layout_error(path, "no dimension for {} (the file has: {})".format(absent, found),
                                line=layout.header_line, code="layout_dimensions", missing=absent, found=found)
        for name in roles.get("other", []):
            values = ({layout.fixed[name]} if name in layout.fixed else
                      {c.get(name, "") for c in layout.columns} if name not in layout.row_dims else set())
            if name in layout.row_dims or len(values) > 1:
                raise _layout_error(path, "dimension {!r} has several values; their figures cannot be stored "
                                    "as one count per category, region and period: choose one {} in StatLine".format(
                                        name, name), line=layout.header_line, code="layout_varies",
                                    name="'{}'".format(name))
        for name in roles.get("topic", []):
            if name in layout.fixed:  # "Onderwerp: Geregistreerde misdrijven" above the table
                for column in layout.columns:
                    column.setdefault(TOPIC, layout.fixed[name])
        if len(layout.columns) == 1 and not layout.columns[0].get(UNIT):
            layout.columns[0][UNIT] = "aantal"  # the long layout's one figure column, without a unit: a count
        topic = (self.options.get("topic") or "").strip().lower()
        counts, skipped = [], []
        for i, column in enumerate(layout.columns):
            if not any(column.values()):
                continue  # an empty column (a ';' ending every line)
            unit = column.get(UNIT, "").lower()
            label = column.get(TOPIC, "")
            if topic:
                (counts if label.lower() == topic else skipped).append(i)
            else:
                (counts if unit in COUNT_UNITS else skipped).append(i)
        all_topics = ", ".join(repr(t) for t in sorted({c.get(TOPIC, "") for c in layout.columns}))
        if not counts and topic:
            raise _layout_error(path, "no topic {!r}; the topics are: {}".format(self.options["topic"], all_topics),
                                line=layout.header_line)
        if not counts:
            units = ", ".join(repr(u) for u in sorted({c.get(UNIT, "") for c in layout.columns}))
            raise _layout_error(path, "no column of counts (unit 'aantal'); the units are: {}. Percentages and marks "
                                "are survey results, not counts".format(units), line=layout.header_line,
                                code="layout_counts", units=units)
        topics = ", ".join(repr(t) for t in sorted({layout.columns[i].get(TOPIC, "") for i in counts}))
        if len({layout.columns[i].get(TOPIC, "") for i in counts}) > 1:
            raise _layout_error(path, "several count topics ({}); choose one with --topic".format(topics),
                                line=layout.header_line, code="layout_topics", topics=topics)
        category = roles["category"][0]
        source_system = SYSTEMS[category.lower()]
        match = _TABLE.search(path.name)
        region = roles["region"][0]
        self.options.update(
            category_column=category, region_column=region, periods_column=roles["period"][0],
            code_column=(roles.get("code") or [None])[0], source_system=source_system,
            region_level=DIMENSION_LEVELS.get(region.lower()),
            table=self.options.get("table") or (match[0] if match else "statline"),
            skipped_topics=sorted({"{} ({})".format(layout.columns[i].get(TOPIC, ""), layout.columns[i].get(UNIT, ""))
                                   for i in skipped}),
        )
        self._counts = counts
        # A category dimension none of whose labels is a category of its source system: not this source.
        labels = {layout.fixed[category]} if category in layout.fixed else (
            {layout.columns[i].get(category, "") for i in counts} if category not in layout.row_dims else set())
        self.source_system = source_system
        self._load_categories()
        if labels and not any(self._category(label) for label in labels):
            shown = ", ".join(sorted(repr(label) for label in labels)[:5])
            raise ImportFileError(path, "no category of the file is a category of {}: {}".format(source_system, shown),
                                  line=layout.header_line, code="no_category",
                                  params={"labels": shown, "system": source_system})

    def _melt(self, first, records) -> Iterator[tuple[int, dict]]:
        """One long row per figure to import: the file's dimension labels, topic, unit and figure."""
        layout = self.layout
        labels = len(layout.row_dims)
        fixed = dict(layout.fixed)
        keys = (self.options["category_column"], self.options["region_column"], self.options["periods_column"])
        code_column = self.options.get("code_column")
        previous = [""] * labels
        for number, fields in _chain(first, records):
            if _note(fields) and (self._footer or _FOOTER.match(next((f for f in fields if f.strip()), ""))):
                self._footer = True  # "Bron: CBS", the copyright line, and any note below them
                continue
            self._footer = False
            ragged = len(fields) != layout.width
            self._ragged_end = (number, len(fields)) if ragged else None
            if ragged:
                yield number, {"_field_count": len(fields), "_line": " ; ".join(fields)[:300]}
                continue
            row = []
            for i, label in enumerate(fields[:labels]):
                # a group label printed once: the rows below it leave it blank
                row.append(label.strip() or (previous[i] if i < labels - 1 else ""))
            previous = row
            base = {**fixed, **dict(zip(layout.row_dims, row))}
            for i in self._counts:
                column = layout.columns[i]
                raw = {**base, **{k: v for k, v in column.items() if k not in NOT_DIMENSIONS}}
                out = {k: raw.get(k, "") for k in keys}
                if code_column:
                    out[code_column] = raw.get(code_column, "")
                out[TOPIC], out[UNIT], out[VALUE] = column.get(TOPIC, ""), column.get(UNIT, ""), fields[labels + i]
                yield number, out

    def check_header(self, header):
        pass  # the layout was checked when the file was opened

    def dict_rows(self, rows):
        yield from rows

    def structural(self, number, raw, *, formulas=True):
        if "_field_count" in raw:
            count = raw.pop("_field_count")
            return [Reason("field_count", "line {}: {} fields where the header has {}".format(
                number, count, self.record_width() or "another number"))]
        return super().structural(number, raw, formulas=formulas)

    def record_width(self):
        return self.layout.width if self.layout else 0

    def check_complete(self):
        if self.options.get("accept_partial") or self.path is None:
            return
        super().check_complete()
        if not self._footer:
            raise ImportFileError(self.path, "truncated: no 'Bron: ...' line below the last row, as every StatLine "
                                  "download has (use --accept-partial to import the rows that are there)",
                                  code="truncated_footer")

    def detect_gemeente(self, rows):
        return None

    # --- converting ----------------------------------------------------------------------------------------------

    def _load_categories(self):
        categories = list(SourceCategory.objects.filter(system=self.source_system))
        self.by_code = {c.code: c for c in categories}
        self.by_label = {c.label.strip().lower(): c for c in categories}

    def prepare(self):
        self.source_system = self.options["source_system"]
        self._load_categories()
        self.areas = AreaIndex(self.gemeente)
        # A file repeats its labels in every row or column: each is looked up once.
        self._categories, self._areas, self._periods = {}, {}, {}

    def _period(self, text: str):
        """(first day, precision, StatLine code, problem) of a period label, looked up once per label."""
        if text not in self._periods:
            try:
                start, precision = parse_period(text)
                self._periods[text] = (start, precision, _period_code(start, precision), None)
            except ValueError as exc:
                self._periods[text] = (None, None, None, str(exc))
        return self._periods[text]

    def _category(self, text):
        text = text.strip()
        match = _CODE_PREFIX.match(text)
        if match and match[1] in self.by_code:
            return self.by_code[match[1]]
        return self.by_label.get(text.lower()) or (self.by_label.get(match[2].lower()) if match else None)

    def _area(self, label: str, code: str, year: int | None):
        """The resolution of a row's region: by its code when the file has a code column, else by its label with
        the level the label states (``(gemeente)``, ``(PV)``, ``Wijk 00 ...``) or, failing that, the one the
        region dimension gives (``Gemeenten``; ``Regio's`` holds no wijken or buurten). The one place this
        importer resolves areas; the resolver (:mod:`.areas`) never guesses."""
        if code:
            return self.areas.resolve(code=code, year=year)
        level = self.options.get("region_level")
        regions_only = self.options["region_column"].lower() in ("regio's", "regios", "regio")
        return self.areas.resolve(label, level=level, levels=REGION_LEVELS if regions_only else None, year=year)

    def convert(self, number, raw):
        o = self.options
        reasons = []
        category_column, region_column, periods_column = o["category_column"], o["region_column"], o["periods_column"]
        label = raw.get(category_column, "").strip()
        if label not in self._categories:
            self._categories[label] = self._category(label)
        category = self._categories[label]
        if not label:
            reasons.append(missing(category_column, number))
        elif category is None:
            reasons.append(Reason("unknown_category", "line {}, column {!r}: {!r} is not a category of {}".format(
                number, category_column, label[:60], self.source_system), category_column))
        start, precision, period, problem = self._period(raw.get(periods_column, ""))
        if problem:
            reasons.append(Reason("bad_period", "line {}, column {!r}: {}".format(number, periods_column, problem),
                                  periods_column))
        region = raw.get(region_column, "").strip()
        code = raw.get(o["code_column"], "").strip() if o.get("code_column") else ""
        key = (region, code, start.year if start else None)
        if key not in self._areas:
            self._areas[key] = self._area(region, code, key[2])
        found = self._areas[key]
        if found.out_of_scope:
            return OutOfScope(number, found.gemeente)
        area = found.area
        if area is None:
            reasons.append(found.as_reason("line {}, column {!r}".format(number, region_column), region_column))
        # (a row quarantined before issue 13 holds its figure under the measure column's name)
        text = raw.get(VALUE, raw.get(o.get("measure") or VALUE, "")).strip()
        topic = raw.get(TOPIC, "") or VALUE
        count = None
        if text in (".", "x", "X", "?", ""):
            code_ = "secret" if text.lower() == "x" else "no_figure"
            reasons.append(Reason(code_, "line {}, column {!r}: {} ({!r})".format(
                number, topic, "secret figure" if code_ == "secret" else "no figure", text), VALUE))
        elif text == "-":
            count = 0  # StatLine's nil
        else:
            try:
                value = parse_number(text)
                if value is None or value < 0 or not value.is_integer():
                    raise ValueError("{!r} is not a count".format(text[:40]))
                count = int(value)
            except ValueError as exc:
                reasons.append(Reason("bad_count", "line {}, column {!r}: {}".format(number, topic, exc), VALUE))
        if reasons:
            return self.reject(number, raw, *reasons)
        return Registration.unsaved(
            gemeente_id=area.gemeente_id,
            source_system=self.source_system,
            source_ref="{}/{}/{}/{}".format(o["table"], category.code, area.code, period),
            kind=Kind.AGGREGATE,
            theme_id=category.theme_id,
            category_code=category.code,
            category_label=category.label,
            period_start=start,
            precision=precision,
            area_id=area.pk,
            count=count,
            attributes={"table": o["table"]},
            confidentiality=Confidentiality.OPENBAAR,
        )


def _chain(first, rest):
    yield from first
    yield from rest


def _period_code(start, precision: str) -> str:
    """The StatLine code of a period: ``2023JJ00``, ``2023KW02``, ``2023MM11``; raises for a day."""
    if precision == "year":
        return "{}JJ00".format(start.year)
    if precision == "quarter":
        return "{}KW{:02d}".format(start.year, (start.month - 1) // 3 + 1)
    if precision == "month":
        return "{}MM{:02d}".format(start.year, start.month)
    raise ValueError("{} is a day; StatLine periods are years, quarters or months".format(start.isoformat()))
