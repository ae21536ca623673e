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

from veiligheidsbeeld.areas.models import Area
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
Sorted by theme, source, precision, period, estimated. An area without counts prints []."""

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
        if not Area.objects.filter(code=code).exists():
            raise CommandError("--area {}: no such area in the register".format(code))
        cells = CubeCell.objects.filter(area__code=code)
        if theme:
            if not Theme.objects.filter(code=theme).exists():
                raise CommandError("--theme {}: no such theme (see the themes in frameworks/data/themes.yaml)".format(
                    theme))
            cells = cells.filter(theme__code=theme)
        if period:
            start, precision = parse_period(period)
            cells = cells.filter(period_start=start, precision=precision)
        rows = (cells.values("theme__code", "period_start", "precision", "source_system", "estimated")
                .annotate(n=Sum("count"))
                .order_by("theme__code", "source_system", "precision", "period_start", "estimated"))
        out = [{
            "area": code,
            "theme": r["theme__code"],
            "period": period_text(r["period_start"], r["precision"]),
            "precision": r["precision"],
            "count": int(r["n"]),
            "source": r["source_system"],
            "estimated": bool(r["estimated"]),
        } for r in rows]
        if as_json:
            self.stdout.write(json.dumps(out, ensure_ascii=False))
            return
        if not out:
            self.stdout.write("{}: no counts in the cube{}".format(code, " for these filters" if theme or period
                                                                     else ""))
            return
        self.stdout.write("{:<10} {:<28} {:<9} {:<8} {:>12}  {:<24} {}".format(
            "area", "theme", "period", "prec.", "count", "source", "estimated"))
        for r in out:
            self.stdout.write("{area:<10} {theme:<28} {period:<9} {precision:<8} {count:>12,}  {source:<24} {est}".format(
                est="estimated" if r["estimated"] else "", **r))
