"""Event files located by four-digit postcode (PC4), as politie "Misdaad in kaart" publishes them.

Shape (CSV or XLSX; column names matched case-insensitively)::

    Postcode;Datum;Soort
    9711;2024-03-02;Diefstal/inbraak woning
    9711;2024-03-02;Diefstal/inbraak woning        <- an exact repeat is a second event
    9726;12-03-2024;1.2.1 Diefstal van brom-, snor-, fietsen

Rules:

- Every row is one event; there is no event id, so an exact repeat of a row is another event. Idempotency is by
  file: the same file (SHA-256) imported again changes nothing. The source reference of an event is
  ``<first 16 hex of the file hash>:<line>``.
- The type is matched to a category of the source system (``--source-system``, default ``politie-misdrijven``)
  by code, by label, or by a label with its code in front.
- The PC4 is looked up in the postcode register (``areas import postcodes``, the CBS year valid at the event
  date). An event goes to the **gemeente** exactly when every address of its PC4 lies in that one gemeente: an
  exact registration of the gemeente area. It goes to **buurten and wijken only as an estimate**, by the address
  share of each: these estimated counts are summed per area, category and month over the file and rounded to
  whole events by largest remainder (per level, category and month, so the buurten of a month add up to its
  events), and stored as registrations and cube cells flagged ``estimated``, never added to exact counts.
- An unknown PC4 is quarantined (``unknown_postcode``); a PC4 of a gemeente outside the import is out of scope.
  An event on a PC4 that crosses gemeenten has no exact gemeente: it counts as accepted and lands only in the
  estimated buurt and wijk counts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections import defaultdict

from veiligheidsbeeld.areas.postcodes import Postcodes, normalise_pc4
from veiligheidsbeeld.frameworks.models import SourceCategory

from ..models import Confidentiality, Kind, Registration
from .areas import AreaResolver
from .base import Importer, missing, register
from .errors import Counted, ImportFileError, OutOfScope, Reason
from .periods import parse_date

__all__ = ["Pc4EventImporter"]

POSTCODE_COLUMNS = ("postcode", "pc4", "postcode4", "postcode (pc4)")
DATE_COLUMNS = ("datum", "date", "pleegdatum", "datum delict")
TYPE_COLUMNS = ("soort", "type", "soort misdrijf", "misdrijf", "categorie", "category")


def _column(header: list[str], names: tuple[str, ...]) -> str | None:
    return next((h for h in header if h.strip().lower() in names), None)


@register
class Pc4EventImporter(Importer):
    """Import events located by PC4 (``veiligheidsbeeld import pc4-events``)."""

    name = "pc4-events"
    distributes = True
    cli_options = (
        {"flags": ["--source-system"], "kwargs": {
            "dest": "source_system", "help": "Code list of the event types (default: politie-misdrijven)."}},
    )

    def check_header(self, header):
        super().check_header(header)
        columns = {role: _column(header, names) for role, names in (
            ("postcode", POSTCODE_COLUMNS), ("date", DATE_COLUMNS), ("type", TYPE_COLUMNS))}
        absent = [role for role, column in columns.items() if column is None]
        if absent:
            raise ImportFileError(self.path, "expected a postcode, a date and a type column ({} / {} / {}); found: "
                                  "{}".format("|".join(POSTCODE_COLUMNS), "|".join(DATE_COLUMNS),
                                              "|".join(TYPE_COLUMNS), ", ".join(header)), line=1)
        self.options.update(columns=columns, content_hash=_sha256(self.path))

    def prepare(self):
        self.source_system = self.options.get("source_system") or "politie-misdrijven"
        self.options["source_system"] = self.source_system
        categories = list(SourceCategory.objects.filter(system=self.source_system))
        self.by_code = {c.code.lower(): c for c in categories}
        self.by_label = {c.label.strip().lower(): c for c in categories}
        self.areas = AreaResolver(self.gemeente)
        self.postcodes: dict[int, Postcodes] = {}
        self.today = dt.date.today()
        self.prefix = self.options.get("content_hash", "0" * 16)[:16]
        #: (level, area, category, month) -> summed address shares of the events
        self.shares: dict[tuple, float] = defaultdict(float)
        self.category_of: dict[str, SourceCategory] = {}

    def _category(self, text: str) -> SourceCategory | None:
        lower = text.strip().lower()
        found = self.by_code.get(lower) or self.by_label.get(lower)
        if found is None and " " in lower:
            code, _, label = lower.partition(" ")
            found = self.by_code.get(code) or self.by_label.get(label.strip())
        return found

    def _postcodes(self, year: int) -> Postcodes:
        if year not in self.postcodes:
            self.postcodes[year] = Postcodes(year)
        return self.postcodes[year]

    def items(self):
        yield from super().items()
        yield from self._estimated()

    def convert(self, number, raw):
        columns = self.options["columns"]
        reasons = []
        kind_text = raw.get(columns["type"], "").strip()
        category = self._category(kind_text) if kind_text else None
        if not kind_text:
            reasons.append(missing(columns["type"], number))
        elif category is None:
            reasons.append(Reason("unknown_category", "line {}, column {!r}: {!r} is not a category of {}".format(
                number, columns["type"], kind_text[:60], self.source_system), columns["type"]))
        date = None
        try:
            date = parse_date(raw.get(columns["date"], ""))
        except ValueError as exc:
            reasons.append(Reason("bad_date", "line {}, column {!r}: {}".format(number, columns["date"], exc),
                                  columns["date"]))
        else:
            if date is None:
                reasons.append(missing(columns["date"], number))
            elif date > self.today:
                reasons.append(Reason("future_date", "line {}: date {} is in the future".format(number, date),
                                      columns["date"]))
        text = raw.get(columns["postcode"], "").strip()
        pc4 = normalise_pc4(text)
        allocation = None
        if not text:
            reasons.append(missing(columns["postcode"], number))
        elif pc4 is None:
            reasons.append(Reason("bad_value", "line {}, column {!r}: {!r} is not a postcode".format(
                number, columns["postcode"], text[:20]), columns["postcode"]))
        else:
            postcodes = self._postcodes(date.year if date else self.today.year)
            allocation = postcodes.allocate(pc4)
            if allocation is None:
                known = " (no postcode file imported: areas import postcodes)" if postcodes.year is None else (
                    " of {}".format(postcodes.year))
                reasons.append(Reason("unknown_postcode", "line {}, column {!r}: PC4 {} is not in the postcode "
                                      "register{}".format(number, columns["postcode"], pc4, known),
                                      columns["postcode"]))
        if reasons:
            return self.reject(number, raw, *reasons)
        return self._event(number, pc4, date, category, allocation)

    def _event(self, number, pc4, date, category, allocation):
        in_scope = [(area, share) for area, share in allocation.buurten + allocation.wijken if self.areas.in_scope(area)]
        exact = None
        if allocation.gemeente is not None:
            found = self.areas.resolve(code=allocation.gemeente.code, year=date.year)
            if found.area is None:
                return OutOfScope(number, allocation.gemeente.code)
            exact = found.area
        elif not in_scope:
            return OutOfScope(number, allocation.gemeenten[0][0] if allocation.gemeenten else pc4)
        month = date.replace(day=1)
        self.category_of[category.code] = category
        for area, share in in_scope:
            self.shares[(area.level, area, category.code, month)] += share
        if exact is None:
            return Counted(number)
        return Registration.unsaved(
            gemeente_id=exact.gemeente_id,
            source_system=self.source_system,
            source_ref="{}:{}".format(self.prefix, number),
            kind=Kind.INCIDENT,
            theme_id=category.theme_id,
            category_code=category.code,
            category_label=category.label,
            period_start=date,
            precision="day",
            area_id=exact.pk,
            attributes={"pc4": pc4},
            confidentiality=Confidentiality.INTERN,
        )

    def _estimated(self):
        """The estimated buurt and wijk counts of the file, whole events by largest remainder per level,
        category and month."""
        groups: dict[tuple, list[tuple]] = defaultdict(list)
        for (level, area, code, month), share in self.shares.items():
            groups[(level, code, month)].append((area, share))
        for (level, code, month), cells in sorted(groups.items(), key=lambda g: (g[0][0], g[0][1], g[0][2])):
            category = self.category_of[code]
            for area, count in _largest_remainder(cells):
                if not count:
                    continue
                yield Registration.unsaved(
                    gemeente_id=area.gemeente_id,
                    source_system=self.source_system,
                    source_ref="{}:est:{}:{}:{}".format(self.prefix, area.code, code, month.isoformat()),
                    kind=Kind.AGGREGATE,
                    theme_id=category.theme_id,
                    category_code=code,
                    category_label=category.label,
                    period_start=month,
                    precision="month",
                    area_id=area.pk,
                    count=count,
                    attributes={"allocated_by": "pc4_address_share"},
                    confidentiality=Confidentiality.INTERN,
                    estimated=True,
                )

    def generalise(self, raw):
        out = super().generalise(raw)
        column = self.options.get("columns", {}).get("postcode")
        if column and column in out:  # a PC6 is cut to its four digits
            out[column] = normalise_pc4(out[column]) or out[column][:4]
        return out


def _largest_remainder(cells: list[tuple]) -> list[tuple]:
    """Whole counts for fractional ones, keeping their (rounded) sum: floors, then one more for the largest
    remainders (ties by area code).

    Examples
    --------
    >>> class A:
    ...     def __init__(self, code): self.code = code
    >>> [(a.code, n) for a, n in _largest_remainder([(A("b1"), 1.6), (A("b2"), 0.7), (A("b3"), 0.7)])]
    [('b1', 1), ('b2', 1), ('b3', 1)]
    """
    total = math.floor(sum(share for _, share in cells) + 0.5 + 1e-9)
    floors = [(area, math.floor(share + 1e-9), share - math.floor(share + 1e-9)) for area, share in cells]
    left = total - sum(f for _, f, _ in floors)
    order = sorted(range(len(floors)), key=lambda i: (-floors[i][2], floors[i][0].code))
    extra = set(order[:max(left, 0)])
    return [(area, f + (1 if i in extra else 0)) for i, (area, f, _) in enumerate(floors)]


def _sha256(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
