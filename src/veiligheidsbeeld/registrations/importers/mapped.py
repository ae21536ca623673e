"""Any CSV or XLSX with a YAML column mapping (meldingen openbare ruimte, handhaving, WIJ or sleutelfiguren signals).

The mapping (documented in ``docs/how-to/import-table.md``)::

    source_system: meldingen-openbare-ruimte   # required: the partner's code list
    kind: melding                              # incident, melding, signaal or aggregate (default melding)
    confidentiality: intern                    # openbaar, intern, vertrouwelijk (default intern)
    columns:
      source_ref: Meldingnummer                # required: the dedupe key
      category: Categorie                      # required: the partner's category code or label
      date: Datum melding                      # required: ISO or Dutch date (31-01-2024, 31 jan 2024)
      area: Buurtcode                          # a CBS code (BU/WK/GM) ...
      area_name: Buurt                         # ... or a buurt (else wijk) name of the register
      count: Aantal                            # optional, default 1; decimal comma / thousands point allowed
      attributes: [Status, Afhandeling]        # optional: columns kept as typed attributes
    categories:                                # category -> theme code, when the system is not in the
      "Overlast jeugd": jeugdoverlast          # frameworks' mappings
    sheet: Meldingen                           # optional: the XLSX sheet
    delimiter: ";"                             # optional: default from the header line

Encoding (UTF-8, UTF-8 with BOM, CP1252) and delimiter are detected. Address columns must not be mapped:
a column named like a street, house number or postcode is refused as an attribute.
"""

from __future__ import annotations

from veiligheidsbeeld.frameworks.models import SourceCategory, Theme
from veiligheidsbeeld.frameworks.services import theme_lookup

from ..models import Confidentiality, Kind, Registration
from .areas import AreaIndex
from .base import Importer, missing, register
from .errors import ImportFileError, Reason
from .numbers import parse_number
from .periods import parse_date
from .tables import open_table

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
        self.category_themes = {}
        themes = dict(Theme.objects.values_list("code", "pk"))
        for code, theme in (self.spec.get("categories") or {}).items():
            if theme not in themes:
                raise MappingError("mapping: categories.{}: unknown theme {!r}".format(code, theme))
            self.category_themes[str(code).strip()] = themes[theme]
        self.source_system = self.spec["source_system"]
        columns = self.spec["columns"]
        self.required = tuple(columns[k] for k in ("source_ref", "category", "date", "area", "area_name", "count")
                              if columns.get(k)) + tuple(columns.get("attributes", ()))

    def quarantine_columns(self):
        return set(self.required)

    def open_table(self, path, progress):
        return open_table(path, progress=progress, sheet=self.spec.get("sheet"), delimiter=self.spec.get("delimiter"))

    def check_header(self, header):
        try:
            super().check_header(header)
        except ImportFileError as error:
            raise ImportFileError(self.path, error.reason + " (named in the mapping)", line=1) from None

    def prepare(self):
        lookup = {code: c.theme_id for code, c in theme_lookup(self.source_system).items()}
        lookup.update({c.label.strip().lower(): c.theme_id
                       for c in SourceCategory.objects.filter(system=self.source_system)})
        lookup.update(self.category_themes)
        self.themes = lookup
        self.areas = AreaIndex(self.gemeente)

    def convert(self, number, raw):
        columns = self.spec["columns"]
        reasons = []
        ref = raw.get(columns["source_ref"], "").strip()
        if not ref:
            reasons.append(missing(columns["source_ref"], number))
        category = raw.get(columns["category"], "").strip()
        theme = self.themes.get(category) or self.themes.get(category.lower())
        if not category:
            reasons.append(missing(columns["category"], number))
        elif theme is None:
            reasons.append(Reason("unknown_category", "line {}, column {!r}: category {!r} is not mapped".format(
                number, columns["category"], category[:60]), columns["category"]))
        date = None
        try:
            date = parse_date(raw.get(columns["date"], ""))
        except ValueError as exc:
            reasons.append(Reason("bad_date", "line {}, column {!r}: {}".format(number, columns["date"], exc),
                                  columns["date"]))
        else:
            if date is None:
                reasons.append(missing(columns["date"], number))
        area = self._area(number, raw, date, reasons)
        count = 1
        if columns.get("count"):
            try:
                value = parse_number(raw.get(columns["count"], ""))
            except ValueError as exc:
                value = None
                reasons.append(Reason("bad_count", "line {}, column {!r}: {}".format(number, columns["count"], exc),
                                      columns["count"]))
            if value is not None and (value < 0 or not float(value).is_integer()):
                reasons.append(Reason("bad_count", "line {}, column {!r}: {} is not a count".format(
                    number, columns["count"], value), columns["count"]))
            elif value is not None:
                count = int(value)
        if reasons:
            return self.reject(number, raw, *reasons)
        return Registration.unsaved(
            gemeente_id=self.gemeente.pk,
            source_system=self.source_system,
            source_ref=ref[:120],
            kind=self.spec.get("kind", Kind.MELDING),
            theme_id=theme,
            category_code=category[:20],
            category_label=category[:300],
            period_start=date,
            precision="day",
            area_id=area.pk,
            count=count,
            attributes={c: raw.get(c, "") for c in columns.get("attributes", ())},
            confidentiality=self.spec.get("confidentiality", Confidentiality.INTERN),
        )

    def _area(self, number, raw, date, reasons):
        columns = self.spec["columns"]
        year = date.year if date else None
        if columns.get("area"):
            code = raw.get(columns["area"], "").strip().upper()
            area = self.areas.code(code, year)
            if area is None:
                reasons.append(Reason("unknown_area", "line {}, column {!r}: area {!r} is not in the area register "
                                      "of {}".format(number, columns["area"], code[:40], self.gemeente.code),
                                      columns["area"]))
            return area
        name = raw.get(columns["area_name"], "").strip()
        area = self.areas.name("buurt", name, year) or self.areas.name("wijk", name, year)
        if area is None:
            reasons.append(Reason("unknown_area", "line {}, column {!r}: no buurt or wijk named {!r} in {}".format(
                number, columns["area_name"], name[:60], self.gemeente.code), columns["area_name"]))
        return area


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
    for role in ("source_ref", "category", "date"):
        if not columns.get(role):
            raise MappingError("mapping: columns.{} is required".format(role))
    if not (columns.get("area") or columns.get("area_name")):
        raise MappingError("mapping: columns.area or columns.area_name is required")
    for column in columns.get("attributes", ()):
        if any(word in str(column).lower() for word in ADDRESS_WORDS):
            raise MappingError("mapping: columns.attributes: {!r} looks like an address; addresses are never "
                               "stored".format(column))
    if spec.get("kind", "melding") not in _KINDS:
        raise MappingError("mapping: kind must be one of {}".format(", ".join(sorted(_KINDS))))
    if spec.get("confidentiality", "intern") not in _LEVELS:
        raise MappingError("mapping: confidentiality must be one of {}".format(", ".join(sorted(_LEVELS))))
    return spec
