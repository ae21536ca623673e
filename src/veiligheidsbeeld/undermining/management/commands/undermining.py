"""``veiligheidsbeeld undermining import-kwb FILE --year 2024``: KWB indicators for the vulnerability composite."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from veiligheidsbeeld.undermining.kwb import KWB_COLUMNS, import_kwb


class Command(BaseCommand):
    help = "Undermining module: import CBS KWB area indicators (WOZ, rented homes, businesses) for the vulnerability map."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        kwb = sub.add_parser("import-kwb", help="Import a KWB file (StatLine typed CSV or JSON keyed by area code).")
        kwb.add_argument("file", type=Path, help="e.g. the output of `veiligheidsbeeld fetch statline 85984NED`")
        kwb.add_argument("--year", type=int, required=True, help="the KWB year, e.g. 2024")
        kwb.add_argument("--source", default="", help="source label (default: the file name)")

    def handle(self, *args, action, file, year, source, **options):
        if not file.is_file():
            raise CommandError("{}: no such file".format(file))
        counts = import_kwb(file, year=year, source=source)
        if not counts:
            raise CommandError("{}: no known KWB columns ({})".format(file, ", ".join(sorted(KWB_COLUMNS))))
        for name, count in sorted(counts.items()):
            self.stdout.write("{}: {} areas".format(name, count))
