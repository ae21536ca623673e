"""``veiligheidsbeeld cube rebuild|query``: recompute the cube, or read it back for one area.

``cube query --area CODE [--theme T] [--period P] [--json]`` prints, with ``--json``, exactly a list of
``{"area", "theme", "period", "precision", "count", "source", "estimated"}`` (one per area code, theme, period,
source system and exact/estimated; the source categories of one theme summed). Field formats are documented in
``docs/reference/cli.md``: ``period`` is ``2023`` (year), ``2023Q2`` (quarter) or ``2023-04`` (month).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Sum

from veiligheidsbeeld.areas.models import SUPRA_GEMEENTE_LEVELS, Area, AreaLevel
from veiligheidsbeeld.core.models import Gemeente
from veiligheidsbeeld.frameworks.models import Theme
from veiligheidsbeeld.registrations import cube
from veiligheidsbeeld.registrations.models import CubeCell

QUERY_FIELDS = """\
--json prints a list of objects with exactly these fields, one per area, theme, period, source and
exact/estimated (the source categories of one theme summed):
  area       the area code as given (NL00, PV20, RE01, GM0014, WK001401, BU00140101)
  theme      the theme code (frameworks/data/themes.yaml), e.g. misdrijven-totaal, woninginbraak
  period     "2023" (year), "2023Q2" (quarter) or "2023-04" (month): the period as the source published it
  precision  "year", "quarter" or "month" (events dated to the day are counted in their month)
  count      whole number (int)
  source     the source system, e.g. politie-misdrijven, politie-overlast, bvh
  estimated  false for exact counts; true for counts allocated by address share (PC4 events)
  aggregated false for a count stored for the area itself; true for the sum of the stored counts of the
             area's buurten (or, without those, wijken) of one indeling year, given for a theme, source and
             period that has no count stored for the area itself (a gemeente or wijk total that the source
             did not publish)
Sorted by theme, source, precision, period, estimated. An area without counts prints [] and says why on
stderr (an area above the gemeente has no stored parts to sum)."""

_PERIOD = re.compile(r"^(\d{4})(?:(?:Q|KW0?)([1-4])|-(\d{2})|MM(\d{2})|JJ00)?$", re.IGNORECASE)


def period_text(start: dt.date, precision: str) -> str:
    """``2023`` for a year, ``2023Q2`` for a quarter, ``2023-04`` for a month (day precision: the date)."""
    if precision == "year":
        return "{:04d}".format(start.year)
    if precision == "quarter":
        return "{:04d}Q{}".format(start.year, (start.month - 1) // 3 + 1)
    if precision == "month":
        return "{:04d}-{:02d}".format(start.year, start.month)
    return start.isoformat()


def parse_period(text: str) -> tuple[dt.date, str]:
    """The first day and precision of ``2023``, ``2023Q2`` (or ``2023KW02``), ``2023-04`` (or ``2023MM04``)."""
    match = _PERIOD.match(text.strip())
    if not match:
        raise CommandError("--period {!r}: expected 2023, 2023Q2 or 2023-04".format(text))
    year, quarter, month, month_code = match.groups()
    month = month or month_code
    if quarter:
        return dt.date(int(year), 3 * int(quarter) - 2, 1), "quarter"
    if month:
        if not 1 <= int(month) <= 12:
            raise CommandError("--period {!r}: no month {}".format(text, month))
        return dt.date(int(year), int(month), 1), "month"
    return dt.date(int(year), 1, 1), "year"


class Command(BaseCommand):
    help = "Recompute the cube (counts per area x theme x category x period), or read it back for one area."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{rebuild,query}")
        rebuild = sub.add_parser("rebuild", help="Recompute the cube of all gemeenten or one.")
        rebuild.add_argument("--gemeente", help="CBS gemeente code (default: all).")
        query = sub.add_parser(
            "query", help="Print the cube counts of one area (check a total against its source).",
            formatter_class=argparse.RawDescriptionHelpFormatter, epilog=QUERY_FIELDS,
        )
        query.add_argument("--area", required=True, help="Area code: NL00, PV20, GM0014, WK001401, BU00140101.")
        query.add_argument("--theme", help="Theme code (e.g. misdrijven-totaal); default all.")
        query.add_argument("--period", help="2023 (year), 2023Q2 (quarter) or 2023-04 (month); default all.")
        query.add_argument("--json", action="store_true", help="Print a JSON list.")

    def handle(self, *args, action, **options):
        if action == "query":
            return self._query(options["area"], options.get("theme"), options.get("period"), options["json"])
        gemeente = options.get("gemeente")
        target = None
        if gemeente:
            target = Gemeente.objects.filter(code=gemeente).first()
            if target is None:
                raise CommandError("gemeente {} is not registered".format(gemeente))
        cells = cube.rebuild(target)
        self.stdout.write("cube rebuilt{}: {:,} cells".format(" for " + gemeente if gemeente else "", cells))

    def _query(self, area: str, theme: str | None, period: str | None, as_json: bool):
        code = area.strip().upper()
        areas = list(Area.objects.filter(code=code))
        if not areas:
            raise CommandError("--area {}: no such area in the register".format(code))
        cells = CubeCell.objects.all()
        if theme:
            if not Theme.objects.filter(code=theme).exists():
                raise CommandError("--theme {}: no such theme (see the themes in frameworks/data/themes.yaml)".format(
                    theme))
            cells = cells.filter(theme__code=theme)
        if period:
            start, precision = parse_period(period)
            cells = cells.filter(period_start=start, precision=precision)
        out = _stored_and_aggregated(code, areas, cells)
        if as_json:
            self.stdout.write(json.dumps(out, ensure_ascii=False))
            if not out:
                self.stderr.write(_why_nothing(code, areas, bool(theme or period)))
            return
        if not out:
            self.stdout.write(_why_nothing(code, areas, bool(theme or period)))
            return
        self.stdout.write("{:<10} {:<28} {:<9} {:<8} {:>12}  {:<24} {}".format(
            "area", "theme", "period", "prec.", "count", "source", "estimated / aggregated"))
        for r in out:
            notes = [word for word, on in (("estimated", r["estimated"]), ("aggregated", r["aggregated"])) if on]
            self.stdout.write("{area:<10} {theme:<28} {period:<9} {precision:<8} {count:>12,}  {source:<24} {notes}".format(
                notes=", ".join(notes), **r))


_ROW_FIELDS = ("theme__code", "source_system", "precision", "period_start", "estimated")


def _stored_and_aggregated(code: str, areas: list[Area], cells) -> list[dict]:
    """The stored counts of the area; and, for every theme, source and period without a count stored for the area
    itself, the sum of the stored counts of its parts (marked ``aggregated``): of its buurten, or without those its
    wijken, of the newest indeling year that has them (one level and one year, so nothing is counted twice)."""
    stored = {(r["theme__code"], r["source_system"], r["precision"], r["period_start"], r["estimated"]): int(r["n"])
              for r in cells.filter(area__in=areas).values(*_ROW_FIELDS).annotate(n=Sum("count"))}
    covered = {key[:4] for key in stored}
    rank = {AreaLevel.BUURT: 0, AreaLevel.WIJK: 1}
    best: dict[tuple, tuple] = {}
    for r in (cells.filter(area__in=_parts(areas)).values(*_ROW_FIELDS, "area__level", "area__year")
              .annotate(n=Sum("count"))):
        key = (r["theme__code"], r["source_system"], r["precision"], r["period_start"], r["estimated"])
        if key[:4] in covered:
            continue
        choice = (rank[r["area__level"]], -r["area__year"])
        if key not in best or choice < best[key][0]:
            best[key] = (choice, int(r["n"]))
        elif choice == best[key][0]:
            best[key] = (choice, best[key][1] + int(r["n"]))
    counts = [(key, n, False) for key, n in stored.items()] + [(key, n, True) for key, (_, n) in best.items()]
    counts.sort(key=lambda item: (item[0][0], item[0][1], item[0][2], item[0][3], item[0][4]))
    return [{
        "area": code,
        "theme": key[0],
        "period": period_text(key[3], key[2]),
        "precision": key[2],
        "count": n,
        "source": key[1],
        "estimated": bool(key[4]),
        "aggregated": aggregated,
    } for key, n, aggregated in counts]


def _parts(areas: list[Area]):
    """The wijken and buurten of a gemeente (every indeling year), or the buurten of a wijk."""
    gemeenten = [a for a in areas if a.level == AreaLevel.GEMEENTE]
    wijken = [a for a in areas if a.level == AreaLevel.WIJK]
    parts = Area.objects.none()
    if gemeenten:
        parts = parts | Area.objects.filter(gemeente__in=[a.gemeente_id for a in gemeenten],
                                            level__in=[AreaLevel.WIJK, AreaLevel.BUURT])
    if wijken:
        parts = parts | Area.objects.filter(parent__in=wijken, level=AreaLevel.BUURT)
    return parts


def _why_nothing(code: str, areas: list[Area], filtered: bool) -> str:
    scope = " for these filters" if filtered else ""
    if any(a.level in SUPRA_GEMEENTE_LEVELS for a in areas):
        return ("{}: no counts in the cube{}. Counts for an area above the gemeente are only those a source "
                "published for it (e.g. a StatLine file with a Nederland or provincie row); they are not summed "
                "from gemeenten.".format(code, scope))
    if any(a.level == AreaLevel.BUURT for a in areas):
        return "{}: no counts in the cube{}: no import stored a count on this buurt.".format(code, scope)
    return ("{}: no counts in the cube{}: no import stored a count on this area, nor on its wijken or buurten."
            .format(code, scope))
