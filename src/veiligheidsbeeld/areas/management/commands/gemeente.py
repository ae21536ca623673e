"""``veiligheidsbeeld gemeente setup GM0014 --from FOLDER``: a real gemeente in one go from a folder of CBS files."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from veiligheidsbeeld.areas import parsers, services
from veiligheidsbeeld.areas.parsing.codes import Level, level_of
from veiligheidsbeeld.areas.setup import SetupError, setup_gemeente


class Command(BaseCommand):
    help = "Set up a gemeente: area register, populations, boundaries and its framework from a folder of CBS files."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{setup}")
        setup = sub.add_parser(
            "setup",
            help="Run the area imports from a folder of CBS files (recognised by content) and attach the "
            "gemeente's framework when one ships for it.",
        )
        setup.add_argument("gemeente", help="CBS gemeente code, e.g. GM0014.")
        setup.add_argument("--from", dest="folder", type=Path, required=True,
                           help="Folder with the CBS files (searched recursively).")
        setup.add_argument("--year", type=int, help="CBS indeling year (default: from the region table metadata).")

    def handle(self, *args, action, gemeente, folder, year, **options):
        try:
            ok = level_of(gemeente) is Level.GEMEENTE
        except ValueError:
            ok = False
        if not ok:
            raise CommandError("{!r} is not a gemeente code (GM + 4 digits, e.g. GM0014)".format(gemeente))
        try:
            steps, notes = setup_gemeente(gemeente, folder, year=year)
        except (SetupError, parsers.AreaFileError, services.AreaImportError, ValueError) as error:
            raise CommandError(str(error)) from error
        for step in steps:
            result = step.result
            self.stdout.write("{} ({}): {} created, {} updated, {} unchanged{}".format(
                step.what, step.source, result.created, result.updated, result.unchanged,
                ", {} skipped".format(result.skipped) if result.skipped else "",
            ))
        for note in notes:
            self.stdout.write("  " + note)
