"""StatLine OData typed tables (as the StatLine API and cbsodata deliver them), e.g. politie 47018NED.

Columns: ``ID``, dimension keys padded with spaces (``SoortMisdrijf`` ``"0.0.0 "``, ``WijkenEnBuurten``
``"BU00140000"``), ``Perioden`` (``2023JJ00`` year, ``2023KW01`` quarter, ``2023MM01`` month) and measure columns
named ``<Name>_<n>``. Rules:

- The category dimension decides the source system: ``SoortMisdrijf`` -> ``politie-misdrijven``,
  ``Overlast``/``SoortOverlast`` -> ``politie-overlast``; codes are mapped to themes by the frameworks' source
  categories.
- The measure is ``--measure`` or the lowest numbered ``<Name>_<n>`` column (``GeregistreerdeMisdrijven_1``).
  A blank measure is 0 (StatLine leaves zero cells blank), not a rejection; a negative or fractional one is
  rejected.
- The area is looked up by code in the register (the newest indeling holding the code, or ``--indeling``) by
  :class:`~.areas.AreaResolver`. Without ``--gemeente`` the rows go to every registered gemeente (Nederland and
  provincies included); rows of areas outside the import (another gemeente, or one not registered) are counted
  as ``out_of_scope`` per gemeente code, not quarantined.
- The source reference is ``<table>/<category>/<area>/<period>``: the same figure in two files is a duplicate.
"""

from __future__ import annotations

import re

from veiligheidsbeeld.frameworks.services import theme_lookup

from ..models import Confidentiality, Kind, Registration
from .areas import AreaIndex
from .base import Importer, missing, register
from .errors import ImportFileError, OutOfScope, Reason
from .periods import parse_statline_period

__all__ = ["StatlineImporter", "DIMENSIONS"]

#: Category dimension column -> source system.
DIMENSIONS = {"SoortMisdrijf": "politie-misdrijven", "Overlast": "politie-overlast", "SoortOverlast": "politie-overlast"}
_MEASURE = re.compile(r"[A-Za-z]\w*_(\d+)")
_TABLE = re.compile(r"\d{5}[A-Z]{3}")
_REGION_COLUMNS = ("WijkenEnBuurten", "RegioS", "Gemeenten")


@register
class StatlineImporter(Importer):
    """Import a StatLine OData typed table (``veiligheidsbeeld import statline``).

    Options: ``table`` (StatLine table id; default from the file name), ``measure``, ``indeling``.
    """

    name = "statline"
    file_level_reasons = frozenset({"unknown_category"})
    required = ("Perioden",)
    distributes = True
    cli_options = (
        {"flags": ["--table"], "kwargs": {"dest": "table", "help": "StatLine table id (default: from the file name)."}},
        {"flags": ["--measure"], "kwargs": {"dest": "measure", "help": "Measure column (default: the first, *_1)."}},
        {"flags": ["--indeling"], "kwargs": {"dest": "indeling", "type": int,
                                            "help": "CBS indeling year of the area codes (default: newest)."}},
    )

    def quarantine_columns(self):
        return {"ID", "Perioden", *(self.options.get(k) for k in ("dimension", "area_column", "measure"))} - {None}

    def check_header(self, header):
        super().check_header(header)
        dimension = next((c for c in DIMENSIONS if c in header), None)
        if dimension is None:
            raise ImportFileError(
                self.path, "no category dimension column (expected one of: {})".format(", ".join(DIMENSIONS)), line=1
            )
        area_column = next((c for c in _REGION_COLUMNS if c in header), None)
        if area_column is None:
            raise ImportFileError(
                self.path, "no region column (expected one of: {})".format(", ".join(_REGION_COLUMNS)), line=1
            )
        measures = sorted((int(m[1]), c) for c in header if (m := _MEASURE.fullmatch(c)))
        measure = self.options.get("measure") or (measures[0][1] if measures else None)
        if measure is None or measure not in header:
            raise ImportFileError(
                self.path, "no measure column {}(expected a column such as GeregistreerdeMisdrijven_1)".format(
                    repr(measure) + " " if measure else ""), line=1,
            )
        self.options["measure"] = measure
        if not self.options.get("table"):
            match = _TABLE.search(self.path.name)
            self.options["table"] = match[0] if match else "statline"
        self.options.update(dimension=dimension, area_column=area_column, source_system=DIMENSIONS[dimension])

    def prepare(self):
        self.source_system = self.options["source_system"]
        self.categories = theme_lookup(self.source_system)
        self.areas = AreaIndex(self.gemeente, self.options.get("indeling"))

    def convert(self, number, raw):
        dimension, area_column = self.options["dimension"], self.options["area_column"]
        measure = self.options["measure"]
        reasons = []
        code = raw.get(dimension, "").strip()
        category = self.categories.get(code)
        if not code:
            reasons.append(missing(dimension, number))
        elif category is None:
            reasons.append(Reason("unknown_category", "line {}, column {!r}: category {!r} is not mapped in source "
                                  "system {}".format(number, dimension, code, self.source_system), dimension))
        period = precision = None
        try:
            period, precision = parse_statline_period(raw.get("Perioden", ""))
        except ValueError as exc:
            reasons.append(Reason("bad_period", "line {}, column 'Perioden': {}".format(number, exc), "Perioden"))
        area_code = raw.get(area_column, "").strip()
        area = None
        if not area_code:
            reasons.append(missing(area_column, number))
        else:
            found = self.areas.resolve(code=area_code)
            area = found.area
            if found.out_of_scope:  # not this import's row: its other problems are not ours either
                return OutOfScope(number, found.gemeente)
            if area is None and not found.out_of_scope:
                reasons.append(found.as_reason("line {}, column {!r}".format(number, area_column), area_column))
        text = raw.get(measure, "").strip()
        count = 0
        if text:
            try:
                count = int(text)
            except ValueError:
                reasons.append(Reason("bad_count", "line {}, column {!r}: {!r} is not a whole number".format(
                    number, measure, text[:40]), measure))
            else:
                if count < 0:
                    reasons.append(Reason("negative_count", "line {}, column {!r}: negative count {}".format(
                        number, measure, count), measure))
        if reasons:
            return self.reject(number, raw, *reasons)
        return Registration.unsaved(
            gemeente_id=area.gemeente_id,
            source_system=self.source_system,
            source_ref="{}/{}/{}/{}".format(self.options["table"], code, area_code, raw["Perioden"].strip()),
            kind=Kind.AGGREGATE,
            theme_id=category.theme_id,
            category_code=code,
            category_label=category.label,
            period_start=period,
            precision=precision,
            area_id=area.pk,
            count=count,
            attributes={"table": self.options["table"], "statline_id": raw.get("ID", "").strip()},
            confidentiality=Confidentiality.OPENBAAR,
        )

