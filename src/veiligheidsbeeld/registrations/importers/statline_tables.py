"""StatLine website CSV tables that are not registrations: survey results with their intervals and suspect counts.

Both importers read the download as :mod:`.statline_csv` does (same layout detection, footer and truncation
rules, :func:`~.statline_csv.read_layout`), but keep what that importer refuses:

``statline-survey`` -- Veiligheidsmonitor tables such as **85472NED** *Slachtofferschap online criminaliteit;
regio* (dimensions ``Regio's``, ``Marges``, ``Perioden``; topics ``Online criminaliteit / Totaal slachtoffers``
in ``%``) and **85846NED** / 85470NED *...; persoonskenmerken* (``Kenmerken`` or ``Persoonskenmerken`` instead of
the region: ``Totaal personen``, ``Leeftijd: 15 tot 25 jaar``, ...). Each region x group x topic x period is one
:class:`~veiligheidsbeeld.registrations.models.PerceptionResult`: the ``Marges`` label ``Waarde`` gives the
value, ``Ondergrens 95%-interval`` and ``Bovengrens 95%-interval`` its bounds, ``Betrouwbaarheidsmarge`` a
symmetric margin. A table without a region dimension covers Nederland (the persoonskenmerken tables), unless a
fixed ``Regio's: ...`` line names the region.

``suspects`` -- **85655NED** *Verdachten; delict, leeftijd, geslacht en woongemeente* (dimensions ``Leeftijd``,
``Geslacht``, ``Woongemeente``, ``Perioden``; the offence group is the topic: ``Geregistreerde verdachten /
Verdachten van geweldsmisdrijven (aantal)``) and police/OM tables of the same kind with the offence as a
dimension (``Delict``, ``Delictgroep``, ``Misdrijf``), in any arrangement, also the long layout. Only count
columns are kept: a topic ``per 10 000 inwoners`` (which 85655NED also labels ``aantal``) is skipped. Each
region x age class x sex x offence x period is one
:class:`~veiligheidsbeeld.registrations.models.SuspectCount`, never a registration and never in the cube.

Rules of both: any other dimension must have one value (else the file is refused: figures of different
groups would be stored as one); each result is one row of the import summary, numbered with the line of its
value; ``.`` and blank are rejected as ``no_figure``, ``x`` as ``secret``. Regions are resolved by label with
the level they state (``Groningen (gemeente)``, ``Groningen (PV)``, ``Nederland``) and kept by name when the
register does not hold them (landsdelen, politie-eenheden); a suspect row of another gemeente is out of scope
(counted, not kept); Nederland, provincies and landsdelen are kept (by name when not registered).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..models import PerceptionResult, SuspectCount
from .areas import REGION_LEVELS, AreaIndex
from .base import register
from .errors import ImportFileError, OutOfScope, Reason
from .numbers import parse_number
from .periods import parse_period
from .statline_csv import (
    _FOOTER, NOT_DIMENSIONS, TOPIC, TOPIC_PATH, UNIT, StatlineCsvImporter, _chain, _layout_error, _note,
)
from .tables import Table

__all__ = ["SurveyTableImporter", "SuspectTableImporter", "age_range", "margin_kind"]

PERIOD_NAMES = ("perioden", "periode")
REGION_NAMES = ("regio's", "regios", "regio", "gemeenten", "gemeente", "woongemeente", "woonregio",
                "woongemeente verdachte", "provincies", "politie-eenheden", "regionale eenheden")
GROUP_NAMES = ("kenmerken", "persoonskenmerken", "kenmerken van personen", "achtergrondkenmerken")
MARGIN_NAMES = ("marges", "cijfersoort")
AGE_NAMES = ("leeftijd", "leeftijdsklasse", "leeftijdsgroep", "leeftijd verdachte", "leeftijdsklassen")
SEX_NAMES = ("geslacht",)
OFFENCE_NAMES = ("delict", "delicten", "delictgroep", "delictsoort", "misdrijf", "soort misdrijf", "feit",
                 "hoofdgroep delict", "delictcategorie")
TOPIC_NAMES = ("onderwerp", "onderwerpen")
#: Topics that are rates, whatever unit the file gives them.
_RATE = re.compile(r"\bper\s+\d[\d .]*\b", re.IGNORECASE)

# keys of the rows the tables are melted into
REGION, GROUP, PERIOD, INDICATOR, VALUE = "Regio", "Groep", "Perioden", "Onderwerp", "Waarde"
LOWER, UPPER, MARGIN = "Ondergrens", "Bovengrens", "Marge"
AGE, SEX, OFFENCE = "Leeftijd", "Geslacht", "Delict"


def margin_kind(label: str) -> str | None:
    """What a ``Marges`` label holds: ``value``, ``lower``, ``upper`` or ``margin``; None for anything else.

    >>> [margin_kind(x) for x in ("Waarde", "Ondergrens 95%-interval", "Bovengrens 95%-interval",
    ...                           "Betrouwbaarheidsmarge", "Steekproefomvang")]
    ['value', 'lower', 'upper', 'margin', None]
    """
    text = label.strip().lower()
    if text in ("waarde", "value", ""):
        return "value"
    if text.startswith(("ondergrens", "lower")):
        return "lower"
    if text.startswith(("bovengrens", "upper")):
        return "upper"
    if "marge" in text or "margin" in text:
        return "margin"
    return None


_AGE_RANGE = re.compile(r"^(\d+)\s*(?:tot|-|–|t/m|tot en met)\s*(\d+)\s*(?:jaar|jr)?$")
_AGE_FROM = re.compile(r"^(\d+)\s*(?:jaar|jr)?\s*(?:of ouder|en ouder|\+|en meer)$")
_AGE_UNDER = re.compile(r"^(?:jonger dan|tot|onder)\s*(\d+)\s*(?:jaar|jr)?$")
_AGE_ONE = re.compile(r"^(\d+)\s*(?:jaar|jr)$")


def age_range(label: str) -> tuple[int | None, int | None]:
    """The first and last age (inclusive) an age class covers; ``(None, None)`` for a total or unknown age.

    ``tot`` excludes its upper age (CBS: ``12 tot 18 jaar`` is 12-17); ``t/m`` and a dash include it (police
    tables: ``12-17``).

    >>> [age_range(x) for x in ("12 tot 18 jaar", "12-17", "12 t/m 22 jaar", "65 jaar of ouder", "jonger dan 12 jaar",
    ...                         "16 jaar", "Totaal", "Onbekend")]
    [(12, 17), (12, 17), (12, 22), (65, None), (0, 11), (16, 16), (None, None), (None, None)]
    """
    text = " ".join(label.strip().lower().replace("leeftijd:", "").split())
    if match := _AGE_RANGE.match(text):
        low, high = int(match[1]), int(match[2])
        exclusive = " tot " in text and "tot en met" not in text
        return low, high - 1 if exclusive else high
    if match := _AGE_FROM.match(text):
        return int(match[1]), None
    if match := _AGE_UNDER.match(text):
        return 0, int(match[1]) - 1
    if match := _AGE_ONE.match(text):
        return int(match[1]), int(match[1])
    return None, None


def _named(name: str, names) -> bool:
    return name.strip().lower() in names


class _TableImporter(StatlineCsvImporter):
    """Shared reading: roles of the dimensions, one value for every other dimension, one row per result."""

    distributes = False
    file_level_reasons = frozenset()
    cli_options = (
        {"flags": ["--table"], "kwargs": {"dest": "table", "help": "StatLine table id (default: from the file name)."}},
    )
    #: role -> dimension names (lower case) that have it
    roles: dict[str, tuple[str, ...]] = {}
    #: roles the file must have
    needed: tuple[str, ...] = ()
    #: columns of the melted rows
    header: list[str] = []

    def open_table(self, path, progress):
        layout, first, records, encoding = self.open_layout(path, progress)
        self.layout = layout
        self._dims = self._roles(layout)
        topic = self._dims.get("topic")
        if topic in layout.fixed:  # "Onderwerp: Totaal slachtoffers" above the table
            for column in layout.columns:
                column.setdefault(TOPIC, layout.fixed[topic])
                column.setdefault(TOPIC_PATH, layout.fixed[topic])
        match = re.search(r"\d{5}[A-Z]{3}", path.name)
        self.options["table"] = self.options.get("table") or (match[0] if match else "statline")
        return Table(path, self.header, self._rows(first, records), encoding, ";")

    def _roles(self, layout) -> dict[str, str]:
        found: dict[str, str] = {}
        for name in layout.dimensions():
            role = next((r for r, names in self.roles.items() if _named(name, names)), "other")
            if role == "other":
                values = ({layout.fixed[name]} if name in layout.fixed else
                          {c.get(name, "") for c in layout.columns} if name not in layout.row_dims else set())
                if name in layout.row_dims or len(values) > 1:
                    raise _layout_error(self.path, "dimension {!r} has several values; their figures would be stored "
                                        "as one: choose one {} in StatLine".format(name, name),
                                        line=layout.header_line, code="layout_varies", name="'{}'".format(name))
                continue
            if role in found:
                raise _layout_error(self.path, "two {} dimensions: {}, {}".format(role, found[role], name))
            found[role] = name
        absent = [role for role in self.needed if role not in found]
        if absent:
            raise _layout_error(self.path, "no dimension for {} (the file has: {})".format(
                ", ".join(absent), ", ".join(layout.dimensions()) or "-"), line=layout.header_line,
                code="layout_dimensions", missing=", ".join(absent), found=", ".join(layout.dimensions()) or "-")
        return found

    def _cells(self, first, records) -> Iterator[tuple[int, dict | None, dict, str]]:
        """(line, dimension labels, column, figure) per cell; a ragged line as (line, None, {...}, "")."""
        layout = self.layout
        labels = len(layout.row_dims)
        previous = [""] * labels
        for number, fields in _chain(first, records):
            if _note(fields) and (self._footer or _FOOTER.match(next((f for f in fields if f.strip()), ""))):
                self._footer = True
                continue
            self._footer = False
            ragged = len(fields) != layout.width
            self._ragged_end = (number, len(fields)) if ragged else None
            if ragged:
                yield number, None, {"_field_count": len(fields), "_line": " ; ".join(fields)[:300]}, ""
                continue
            row = [label.strip() or (previous[i] if i < labels - 1 else "") for i, label in enumerate(fields[:labels])]
            previous = row
            base = {**layout.fixed, **dict(zip(layout.row_dims, row))}
            for i, column in enumerate(layout.columns):
                if not any(column.values()):
                    continue
                dims = {**base, **{k: v for k, v in column.items() if k not in NOT_DIMENSIONS}}
                yield number, dims, column, fields[labels + i]

    def _label(self, dims: dict, role: str, default: str = "") -> str:
        name = self._dims.get(role)
        return dims.get(name, "").strip() if name else default

    def prepare(self):
        self.areas = AreaIndex(self.gemeente, supra=True)
        self._areas: dict = {}
        self._periods: dict = {}

    def _area(self, label: str, year: int | None):
        key = (label, year)
        if key not in self._areas:
            self._areas[key] = self.areas.resolve(label, levels=REGION_LEVELS, year=year)
        return self._areas[key]

    def _period(self, text: str):
        if text not in self._periods:
            try:
                self._periods[text] = (*parse_period(text), None)
            except ValueError as exc:
                self._periods[text] = (None, None, str(exc))
        return self._periods[text]

    def _figure(self, number, raw, column, *, count=False):
        """(value, reasons) of a figure cell."""
        text = raw.get(column, "").strip()
        if text in ("", ".", "x", "X", "?"):
            code = "secret" if text.lower() == "x" else "no_figure"
            return None, [Reason(code, "line {}, column {!r}: {} ({!r})".format(
                number, column, "secret figure" if code == "secret" else "no figure", text), column)]
        if text == "-":
            return 0.0, []
        try:
            value = parse_number(text)
        except ValueError as exc:
            return None, [Reason("bad_value", "line {}, column {!r}: {}".format(number, column, exc), column)]
        if count and (value < 0 or not value.is_integer()):
            return None, [Reason("bad_count", "line {}, column {!r}: {!r} is not a count".format(
                number, column, text[:40]), column)]
        return value, []


@register
class SurveyTableImporter(_TableImporter):
    """Import a Veiligheidsmonitor StatLine table with its 95 % intervals (``veiligheidsbeeld import
    statline-survey``): 85472NED by region, 85846NED/85470NED by person characteristics."""

    name = "statline-survey"
    source_system = "veiligheidsmonitor"
    roles = {"period": PERIOD_NAMES, "region": REGION_NAMES, "group": GROUP_NAMES, "margins": MARGIN_NAMES,
             "topic": TOPIC_NAMES}
    needed = ("period",)
    header = [REGION, GROUP, INDICATOR, UNIT, PERIOD, VALUE, LOWER, UPPER, MARGIN]

    def _rows(self, first, records):
        """One row per region x group x topic x period, with the figures of its ``Marges`` labels."""
        results: dict[tuple, dict] = {}
        for number, dims, column, text in self._cells(first, records):
            if dims is None:
                yield number, column
                continue
            kind = margin_kind(self._label(dims, "margins", "Waarde"))
            if kind is None:
                continue  # e.g. a sample size: not a figure of the result
            key = (self._label(dims, "region", "Nederland"), self._label(dims, "group"),
                   column.get(TOPIC_PATH) or column.get(TOPIC, ""), column.get(UNIT, ""), self._label(dims, "period"))
            row = results.get(key)
            if row is None:
                row = results[key] = {"_line": number, REGION: key[0], GROUP: key[1], INDICATOR: key[2],
                                      UNIT: key[3], PERIOD: key[4], VALUE: "", LOWER: "", UPPER: "", MARGIN: ""}
            column_key = {"value": VALUE, "lower": LOWER, "upper": UPPER, "margin": MARGIN}[kind]
            row[column_key] = text
            if kind == "value":
                row["_line"] = number
        for row in sorted(results.values(), key=lambda r: r["_line"]):
            yield row.pop("_line"), row

    def convert(self, number, raw):
        reasons = []
        indicator = raw.get(INDICATOR, "").strip()
        if not indicator:
            reasons.append(Reason("missing_value", "line {}: no topic".format(number), INDICATOR))
        start, precision, problem = self._period(raw.get(PERIOD, ""))
        if problem:
            reasons.append(Reason("bad_period", "line {}, column {!r}: {}".format(number, PERIOD, problem), PERIOD))
        value, problems = self._figure(number, raw, VALUE)
        reasons += problems
        bounds = {}
        for column in (LOWER, UPPER, MARGIN):
            if raw.get(column, "").strip() in ("", ".", "x", "X"):
                bounds[column] = None  # no interval published for this figure
                continue
            bounds[column], problems = self._figure(number, raw, column)
            reasons += problems
        if reasons:
            return self.reject(number, raw, *reasons)
        region = raw.get(REGION, "").strip() or "Nederland"
        area = self._area(region, start.year).area
        return PerceptionResult(
            area=area, region=region[:200], group=raw.get(GROUP, "").strip()[:120], indicator=indicator[:300],
            unit=raw.get(UNIT, "").strip()[:60], period_start=start, precision=precision, value=value,
            margin=bounds[MARGIN], lower=bounds[LOWER], upper=bounds[UPPER],
        )


@register
class SuspectTableImporter(_TableImporter):
    """Import registered suspects by age class, offence and year (``veiligheidsbeeld import suspects``): CBS
    85655NED and police/OM tables in the StatLine website CSV layout."""

    name = "suspects"
    source_system = "verdachten"
    roles = {"period": PERIOD_NAMES, "region": REGION_NAMES, "age": AGE_NAMES, "sex": SEX_NAMES,
             "offence": OFFENCE_NAMES, "topic": TOPIC_NAMES}
    needed = ("period", "age", "region")
    header = [REGION, AGE, SEX, OFFENCE, PERIOD, VALUE]

    def open_table(self, path, progress):
        table = super().open_table(path, progress)
        counts = [c for c in self.layout.columns if any(c.values()) and self._is_count(c)]
        if not counts:
            units = ", ".join(sorted({repr(c.get(UNIT, "")) for c in self.layout.columns}))
            raise ImportFileError(path, "no column of suspect counts (unit 'aantal', not per 10 000 inwoners); the "
                                  "units are: {}".format(units), line=self.layout.header_line)
        if "offence" not in self._dims and len({c.get(TOPIC, "") for c in counts}) != len(counts):
            raise _layout_error(path, "no offence: the file has neither an offence dimension (Delict, Delictgroep) "
                                "nor one count topic per offence", line=self.layout.header_line)
        return table

    @staticmethod
    def _is_count(column) -> bool:
        unit = column.get(UNIT, "").strip().lower()
        path = column.get(TOPIC_PATH) or column.get(TOPIC, "")
        return unit in ("aantal", "") and not _RATE.search(path) and not _RATE.search(unit)

    def _rows(self, first, records):
        for number, dims, column, text in self._cells(first, records):
            if dims is None:
                yield number, column
                continue
            if not self._is_count(column):
                continue
            offence = self._label(dims, "offence") or column.get(TOPIC, "")
            yield number, {REGION: self._label(dims, "region"), AGE: self._label(dims, "age"),
                           SEX: self._label(dims, "sex"), OFFENCE: offence, PERIOD: self._label(dims, "period"),
                           VALUE: text}

    def convert(self, number, raw):
        reasons = []
        offence, age = raw.get(OFFENCE, "").strip(), raw.get(AGE, "").strip()
        for column, text in ((OFFENCE, offence), (AGE, age)):
            if not text:
                reasons.append(Reason("missing_value", "line {}, column {!r}: empty".format(number, column), column))
        start, precision, problem = self._period(raw.get(PERIOD, ""))
        if problem:
            reasons.append(Reason("bad_period", "line {}, column {!r}: {}".format(number, PERIOD, problem), PERIOD))
        region = raw.get(REGION, "").strip()
        if not region:
            reasons.append(Reason("missing_value", "line {}, column {!r}: empty".format(number, REGION), REGION))
        found = self._area(region, start.year if start else None)
        if found.out_of_scope and found.gemeente.startswith("GM"):
            return OutOfScope(number, found.gemeente)  # another gemeente's suspects; Nederland is kept by name
        value, problems = self._figure(number, raw, VALUE, count=True)
        reasons += problems
        if reasons:
            return self.reject(number, raw, *reasons)
        sex = raw.get(SEX, "").strip()
        age_from, age_to = age_range(age)
        return SuspectCount(
            area=found.area, region=region[:200], age_class=age[:60], age_from=age_from, age_to=age_to,
            sex="" if not sex or sex.lower().startswith("totaal") else sex[:40], offence=offence[:200],
            period_start=start, precision=precision, count=int(value),
        )
