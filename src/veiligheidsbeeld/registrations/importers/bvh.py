"""Police incident exports (BVH, Basisvoorziening Handhaving), CSV or XLSX.

Columns as in the gemeente Groningen bicycle-theft export (``Incident Identificatie``, ``Incidentsoort code``,
``Pleegstraatnaam`` ... ``Begin-pleegdatum/tijd`` ... ``X``, ``Y``). Rules:

- The incident date is the begin date, else the end date, else the date of kennisname (notification); a date
  in the future, before 1990, or an end before the begin is rejected.
- X/Y (RD New, EPSG:28992) are converted to WGS84 and located by point-in-polygon in the buurt of the CBS
  indeling valid at the incident date (the newest indeling not after it; the oldest when all are later). Rows
  without usable X/Y, or outside every buurt, fall back to the police buurt name (``Pleegbuurt``), then the
  police wijk name (``Pleegwijk``, ``"Wijk 03 Korrewegwijk"``), matched to the register's names; otherwise the
  row is rejected with reason ``not_located``.
- Street, house number and sub-buurt are never stored. The raw content kept for a rejected row has them
  removed, the postcode cut to its four digits and X/Y moved to the centre of their 100 m grid cell.
- Option ``grid``: store the 100 m RD grid cell (``E2342N5839``) as an attribute.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np

from veiligheidsbeeld.areas.models import AreaLevel
from veiligheidsbeeld.core.models import Gemeente
from veiligheidsbeeld.frameworks.services import theme_lookup

from ..models import Confidentiality, Kind, Registration
from .areas import AreaIndex
from .base import Importer, may_hold_formulas, missing, register
from .errors import Reason
from .locate import RD_BOUNDS, BuurtLocator, grid_cell, rd_to_wgs84
from .periods import parse_datetime

__all__ = ["BvhImporter", "ADDRESS_COLUMNS"]

ID, CODE, LABEL = "Incident Identificatie", "Incidentsoort code", "Incidentsoort"
BEGIN, END, NOTICE = "Begin-pleegdatum/tijd", "Eind-pleegdatum/tijd", "Kennisnamedatum/tijd"
WIJK, BUURT, POSTCODE = "Pleegwijk", "Pleegbuurt", "Pleegpostcode"
#: Never stored, not even in quarantine.
ADDRESS_COLUMNS = ("Pleegstraatnaam", "Pleeghuisnummer met toev.", "Pleegsubbuurt")
_FLAGS = {"Aangifte": "aangifte", "Poging": "poging", "Opgehelderd": "opgehelderd"}
_NUMBERS = {"Verdachten": "verdachten", "Aanhoudingen": "aanhoudingen"}
_WIJK_PREFIX = re.compile(r"^wijk\s+\d+\s+", re.IGNORECASE)
EARLIEST = dt.date(1990, 1, 1)


@register
class BvhImporter(Importer):
    """Import a BVH incident export (``veiligheidsbeeld import bvh``)."""

    name = "bvh"
    source_system = "bvh"
    required = (ID, CODE, BEGIN)
    dropped = ADDRESS_COLUMNS
    cli_options = (
        {"flags": ["--grid"], "kwargs": {"dest": "grid", "action": "store_true",
                                        "help": "Store the 100 m RD grid cell of each incident."}},
    )

    def detect_gemeente(self, rows):
        for _, raw in rows:
            name = raw.get("Pleeggemeente", "").strip()
            if name:
                return Gemeente.objects.filter(name__iexact=name).first()
        return None

    def prepare(self):
        self.categories = theme_lookup(self.source_system)
        self.areas = AreaIndex(self.gemeente)
        self.locator = BuurtLocator(self.gemeente)
        self.today = dt.date.today()
        #: The fields every registration of the file shares.
        self._constant = {
            "gemeente_id": self.gemeente.pk, "source_system": self.source_system, "kind": Kind.INCIDENT,
            "precision": "day", "count": 1, "confidentiality": Confidentiality.VERTROUWELIJK,
        }

    def generalise(self, raw):
        out = super().generalise(raw)
        if out.get(POSTCODE):
            out[POSTCODE] = out[POSTCODE].strip()[:4]
        for axis in ("X", "Y"):
            try:
                value = float(out.get(axis, "").replace(",", "."))
            except ValueError:
                continue
            out[axis] = str(int(value // 100) * 100 + 50)
        return out

    def convert_rows(self, rows):
        formulas = may_hold_formulas(rows)
        checked = [(n, raw, *self._check(n, raw, formulas)) for n, raw in rows]
        located = self._locate(checked)
        out = []
        for (number, raw, reasons, date, xy), area in zip(checked, located):
            if reasons:
                out.append(self.reject(number, raw, *reasons))
                continue
            how = "xy"
            if area is None:
                area, how = self._by_name(raw, date.year)
            if area is None:
                out.append(self.reject(number, raw, self._not_located(number, raw, xy, date.year)))
                continue
            out.append(self._registration(raw, date, area, how, xy))
        return out

    def _check(self, number, raw, formulas=True):
        reasons = self.structural(number, raw, formulas=formulas)
        if reasons:
            return reasons, None, None
        if not raw.get(ID, "").strip():
            reasons.append(missing(ID, number))
        elif len(raw[ID].strip()) > 120:
            reasons.append(Reason("bad_value", "line {}, column {!r}: longer than 120 characters".format(number, ID), ID))
        code = raw.get(CODE, "").strip()
        if not code:
            reasons.append(missing(CODE, number))
        elif code not in self.categories:
            reasons.append(Reason("unknown_category", "line {}, column {!r}: incident code {!r} is not mapped".format(
                number, CODE, code[:40]), CODE))
        date = self._date(number, raw, reasons)
        xy = None
        if raw.get("X", "").strip() or raw.get("Y", "").strip():
            try:
                x, y = float(raw["X"].replace(",", ".")), float(raw["Y"].replace(",", "."))
            except (ValueError, KeyError):
                reasons.append(Reason("bad_coordinates", "line {}, columns 'X', 'Y': {!r}, {!r} are not numbers".format(
                    number, raw.get("X", "")[:20], raw.get("Y", "")[:20]), "X"))
            else:
                if RD_BOUNDS[0] <= x <= RD_BOUNDS[1] and RD_BOUNDS[2] <= y <= RD_BOUNDS[3]:
                    xy = (x, y)
        return reasons, date, xy

    def _date(self, number, raw, reasons) -> dt.date | None:
        values = {}
        for column in (BEGIN, END, NOTICE):
            try:
                values[column] = parse_datetime(raw.get(column, ""))
            except ValueError as exc:
                reasons.append(Reason("bad_date", "line {}, column {!r}: {}".format(number, column, exc), column))
                return None
        moment = values[BEGIN] or values[END] or values[NOTICE]
        if moment is None:
            reasons.append(Reason("missing_date", "line {}: no begin, end or kennisname date".format(number), BEGIN))
            return None
        if values[BEGIN] and values[END] and values[END] < values[BEGIN]:
            reasons.append(Reason("bad_date", "line {}: end {} is before begin {}".format(
                number, values[END], values[BEGIN]), END))
        day = moment.date()
        if day > self.today:
            reasons.append(Reason("future_date", "line {}: date {} is in the future".format(number, day), BEGIN))
        elif day < EARLIEST:
            reasons.append(Reason("bad_date", "line {}: date {} is before {}".format(number, day, EARLIEST), BEGIN))
        return day

    def _locate(self, checked):
        found = [None] * len(checked)
        groups: dict[int, list[int]] = {}
        for i, (_, _, reasons, date, xy) in enumerate(checked):
            if not reasons and xy is not None:
                year = self.locator.year_for(date.year)
                if year is not None:
                    groups.setdefault(year, []).append(i)
        for year, indices in groups.items():
            x = np.array([checked[i][4][0] for i in indices])
            y = np.array([checked[i][4][1] for i in indices])
            lon, lat = rd_to_wgs84(x, y)
            for i, area in zip(indices, self.locator.locate(lon, lat, year)):
                found[i] = area
        return found

    def _by_name(self, raw, year):
        buurt = raw.get(BUURT, "").strip()
        area = self.areas.name(AreaLevel.BUURT, buurt, year) if buurt else None
        if area is not None:
            return area, "police_buurt"
        wijk = _WIJK_PREFIX.sub("", raw.get(WIJK, "").strip())
        area = self.areas.name(AreaLevel.WIJK, wijk, year) if wijk else None
        return area, "police_wijk"

    def _not_located(self, number, raw, xy, year) -> Reason:
        where = "X/Y {:.0f}, {:.0f} lie in no buurt of {}".format(*xy, self.gemeente.code) if xy else (
            "no usable X/Y")
        return Reason("not_located", "line {}: {}; police buurt {!r} and wijk {!r} are not in the area register "
                      "({})".format(number, where, raw.get(BUURT, "")[:60], raw.get(WIJK, "")[:60],
                                    year), "X")

    def _registration(self, raw, date, area, how, xy) -> Registration:
        code = raw[CODE].strip()
        category = self.categories[code]
        attributes = {"located_by": how}
        get = raw.get
        for column, key in _FLAGS.items():
            value = get(column, "").strip().upper()
            if value == "J" or value == "N":
                attributes[key] = value == "J"
        for column, key in _NUMBERS.items():
            value = get(column, "").strip()
            if value.isdigit():
                attributes[key] = int(value)
        if xy and self.options.get("grid"):
            attributes["grid_100m"] = grid_cell(*xy)
        return Registration.unsaved(
            **self._constant,
            source_ref=raw[ID].strip(),
            theme_id=category.theme_id,
            category_code=code,
            category_label=category.label,
            period_start=date,
            area_id=area.id,
            attributes=attributes,
        )
