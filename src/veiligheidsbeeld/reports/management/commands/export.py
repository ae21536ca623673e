"""``veiligheidsbeeld export opendata [--run ID | --period YEAR] --out DIR``: open data after disclosure control."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from veiligheidsbeeld.reports.services import export_opendata

from ._options import add_source_arguments, figures_from_options


class Command(BaseCommand):
    help = "Export published figures as open data (CSV, JSON and metadata) after disclosure control."

    def add_arguments(self, parser):
        kinds = parser.add_subparsers(dest="kind", required=True)
        opendata = kinds.add_parser("opendata", help="Indicators per wijk and theme with a metadata file.")
        add_source_arguments(opendata)
        opendata.add_argument("--out", type=Path, required=True, help="Folder to write the files into.")

    def handle(self, *args, kind, out, **options):
        figures = figures_from_options(options)
        for path in export_opendata(figures, out):
            self.stdout.write(str(path))
