"""Survey tables in the Veiligheidsmonitor style: indicators x regions x years, as percentages or marks.

Shape (the CBS Veiligheidsmonitor export): ``Onderwerp`` (indicator; leading ``|`` are StatLine hierarchy
markers), ``Perioden`` (holding the unit, e.g. ``%`` or ``% '(heel) groot'``), then ``Waarde_<region>_<year>``
and optionally ``Marges_<region>_<year>`` (the 95 % margin). Values use a decimal comma; ``.``, ``x`` and blank
mean no figure.

Each value cell is one *row* of the import summary (one survey result), so ``accepted + rejected + duplicates``
counts cells. A region is linked to the area register when its code, or its name at the level its suffix gives
(``(gemeente)``, ``(PV)`` provincie, ...; any level without a suffix), is registered; otherwise it is kept by name (provinces are not in the register). Results go to
:class:`PerceptionResult`, never into the cube.
"""

from __future__ import annotations

import datetime as dt
import re

from ..models import PerceptionResult
from .areas import AreaIndex
from .base import Importer, register
from .errors import ImportFileError, Reason
from .numbers import parse_number

__all__ = ["SurveyImporter"]

_VALUE = re.compile(r"Waarde_(.+)_(\d{4})")


@register
class SurveyImporter(Importer):
    """Import a Veiligheidsmonitor-style table (``veiligheidsbeeld import survey``)."""

    name = "survey"
    source_system = "veiligheidsmonitor"
    required = ("Onderwerp",)

    def check_header(self, header):
        super().check_header(header)
        if not any(_VALUE.fullmatch(c) for c in header):
            raise ImportFileError(self.path, "no value columns (expected Waarde_<region>_<year>)", line=1)

    def prepare(self):
        self.areas = AreaIndex(self.gemeente, supra=True)

    def convert_rows(self, rows):
        out = []
        for number, raw in rows:
            problems = self.structural(number, raw)
            if problems:
                out.append(self.reject(number, raw, *problems))
                continue
            for column in raw:
                match = _VALUE.fullmatch(column)
                if match:
                    out.append(self._cell(number, raw, column, match[1], int(match[2])))
        return out

    def _cell(self, number, raw, column, region, year):
        margin_column = "Marges_{}_{}".format(region, year)
        cell = {k: raw.get(k, "") for k in ("Onderwerp", "Perioden", column, margin_column) if k in raw}
        indicator = raw["Onderwerp"].strip().lstrip("|").strip()
        reasons = []
        if not indicator:
            reasons.append(Reason("missing_value", "line {}, column 'Onderwerp': no indicator".format(number),
                                  "Onderwerp"))
        value = margin = None
        try:
            value = parse_number(raw[column])
            margin = parse_number(raw.get(margin_column, ""))
        except ValueError as exc:
            reasons.append(Reason("bad_value", "line {}, column {!r}: {}".format(number, column, exc), column))
        else:
            if value is None:
                reasons.append(Reason("no_figure", "line {}, column {!r}: no figure ({!r})".format(
                    number, column, raw[column].strip()), column))
        if reasons:
            return self.reject(number, cell, *reasons)
        # linked only when the label or code names exactly one area of the register; otherwise kept by name
        area = self.areas.resolve(region, year=year).area
        return PerceptionResult(
            area=area,
            region=region[:200],
            indicator=indicator[:300],
            unit=raw.get("Perioden", "").strip()[:60],
            period_start=dt.date(year, 1, 1),
            precision="year",
            value=value,
            margin=margin,
        )
