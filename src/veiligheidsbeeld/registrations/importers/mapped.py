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
      area_name: Buurt                         # ... or a buurt or wijk name of the register
    area_level: buurt                          # optional: the level of area_name (buurt, wijk or gemeente);
                                               # without it a name that is both a buurt and a wijk is refused
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
from .errors import ImportFileError, OutOfScope, Reason
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
        if isinstance(area, OutOfScope):
            return area
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
            gemeente_id=area.gemeente_id,
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
    import yaml

    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise MappingError("mapping {}: {}".format(path, exc)) from None


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
