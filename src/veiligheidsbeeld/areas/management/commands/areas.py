"""``veiligheidsbeeld areas``: import CBS area files and list the area register."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from veiligheidsbeeld.areas import parsers, services
from veiligheidsbeeld.areas.api.serializers import AreaSerializer
from veiligheidsbeeld.areas.herindelingen import HERINDELINGEN_FILE, HerindelingFileError
from veiligheidsbeeld.areas.models import Area, AreaLevel


class Command(BaseCommand):
    help = (
        "Import CBS area files (regions, population, boundaries, postcodes, herindelingen) and list the area "
        "register."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{import,list}")
        imp = sub.add_parser("import", help="Import a CBS area file.")
        kinds = imp.add_subparsers(
            dest="kind", required=True, metavar="{regions,population,boundaries,postcodes,herindelingen}"
        )

        regions = kinds.add_parser(
            "regions",
            help="StatLine region dimension (e.g. 47018NED_WijkenEnBuurten.csv). Without --gemeente: the national "
            "register (every gemeente, Nederland, provincies, politie regionale eenheden).",
        )
        regions.add_argument("file", type=Path)
        regions.add_argument("--gemeente", help="CBS gemeente code, e.g. GM0014: that gemeente with its wijken and "
                             "buurten.")
        regions.add_argument("--year", type=int, help="CBS indeling year (default: from the table metadata).")

        population = kinds.add_parser("population", help="KWB inhabitants per area (CSV or JSON).")
        population.add_argument("file", type=Path)
        population.add_argument("--year", type=int, required=True, help="Year of the figures (1 January).")
        population.add_argument("--gemeente", help="Only this gemeente's areas.")

        boundaries = kinds.add_parser("boundaries", help="GeoJSON, zipped shapefile or CSV with WKT.")
        boundaries.add_argument("file", type=Path)
        boundaries.add_argument("--level", required=True, choices=["gemeente", "wijk", "buurt"])
        boundaries.add_argument("--year", type=int, required=True, help="CBS indeling year of the boundaries.")
        boundaries.add_argument(
            "--gemeente", action="extend", nargs="+", metavar="GM", help="Only the areas of these gemeenten."
        )

        postcodes = kinds.add_parser(
            "postcodes",
            help='CBS "Buurt, wijk en gemeente <jaar> voor postcode-huisnummer" (PC6;Huisnummer;Buurt<jaar>;...), '
            "aggregated to PC4 by address count.",
        )
        postcodes.add_argument("file", type=Path)
        postcodes.add_argument("--year", type=int, required=True, help="Year of the file (its Buurt<year> column).")

        herindelingen = kinds.add_parser(
            "herindelingen", help="Herindelingen YAML (default: the one the project maintains) as predecessor links."
        )
        herindelingen.add_argument("file", type=Path, nargs="?", default=HERINDELINGEN_FILE)

        listing = sub.add_parser("list", help="List the area register.")
        listing.add_argument("--gemeente", help="CBS gemeente code.")
        listing.add_argument("--level", choices=[level.value for level in AreaLevel])
        listing.add_argument("--year", type=int, help="CBS indeling year.")
        listing.add_argument("--json", action="store_true", help="One JSON array of area objects.")

    def handle(self, *args, action, **options):
        if action == "list":
            return self._list(options)
        path = options["file"]
        if not path.exists():
            raise CommandError("{}: file not found".format(path))
        try:
            result = getattr(self, "_import_" + options["kind"])(path, options)
        except (parsers.AreaFileError, services.AreaImportError, HerindelingFileError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            "{}: {} created, {} updated, {} unchanged{}".format(
                path.name, result.created, result.updated, result.unchanged,
                ", {} skipped".format(result.skipped) if result.skipped else "",
            )
        )
        for note in result.notes:
            self.stdout.write("  " + note)

    def _import_regions(self, path, options):
        if not options["gemeente"]:
            return self._import_national_regions(path, options)
        region_file = parsers.parse_regions(path, options["gemeente"])
        year = options["year"] or region_file.year
        if year is None:
            raise CommandError("{}: the indeling year is not in the table metadata; pass --year".format(path))
        self.stdout.write(
            "{} {}: {} wijken, {} buurten (indeling {})".format(
                region_file.gemeente.code, region_file.gemeente.name, len(region_file.wijken),
                len(region_file.buurten), year,
            )
        )
        return services.import_regions(region_file, year=year, source=path.name)

    def _import_national_regions(self, path, options):
        national = parsers.parse_national_regions(path)
        year = options["year"] or national.year
        if year is None:
            raise CommandError("{}: the indeling year is not in the table metadata; pass --year".format(path))
        self.stdout.write(
            "national register: {} gemeenten, {} regionale eenheden, Nederland and 12 provincies (indeling {})".format(
                len(national.gemeenten), len(national.regionale_eenheden), year
            )
        )
        return services.import_national_regions(national, year=year, source=path.name)

    def _import_population(self, path, options):
        records = parsers.parse_population(path, options["year"])
        return services.import_population(
            records, year=options["year"], gemeente=options["gemeente"], source=path.name
        )

    def _import_boundaries(self, path, options):
        boundary_file = parsers.parse_boundaries(path, options["level"])
        return services.import_boundaries(
            boundary_file.records, level=options["level"], year=options["year"], gemeenten=options["gemeente"],
            source=path.name, properties=boundary_file.properties,
        )

    def _import_postcodes(self, path, options):
        records = parsers.parse_postcodes(path, options["year"])
        return services.import_postcodes(records, year=options["year"], source=path.name)

    def _import_herindelingen(self, path, options):
        return services.load_herindelingen(path)

    def _list(self, options):
        areas = Area.objects.select_related("parent").prefetch_related("populations").order_by("year", "code")
        if options["gemeente"]:
            areas = areas.filter(gemeente__code=options["gemeente"])
        if options["level"]:
            areas = areas.filter(level=options["level"])
        if options["year"]:
            areas = areas.filter(year=options["year"])
        rows = AreaSerializer(areas, many=True).data
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for row in rows:
            population = ", ".join("{}: {}".format(y, n) for y, n in sorted(row["population"].items()))
            self.stdout.write(
                "{:<11} {:<8} {:<40} {} {}{}".format(
                    row["code"], row["level"], row["name"][:40], row["year"], population,
                    "" if row["has_geometry"] else "  (no boundary)",
                )
            )
