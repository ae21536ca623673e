"""The StatLine website's "CSV" download: semicolons, quotes, title lines above the header, Dutch labels.

Shape::

    "Geregistreerde misdrijven; soort misdrijf, wijk, buurt, 2023"     <- title lines (skipped)
    "Soort misdrijf";"Wijken en buurten";"Perioden";"Geregistreerde misdrijven (aantal)"
    "1.1.1 Diefstal/inbraak woning";"Binnenstad-Noord";"2023";"12"
    "Totaal misdrijven";"Groningen (gemeente)";"2023 1e kwartaal";"."
    "Bron: CBS"                                                          <- notes (skipped)

Rules: the header is the first line with a ``Perioden`` field; lines before it and single-field lines after the
data are notes, not rows. Categories are matched by their code prefix or their label within the source system
(``Soort misdrijf`` -> ``politie-misdrijven``, ``Overlast`` -> ``politie-overlast``); regions by code when a code
column exists (``Codering``, ``Regiocode``), else by name in the register (``(gemeente)``/``(PV)`` suffixes
dropped; a name shared by a wijk and a buurt is rejected as ambiguous). Periods: ``2023``, ``2023 1e kwartaal``,
``2023 januari`` (a trailing ``*`` marks provisional figures). ``.`` (missing) and ``x`` (secret) are rejected
with their own reason; the count is the first column after ``Perioden``. The source reference is the one the
OData importer gives the same figure, so a figure imported in both formats is a duplicate.
"""

from __future__ import annotations

import codecs
import re

from veiligheidsbeeld.frameworks.models import SourceCategory

from ..models import Confidentiality, Kind, Registration
from .areas import REGION_LEVELS, AreaIndex
from .base import Importer, missing, register
from .errors import ImportFileError, OutOfScope, Reason
from .numbers import parse_number
from .periods import parse_statline_period
from .tables import detect_encoding, open_table

__all__ = ["StatlineCsvImporter"]

SYSTEMS = {"soort misdrijf": "politie-misdrijven", "overlast": "politie-overlast",
           "soort overlast": "politie-overlast"}
REGION_COLUMNS = ("wijken en buurten", "regio's", "regio", "gemeenten", "wijken en buurten (2024)")
CODE_COLUMNS = ("codering", "regiocode", "codering (code)")
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december"]
_PERIOD = re.compile(r"(\d{4})(?:\s+(\d)e kwartaal|\s+([a-z]+))?\*?")
_CODE_PREFIX = re.compile(r"^([A-Z]?\d+(?:\.\d+)*|[A-Z]\d+)\s+(.*)$")
_TABLE = re.compile(r"\d{5}[A-Z]{3}")
_SUFFIX = re.compile(r"\s*\((gemeente|PV|wijk|buurt)\)\s*$", re.IGNORECASE)


def _period_code(text: str) -> str:
    """``"2023 1e kwartaal"`` -> ``"2023KW01"``; raises ValueError."""
    match = _PERIOD.fullmatch(text.strip().lower())
    if not match:
        raise ValueError("{!r} is not a StatLine period (2023, 2023 1e kwartaal, 2023 januari)".format(text[:40]))
    year, quarter, month = match.groups()
    if quarter:
        if not 1 <= int(quarter) <= 4:
            raise ValueError("{!r}: no such quarter".format(text))
        return "{}KW0{}".format(year, quarter)
    if month:
        if month not in MONTHS:
            raise ValueError("{!r}: unknown month {!r}".format(text, month))
        return "{}MM{:02d}".format(year, MONTHS.index(month) + 1)
    return "{}JJ00".format(year)


@register
class StatlineCsvImporter(Importer):
    """Import a StatLine website CSV download (``veiligheidsbeeld import statline-csv``)."""

    name = "statline-csv"
    distributes = True
    cli_options = (
        {"flags": ["--table"], "kwargs": {"dest": "table", "help": "StatLine table id (default: from the file name)."}},
    )

    def open_table(self, path, progress):
        with open(path, "rb") as handle:
            head = handle.read(1 << 16)
        text = head.decode(detect_encoding(head), errors="replace").lstrip("\ufeff")
        if head.startswith(codecs.BOM_UTF16_LE):
            text = ""
        skip = next((n for n, line in enumerate(text.splitlines()) if '"Perioden"' in line or ";Perioden" in line
                     or line.startswith("Perioden")), None)
        if skip is None:
            return open_table(path, progress=progress, delimiter=";")
        return open_table(path, progress=progress, delimiter=";", skip_lines=skip)

    def check_header(self, header):
        super().check_header(header)
        lower = [h.lower() for h in header]
        if "perioden" not in lower:
            raise ImportFileError(self.path, "no 'Perioden' column in the first lines (is this a StatLine CSV?)")
        system_column = next((h for h in header if h.lower() in SYSTEMS), None)
        region = next((h for h in header if h.lower() in REGION_COLUMNS), None)
        if system_column is None or region is None:
            raise ImportFileError(self.path, "expected the columns 'Soort misdrijf' (or 'Overlast') and 'Wijken en "
                                  "buurten' (or 'Regio's'); found: {}".format(", ".join(header)), line=1)
        periods = lower.index("perioden")
        if periods + 1 >= len(header):
            raise ImportFileError(self.path, "no figure column after 'Perioden'", line=1)
        match = _TABLE.search(self.path.name)
        self.options.update(
            category_column=system_column, region_column=region, measure=header[periods + 1],
            periods_column=header[periods], source_system=SYSTEMS[system_column.lower()],
            code_column=next((h for h in header if h.lower() in CODE_COLUMNS), None),
            table=self.options.get("table") or (match[0] if match else "statline"),
        )

    def detect_gemeente(self, rows):
        return None

    def dict_rows(self, rows):
        for number, raw in super().dict_rows(rows):
            if raw.get("_field_count") == 1:  # a note such as "Bron: CBS"
                continue
            yield number, raw

    def prepare(self):
        self.source_system = self.options["source_system"]
        categories = list(SourceCategory.objects.filter(system=self.source_system))
        self.by_code = {c.code: c for c in categories}
        self.by_label = {c.label.strip().lower(): c for c in categories}
        self.areas = AreaIndex(self.gemeente)

    def _category(self, text):
        match = _CODE_PREFIX.match(text)
        if match and match[1] in self.by_code:
            return self.by_code[match[1]]
        return self.by_label.get(text.lower()) or (self.by_label.get(match[2].lower()) if match else None)

    def _area(self, raw):
        """The resolution of the row's region (by the code column when there is one) and the region text."""
        if self.options.get("code_column"):
            code = raw.get(self.options["code_column"], "").strip()
            return self.areas.resolve(code=code), code
        name = raw.get(self.options["region_column"], "").strip()
        regions_only = self.options["region_column"].lower() in ("regio's", "regio", "gemeenten")
        return self.areas.resolve(name, levels=REGION_LEVELS if regions_only else None), name

    def convert(self, number, raw):
        o = self.options
        reasons = []
        label = raw.get(o["category_column"], "").strip()
        category = self._category(label)
        if not label:
            reasons.append(missing(o["category_column"], number))
        elif category is None:
            reasons.append(Reason("unknown_category", "line {}, column {!r}: {!r} is not a category of {}".format(
                number, o["category_column"], label[:60], self.source_system), o["category_column"]))
        period = None
        try:
            period = _period_code(raw.get(o["periods_column"], ""))
        except ValueError as exc:
            reasons.append(Reason("bad_period", "line {}, column 'Perioden': {}".format(number, exc), "Perioden"))
        found, region = self._area(raw)
        if found.out_of_scope:
            return OutOfScope(number, found.gemeente)
        area = found.area
        if area is None:
            reasons.append(found.as_reason("line {}, column {!r}".format(number, o["region_column"]),
                                           o["region_column"]))
        text = raw.get(o["measure"], "").strip()
        count = None
        if text in (".", "x", "X"):
            code = "secret" if text.lower() == "x" else "no_figure"
            reasons.append(Reason(code, "line {}, column {!r}: {} ({!r})".format(
                number, o["measure"], "secret figure" if code == "secret" else "no figure", text), o["measure"]))
        else:
            try:
                value = parse_number(text)
                if value is None or value < 0 or not value.is_integer():
                    raise ValueError("{!r} is not a count".format(text[:40]))
                count = int(value)
            except ValueError as exc:
                reasons.append(Reason("bad_count", "line {}, column {!r}: {}".format(number, o["measure"], exc),
                                      o["measure"]))
        if reasons:
            return self.reject(number, raw, *reasons)
        start, precision = parse_statline_period(period)
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
