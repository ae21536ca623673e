"""``veiligheidsbeeld fetch``: get public data online (CBS StatLine, PDOK) and import it as the file imports do.

``fetch statline TABLE --gemeente GM0014 [--period 2023]`` writes the table's rows to an OData typed CSV and runs
``veiligheidsbeeld import statline`` on it (same summary, ``--dry-run`` and ``--json``; the batch records the
file's hash). ``fetch areas --gemeente GM0014 --year 2024`` fetches the regions and inhabitants of the KWB table
of that year and the wijk and buurt boundaries from PDOK, then imports them with the area services in one
transaction. Nothing is stored when a source cannot be reached: the error names the URL and the file import
that does the same offline.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import httpx
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from veiligheidsbeeld.areas import parsers
from veiligheidsbeeld.areas import services as area_services
from veiligheidsbeeld.core.models import Gemeente
from veiligheidsbeeld.registrations.fetch import http, pdok, statline

STATLINE_HINT = ("Offline? Download the table as an OData typed CSV and run `veiligheidsbeeld import statline FILE` "
                 "instead.")
AREAS_HINT = ("Offline? Import the files instead: `veiligheidsbeeld areas import regions|population|boundaries "
              "FILE`.")


class Command(BaseCommand):
    help = "Fetch public data online and import it: statline (CBS tables) or areas (CBS regions, PDOK boundaries)."

    def add_arguments(self, parser):
        kinds = parser.add_subparsers(dest="source", required=True, metavar="{statline,areas}")
        table = kinds.add_parser("statline", help="A StatLine table (politie tables: dataderden.cbs.nl catalog).")
        table.add_argument("table", help="StatLine table id, e.g. 47018NED.")
        table.add_argument("--gemeente", required=True, help="CBS gemeente code, e.g. GM0014 (areas registered).")
        table.add_argument("--period", action="append", default=[],
                           help="Perioden key prefix, e.g. 2023 or 2023MM (repeatable; default all periods).")
        table.add_argument("--category", action="append", default=[],
                           help="Category key prefix, e.g. 0.0.0 (repeatable; default all categories).")
        table.add_argument("--level", choices=list(statline.LEVEL_PREFIXES), default="buurt",
                           help="Region level of the rows (default buurt).")
        table.add_argument("--dry-run", action="store_true", help="Check and count everything, store nothing.")
        table.add_argument("--json", action="store_true", help="Print the import summary as one JSON object.")
        areas = kinds.add_parser("areas", help="Regions and inhabitants (CBS KWB) and boundaries (PDOK).")
        areas.add_argument("--gemeente", required=True, help="CBS gemeente code, e.g. GM0014.")
        areas.add_argument("--year", type=int, required=True, help="CBS indeling year, e.g. 2024.")
        areas.add_argument("--table", help="KWB table id (default: the Kerncijfers wijken en buurten of --year).")
        for sub in (table, areas):
            sub.add_argument("--timeout", type=float, default=http.TIMEOUT,
                             help=f"Seconds to wait for each answer (default {http.TIMEOUT:g}).")

    def handle(self, *args, source, timeout, **options):
        with tempfile.TemporaryDirectory(prefix="veiligheidsbeeld-fetch-") as folder, httpx.Client(
            timeout=timeout, follow_redirects=True, headers={"User-Agent": "veiligheidsbeeld"}
        ) as client:
            try:
                if source == "statline":
                    self._statline(client, Path(folder), **options)
                else:
                    self._areas(client, Path(folder), **options)
            except (http.FetchError, ValueError, parsers.AreaFileError) as error:
                raise CommandError(str(error)) from error

    def _statline(self, client, folder, *, table, gemeente, period, category, level, dry_run, json, **options):
        if not Gemeente.objects.filter(code=gemeente).exists():
            raise CommandError(f"gemeente {gemeente} is not registered: run `veiligheidsbeeld fetch areas --gemeente {gemeente} "
                               "--year YEAR` first")
        path = statline.fetch_typed_table(client, settings.CBS_ODATA_URL, table, gemeente, folder, level=level,
                                          periods=period, categories=category, hint=STATLINE_HINT)
        flags = ["--dry-run"] * dry_run + ["--json"] * json
        call_command("import", "statline", str(path), "--gemeente", gemeente, "--table", table, *flags,
                     stdout=self.stdout, stderr=self.stderr)

    def _areas(self, client, folder, *, gemeente, year, table, **options):
        table = table or statline.KWB_TABLES.get(year)
        if table is None:
            raise CommandError("no Kerncijfers wijken en buurten table known for {} (known: {}); pass --table".format(
                year, ", ".join(str(y) for y in statline.KWB_TABLES)))
        cbs, pdok_url = settings.CBS_OPENDATA_URL, settings.PDOK_URL
        regions = statline.fetch_regions(client, cbs, table, gemeente, folder, hint=AREAS_HINT)
        population = statline.fetch_population(client, cbs, table, gemeente, folder, hint=AREAS_HINT)
        boundaries = {level: pdok.fetch_boundaries(client, pdok_url, year, level, gemeente, folder, hint=AREAS_HINT)
                      for level in pdok.COLLECTIONS}
        region_file = parsers.parse_regions(regions, gemeente)
        population_records = parsers.parse_population(population, year)
        boundary_files = {level: parsers.parse_boundaries(path, level) for level, path in boundaries.items()
                          if _has_features(path)}
        try:
            with transaction.atomic():
                results = [("regions", area_services.import_regions(
                    region_file, year=year, source=f"{cbs}/{table}/WijkenEnBuurten"))]
                results.append(("population", area_services.import_population(
                    population_records, year=year, gemeente=gemeente,
                    source=f"{cbs}/{table}/TypedDataSet")))
                for level, boundary_file in boundary_files.items():
                    results.append((f"{level} boundaries", area_services.import_boundaries(
                        boundary_file.records, level=level, year=year,
                        source=pdok.items_url(pdok_url, year, level))))
        except area_services.AreaImportError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{region_file.gemeente.code} {region_file.gemeente.name}: {len(region_file.wijken)} wijken, {len(region_file.buurten)} buurten (indeling {year})")
        for what, result in results:
            self.stdout.write("  {}: {} created, {} updated, {} unchanged{}".format(
                what, result.created, result.updated, result.unchanged,
                f", {result.skipped} skipped" if result.skipped else ""))
            for note in result.notes:
                self.stdout.write("    " + note)
        for level in boundaries.keys() - boundary_files.keys():
            self.stdout.write(f"  {level} boundaries: PDOK returned none for {gemeente} {year}")


def _has_features(path: Path) -> bool:
    return bool(json.loads(path.read_text(encoding="utf-8"))["features"])
