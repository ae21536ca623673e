"""Any CSV or XLSX with a YAML column mapping (meldingen openbare ruimte, handhaving, WIJ or sleutelfiguren signals).

The mapping (documented in ``docs/how-to/import-table.md``)::

    source_system: meldingen-openbare-ruimte   # required: the partner's code list
    kind: melding                              # incident, melding, signaal or aggregate (default melding)
    confidentiality: intern                    # openbaar, intern, vertrouwelijk (default intern)
    columns:
      source_ref: Meldingnummer                # the dedupe key: required, except for kind aggregate
      category: Categorie                      # the partner's category code or label (long table)
      date: Datum melding                      # a day: ISO or Dutch date (31-01-2024, 31 jan 2024) ...
      area: Buurtcode                          # a CBS code (BU/WK/GM) ...
      area_name: Buurt                         # ... or a buurt or wijk name of the register
    area_level: buurt                          # optional: the level of area_name (buurt, wijk or gemeente);
                                               # without it a name that is both a buurt and a wijk is refused
      count: Aantal                            # optional, default 1; decimal comma / thousands point allowed
      attributes: [Status, Afhandeling]        # optional: columns kept as typed attributes
    period:                                    # ... or a period of any precision instead of date:
      column: Jaar                             # 2022, 2022Q3, 2022 3e kwartaal, 2022-07, jul 2022, 3 juli 2022
      precision: year                          # optional: year, quarter, month or day (default: each value's)
    categories:                                # long table: category -> theme code, when the system is not in
      "Overlast jeugd": jeugdoverlast          # the frameworks' mappings
    sheet: Meldingen                           # optional: the XLSX sheet
    delimiter: ";"                             # optional: default from the header line

A **wide table** (one column per category, as partner and translated exports have) has no ``columns.category``;
``categories`` then maps each count column to a category code of ``source_system`` (or a theme code), and
every cell is a row of the import (its count; ``-`` is 0, ``.``/``x``/blank no figure)::

    source_system: partner-misdrijven
    kind: aggregate
    columns: {area: Buurtcode}
    period: {column: Jaar, precision: year}
    categories: {Woninginbraak: woninginbraak, "Diefstal fiets": fietsdiefstal}

A figure is stored at its period's precision: a yearly figure is a year, never January. Without
``columns.source_ref`` (aggregates only), the source reference is ``<area>/<category>/<period>``, so importing
the same figures again finds them registered.

Encoding (UTF-8, UTF-8 with BOM, CP1252) and delimiter are detected. Address columns must not be mapped:
a column named like a street, house number or postcode is refused as an attribute.
"""

from __future__ import annotations

from veiligheidsbeeld.frameworks.models import SourceCategory, Theme
from veiligheidsbeeld.frameworks.services import theme_lookup

from ..models import Confidentiality, Kind, Registration
from .areas import AreaIndex
from .base import Importer, may_hold_formulas, missing, register
from .errors import ImportFileError, OutOfScope, Reason
from .numbers import parse_number
from .periods import PRECISIONS, parse_date, parse_period
from .tables import DELIMITERS, open_table

__all__ = ["MappedTableImporter", "MappingError"]

ADDRESS_WORDS = ("straat", "huisnummer", "postcode", "adres", "street", "address")
_KINDS = {k.value for k in Kind}
_LEVELS = {"openbaar", "intern", "vertrouwelijk"}


class MappingError(ValueError):
    """The YAML mapping is incomplete or wrong."""


@register
class MappedTableImporter(Importer):
    """Import any table with a column mapping (``veiligheidsbeeld import table FILE --mapping MAPPING.yaml``)."""

    name = "table"
    file_level_reasons = frozenset({"unknown_category", "unknown_area"})
    cli_options = (
        {"flags": ["--mapping"], "kwargs": {"dest": "mapping", "required": True,
                                            "help": "YAML column mapping (see docs/how-to/import-table.md)."}},
    )

    def __init__(self, gemeente=None, **options):
        mapping = options.get("mapping")
        if isinstance(mapping, str):
            options["mapping"] = _load_yaml(mapping)
        super().__init__(gemeente, **options)
        self.spec = _validated(self.options["mapping"])
        self.source_system = self.spec["source_system"]
        columns = self.spec["columns"]
        self.category_themes = {}
        #: Wide table: count column -> (category code, theme pk).
        self.wide: dict[str, tuple[str, int]] = {}
        themes = dict(Theme.objects.values_list("code", "pk"))
        if columns.get("category"):
            for code, theme in (self.spec.get("categories") or {}).items():
                if theme not in themes:
                    raise MappingError("mapping: categories.{}: unknown theme {!r}".format(code, theme))
                self.category_themes[str(code).strip()] = themes[theme]
        else:
            known = {code: c.theme_id for code, c in theme_lookup(self.source_system).items()}
            for column, code in self.spec["categories"].items():
                code = str(code).strip()
                theme = known.get(code) or themes.get(code)
                if theme is None:
                    raise MappingError("mapping: categories.{}: {!r} is neither a category of {} nor a theme".format(
                        column, code, self.source_system))
                self.wide[str(column).strip()] = (code, theme)
        self.period = self.spec.get("period") or None
        period_column = [self.period["column"]] if self.period else []
        self.required = tuple(columns[k] for k in ("source_ref", "category", "date", "area", "area_name", "count")
                              if columns.get(k)) + tuple(period_column) + tuple(self.wide) + tuple(
                                  columns.get("attributes", ()))

    def quarantine_columns(self):
        return set(self.required)

    def open_table(self, path, progress):
        return open_table(path, progress=progress, sheet=self.spec.get("sheet"), delimiter=self.spec.get("delimiter"))

    def check_header(self, header):
        expected = self.spec.get("delimiter")
        if self.table.delimiter != "xlsx" and self.table.encoding != "xlsx" and len(header) == 1:
            found = max((d for d in DELIMITERS if d != self.table.delimiter), key=header[0].count)
            if header[0].count(found):
                raise ImportFileError(
                    self.path, "the header is one column when split at {!r}{}; the fields are separated by "
                    "{!r}".format(self.table.delimiter, " (the mapping's delimiter)" if expected else "", found),
                    line=1, code="separator", params={"found": repr(found), "expected": repr(self.table.delimiter)})
        try:
            super().check_header(header)
        except ImportFileError as error:
            read_with = "" if self.table.encoding == "xlsx" else "; read with separator {!r}".format(
                self.table.delimiter)
            raise ImportFileError(self.path, error.reason + " (named in the mapping{})".format(read_with),
                                  line=1) from None

    def convert_rows(self, rows):
        if not self.wide:
            return super().convert_rows(rows)
        out = []
        formulas = may_hold_formulas(rows)
        for number, raw in rows:
            problems = self.structural(number, raw, formulas=formulas)
            if problems:
                out.append(self.reject(number, raw, *problems))
                continue
            for column in self.wide:
                out.append(self.convert(number, raw, column))
        return out

    def prepare(self):
        lookup = {code: c.theme_id for code, c in theme_lookup(self.source_system).items()}
        lookup.update({c.label.strip().lower(): c.theme_id
                       for c in SourceCategory.objects.filter(system=self.source_system)})
        lookup.update(self.category_themes)
        self.themes = lookup
        self.areas = AreaIndex(self.gemeente)

    def convert(self, number, raw, wide_column=None):
        columns = self.spec["columns"]
        reasons = []
        ref = raw.get(columns["source_ref"], "").strip() if columns.get("source_ref") else ""
        if columns.get("source_ref") and not ref:
            reasons.append(missing(columns["source_ref"], number))
        if wide_column is not None:
            category, theme = self.wide[wide_column]
            label = wide_column
        else:
            category = label = raw.get(columns["category"], "").strip()
            theme = self.themes.get(category) or self.themes.get(category.lower())
            if not category:
                reasons.append(missing(columns["category"], number))
            elif theme is None:
                reasons.append(Reason("unknown_category", "line {}, column {!r}: category {!r} is not "
                                      "mapped".format(number, columns["category"], category[:60]), columns["category"]))
        date, precision = self._period(number, raw, reasons)
        area = self._area(number, raw, date, reasons)
        if isinstance(area, OutOfScope):
            return area
        count = 1
        count_column = wide_column or columns.get("count")
        if count_column:
            text = raw.get(count_column, "").strip()
            value = None
            try:
                value = 0 if wide_column and text == "-" else parse_number(text)
            except ValueError as exc:
                reasons.append(Reason("bad_count", "line {}, column {!r}: {}".format(number, count_column, exc),
                                      count_column))
            else:
                if value is None and wide_column:
                    reasons.append(Reason("no_figure", "line {}, column {!r}: no figure ({!r})".format(
                        number, count_column, text), count_column))
            if value is not None and (value < 0 or not float(value).is_integer()):
                reasons.append(Reason("bad_count", "line {}, column {!r}: {} is not a count".format(
                    number, count_column, value), count_column))
            elif value is not None:
                count = int(value)
        if reasons:
            cell = raw if wide_column is None else {k: v for k, v in raw.items()
                                                    if k not in self.wide or k == wide_column}
            return self.reject(number, cell, *reasons)
        if not ref:  # an aggregate without a reference of its own: the figure's coordinates
            ref = "{}/{}/{}:{}".format(area.code, category, precision, date.isoformat())
        return Registration.unsaved(
            gemeente_id=area.gemeente_id,
            source_system=self.source_system,
            source_ref=ref[:120],
            kind=self.spec.get("kind", Kind.MELDING),
            theme_id=theme,
            category_code=category[:60],
            category_label=label[:300],
            period_start=date,
            precision=precision,
            area_id=area.pk,
            count=count,
            attributes={c: raw.get(c, "") for c in columns.get("attributes", ())},
            confidentiality=self.spec.get("confidentiality", Confidentiality.INTERN),
        )

    def _period(self, number, raw, reasons):
        """(first day, precision) of the row's date or period; (None, None) with a reason when unreadable."""
        if self.period:
            column = self.period["column"]
            try:
                return parse_period(raw.get(column, ""), self.period.get("precision"))
            except ValueError as exc:
                reasons.append(Reason("bad_period", "line {}, column {!r}: {}".format(number, column, exc), column))
                return None, None
        column = self.spec["columns"]["date"]
        try:
            date = parse_date(raw.get(column, ""))
        except ValueError as exc:
            reasons.append(Reason("bad_date", "line {}, column {!r}: {}".format(number, column, exc), column))
            return None, None
        if date is None:
            reasons.append(missing(column, number))
        return date, "day"

    def _area(self, number, raw, date, reasons):
        columns = self.spec["columns"]
        year = date.year if date else None
        if columns.get("area"):
            column = columns["area"]
            found = self.areas.resolve(code=raw.get(column, "").strip().upper(), year=year)
        else:
            column = columns["area_name"]
            level = self.spec.get("area_level")
            found = self.areas.resolve(raw.get(column, "").strip(), level=level,
                                       levels=None if level else ("buurt", "wijk"), year=year)
        if found.out_of_scope:
            return OutOfScope(number, found.gemeente)
        if found.area is None:
            reasons.append(found.as_reason("line {}, column {!r}".format(number, column), column))
        return found.area


def _load_yaml(path: str) -> dict:
    """The mapping file, refused when over ``MAPPING_MAX_BYTES`` or using YAML aliases (:mod:`core.limits`)."""
    from veiligheidsbeeld.core.limits import limit, load_yaml

    try:
        with open(path, "rb") as handle:  # at most one byte over the limit, which load_yaml refuses
            text = handle.read(limit("MAPPING_MAX_BYTES") + 1).decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise MappingError("mapping {}: {}".format(path, exc)) from None
    try:
        return load_yaml(text, "mapping {}".format(path))
    except ValueError as exc:
        raise MappingError(str(exc)) from None


def _validated(spec) -> dict:
    if not isinstance(spec, dict):
        raise MappingError("mapping: expected a YAML mapping with source_system and columns")
    for key in ("source_system", "columns"):
        if not spec.get(key):
            raise MappingError("mapping: {} is required".format(key))
    columns = spec["columns"]
    if not isinstance(columns, dict):
        raise MappingError("mapping: columns must map roles to column names")
    aggregate = spec.get("kind", "melding") == Kind.AGGREGATE
    for role in ("source_ref",) * (not aggregate) + ("category",) * (not spec.get("categories")):
        if not columns.get(role):
            raise MappingError("mapping: columns.{} is required{}".format(
                role, "" if role == "category" else " (except for kind aggregate)"))
    period = spec.get("period")
    if period is not None:
        if not isinstance(period, dict) or not period.get("column"):
            raise MappingError("mapping: period needs a column, e.g. period: {column: Jaar, precision: year}")
        if period.get("precision") not in (None, *PRECISIONS):
            raise MappingError("mapping: period.precision must be one of {}".format(", ".join(PRECISIONS)))
        if columns.get("date"):
            raise MappingError("mapping: give columns.date (a day) or period (any precision), not both")
    elif not columns.get("date"):
        raise MappingError("mapping: columns.date or period is required")
    if not columns.get("category") and not isinstance(spec.get("categories"), dict):
        raise MappingError("mapping: a wide table needs categories: {column: category code}")
    if not (columns.get("area") or columns.get("area_name")):
        raise MappingError("mapping: columns.area or columns.area_name is required")
    if spec.get("area_level") not in (None, "buurt", "wijk", "gemeente"):
        raise MappingError("mapping: area_level must be buurt, wijk or gemeente")
    for column in columns.get("attributes", ()):
        if any(word in str(column).lower() for word in ADDRESS_WORDS):
            raise MappingError("mapping: columns.attributes: {!r} looks like an address; addresses are never "
                               "stored".format(column))
    if spec.get("kind", "melding") not in _KINDS:
        raise MappingError("mapping: kind must be one of {}".format(", ".join(sorted(_KINDS))))
    if spec.get("confidentiality", "intern") not in _LEVELS:
        raise MappingError("mapping: confidentiality must be one of {}".format(", ".join(sorted(_LEVELS))))
    return spec
