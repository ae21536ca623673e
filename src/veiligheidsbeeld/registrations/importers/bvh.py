"""Police incident exports (BVH, Basisvoorziening Handhaving), CSV or XLSX.

Columns as in the gemeente Groningen bicycle-theft export (``Incident Identificatie``, ``Incidentsoort code``,
``Pleegstraatnaam`` ... ``Begin-pleegdatum/tijd`` ... ``X``, ``Y``). Rules:

- The incident date is the begin date, else the end date, else the date of kennisname (notification); a date
  in the future, before 1990, or an end before the begin is rejected.
- X/Y (RD New, EPSG:28992) are located by point-in-polygon (boundaries projected to RD New) in the buurt of the CBS
  indeling valid at the incident date (the newest indeling not after it; the oldest when all are later). Rows
  without usable X/Y, or outside every buurt, fall back to the police buurt name (``Pleegbuurt``), then the
  police wijk name (``Pleegwijk``, ``"Wijk 03 Korrewegwijk"``), matched to the register's names; otherwise the
  row is rejected with reason ``not_located``.
- Street, house number and sub-buurt are never stored. The raw content kept for a rejected row has them
  removed, the postcode cut to its four digits and X/Y moved to the centre of their 100 m grid cell.
- Option ``grid``: store the 100 m RD grid cell (``E2342N5839``) as an attribute.

Large UTF-8 CSV exports take a columnar fast path (:mod:`.csvchunks`): the checks above run on whole columns
(polars and numpy; point in polygon in RD New per chunk) and the rows that pass them become one
:class:`~.base.RegistrationFrame` per chunk. Every row the vectorised checks do not clear (a possible
spreadsheet formula, a missing or unmapped value, a date in another notation or out of range, no usable X/Y,
a point outside every buurt) goes through the row-by-row conversion above, so its outcome and messages are
the same with or without the fast path; a test compares the two on the same files.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import polars as pl
from django.db import connection

from veiligheidsbeeld.areas.models import AreaLevel
from veiligheidsbeeld.core.models import Gemeente
from veiligheidsbeeld.frameworks.services import theme_lookup

from .. import bulk
from ..models import Confidentiality, Kind, Registration
from .areas import AreaIndex
from . import csvchunks
from .base import Importer, RegistrationFrame, may_hold_formulas, missing, register
from .errors import Reason
from .locate import RD_BOUNDS, BuurtLocator, grid_cell
from .periods import parse_datetime
from .prefetch import prefetch

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
#: The columns the fast path reads (the others only for rows that take the row-by-row conversion).
_FAST_COLUMNS = (ID, CODE, BEGIN, END, NOTICE, *_FLAGS, *_NUMBERS, "X", "Y")
#: How a registration was located (its ``located_by`` attribute), by the code the fast path keeps per row.
_HOW = ("xy", "police_buurt", "police_wijk")
#: The one date notation the fast path parses (the police export's); others go row by row.
_FAST_DATE = "%Y-%m-%dT%H:%M"


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
        self._names_seen: dict[tuple[str, str, int], tuple] = {}
        self.today = dt.date.today()
        #: The fields every registration of the file shares.
        self._constant = {
            "gemeente_id": self.gemeente.pk, "source_system": self.source_system, "kind": Kind.INCIDENT,
            "precision": "day", "count": 1, "confidentiality": Confidentiality.VERTROUWELIJK,
        }

    #: Use the columnar fast path where the file allows (tests switch it off to compare both paths).
    columnar = True

    def items(self):
        parts = None
        if self.columnar and self.table is not None and csvchunks.eligible(self.table):
            columns = [c for c in _FAST_COLUMNS if c in self.table.header]
            parts = csvchunks.chunks(self.table, self.progress, columns=columns)
        if parts is None:
            yield from super().items()
            return
        for converted in prefetch(self._convert_chunks(parts, connection.vendor)):
            yield from converted
        self.check_complete()

    def _convert_chunks(self, parts, vendor: str):
        """The items of each chunk as a list, frames encoded for the ``vendor``'s insert (no database work:
        this runs in the prefetch thread)."""
        for part in parts:
            if isinstance(part, csvchunks.RowChunk):
                yield self.convert_rows(list(self.dict_rows(part.rows)))
                continue
            fast, slow = self._convert_frame(part)
            items = [bulk.encode(fast, vendor, self.batch)] if fast is not None else []
            if slow.size:
                items += self.convert_rows(list(self.dict_rows(part.records(slow))))
            self._ragged_end = None  # a parsed chunk has no ragged record (those go to the row reader)
            yield items

    def _convert_frame(self, part: csvchunks.FrameChunk) -> tuple[RegistrationFrame | None, np.ndarray]:
        """The rows of a chunk that pass every check, as a frame; and the positions of the others."""
        frame = part.frame.with_columns(
            [pl.lit(None, pl.String).alias(c) for c in _FAST_COLUMNS if c not in part.frame.columns]
        ).with_columns(pl.col(_FAST_COLUMNS).str.strip_chars())
        dates = [pl.col(c).str.strptime(pl.Datetime, _FAST_DATE, strict=False) for c in (BEGIN, END, NOTICE)]
        x = pl.col("X").str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)
        y = pl.col("Y").str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)
        frame = frame.with_columns(
            _begin=dates[0], _end=dates[1], _notice=dates[2], _x=x, _y=y,
        ).with_columns(_day=pl.coalesce("_begin", "_end", "_notice").dt.date())
        parsed_all = pl.all_horizontal(
            [(pl.col(c).fill_null("") == "") | pl.col(p).is_not_null()
             for c, p in ((BEGIN, "_begin"), (END, "_end"), (NOTICE, "_notice"))]
        )
        x0, y0, x1, y1 = RD_BOUNDS[0], RD_BOUNDS[2], RD_BOUNDS[1], RD_BOUNDS[3]
        ok = (
            pl.lit(~part.suspect)
            & pl.col(ID).is_not_null() & (pl.col(ID).str.len_chars() <= 120)
            & pl.col(CODE).is_in(list(self.categories))
            & parsed_all & pl.col("_day").is_not_null()
            & ~(pl.col("_end") < pl.col("_begin")).fill_null(False)
            & (pl.col("_day") <= self.today) & (pl.col("_day") >= EARLIEST)
            & pl.col("_x").is_between(x0, x1) & pl.col("_y").is_between(y0, y1)
        )
        frame = frame.with_columns(_ok=ok)
        candidates = frame.filter(pl.col("_ok"))
        area = np.zeros(candidates.height, dtype=np.int64)
        if candidates.height:
            years = candidates["_day"].dt.year().to_numpy()
            xs, ys = candidates["_x"].to_numpy(), candidates["_y"].to_numpy()
            for year in np.unique(years):
                indeling = self.locator.year_for(int(year))
                if indeling is None:
                    continue
                rows = np.flatnonzero(years == year)
                area[rows] = self.locator.locate_ids(xs[rows], ys[rows], indeling)
        how = np.zeros(candidates.height, dtype=np.int64)
        ok_positions = np.flatnonzero(frame["_ok"].to_numpy())
        if candidates.height and not area.all():
            self._locate_by_name(part, ok_positions, candidates["_day"].dt.year().to_numpy(), area, how)
        located = area > 0
        slow = np.setdiff1d(np.arange(frame.height), ok_positions[located], assume_unique=True)
        fast = candidates.filter(pl.Series(located)).with_columns(
            area_id=pl.Series(area[located]),
            _how=pl.Series(how[located]).replace_strict(list(range(len(_HOW))), list(_HOW), return_dtype=pl.String),
        )
        if not fast.height:
            return None, slow
        return RegistrationFrame(self._frame(fast), dict(self._constant)), slow

    def _locate_by_name(self, part: csvchunks.FrameChunk, positions: np.ndarray, years: np.ndarray,
                        area: np.ndarray, how: np.ndarray) -> None:
        """Fill ``area`` and ``how`` for the rows that lie in no buurt by the police buurt or wijk name, as the row
        path does (:meth:`_by_name`). The names are read from those rows' own records (a few in a thousand: the
        columns are not parsed for the rest)."""
        rows = np.flatnonzero(area == 0)
        header = self.table.header
        buurt, wijk = (header.index(c) if c in header else None for c in (BUURT, WIJK))
        for i, (_, fields) in zip(rows, part.records(positions[rows])):
            names = ("" if column is None else fields[column].strip() for column in (buurt, wijk))
            found, by = self._by_names(*names, int(years[i]))
            if found is not None:
                area[i], how[i] = found.id, _HOW.index(by)

    def _frame(self, fast: pl.DataFrame) -> pl.DataFrame:
        """The registration columns of rows that passed the checks, attributes as the row path's JSON text."""
        codes = list(self.categories)
        pieces = [pl.lit('{"located_by": "') + pl.col("_how") + pl.lit('"')]
        for column, key in _FLAGS.items():
            value = pl.col(column).str.to_uppercase()
            pieces.append(pl.when(value == "J").then(pl.lit(', "{}": true'.format(key)))
                          .when(value == "N").then(pl.lit(', "{}": false'.format(key))).otherwise(pl.lit("")))
        for column, key in _NUMBERS.items():
            number = pl.col(column).str.extract(r"^([0-9]+)$").cast(pl.Int64, strict=False)
            pieces.append(pl.when(number.is_not_null())
                          .then(pl.lit(', "{}": '.format(key)) + number.cast(pl.String)).otherwise(pl.lit("")))
        if self.options.get("grid"):
            cell = [(pl.col(axis) // 100).cast(pl.Int64).cast(pl.String).str.zfill(4) for axis in ("_x", "_y")]
            pieces.append(pl.lit(', "grid_100m": "E') + cell[0] + pl.lit("N") + cell[1] + pl.lit('"'))
        pieces.append(pl.lit("}"))
        return fast.select(
            source_ref=pl.col(ID),
            theme_id=pl.col(CODE).replace_strict(codes, [self.categories[c].theme_id for c in codes],
                                                 return_dtype=pl.Int64),
            category_code=pl.col(CODE),
            category_label=pl.col(CODE).replace_strict(codes, [self.categories[c].label for c in codes],
                                                       return_dtype=pl.String),
            period_start=pl.col("_day"),
            area_id=pl.col("area_id"),
            attributes=pl.concat_str(pieces),
        )

    def quarantine_columns(self):
        return {ID, CODE, LABEL, BEGIN, END, NOTICE, WIJK, BUURT, POSTCODE, "Pleeggemeente", *_FLAGS, *_NUMBERS,
                "X", "Y"}

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
            for i, area in zip(indices, self.locator.locate(x, y, year)):
                found[i] = area
        return found

    def _by_name(self, raw, year):
        return self._by_names(raw.get(BUURT, "").strip(), raw.get(WIJK, "").strip(), year)

    def _by_names(self, buurt: str, wijk: str, year: int):
        """The buurt (else wijk) the police name, when that name means exactly one area of the gemeente; with
        how it was found. Remembered per (buurt, wijk, year): a file names the same few hundred areas throughout."""
        key = (buurt, wijk, year)
        if key not in self._names_seen:
            area = self.areas.resolve(buurt, level=AreaLevel.BUURT, year=year).area if buurt else None
            if area is not None:
                self._names_seen[key] = area, "police_buurt"
            else:
                wijk = _WIJK_PREFIX.sub("", wijk)
                area = self.areas.resolve(wijk, level=AreaLevel.WIJK, year=year).area if wijk else None
                self._names_seen[key] = area, "police_wijk"
        return self._names_seen[key]

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
