"""``veiligheidsbeeld gemeente setup GM0014 --from FOLDER``: a real gemeente in one go from a folder of CBS files.

``veiligheidsbeeld gemeente public GM0014 --on|--off``: its public veiligheidsbeeld at ``/openbaar/GM0014/``
(issue 20; off by default).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from veiligheidsbeeld.areas import parsers, services
from veiligheidsbeeld.areas.parsing.codes import Level, level_of
from veiligheidsbeeld.areas.setup import SetupError, setup_gemeente


class Command(BaseCommand):
    help = "Set up a gemeente: area register, populations, boundaries and its framework from a folder of CBS files."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{setup,public}")
        setup = sub.add_parser(
            "setup",
            help="Run the area imports from a folder of CBS files (recognised by content) and attach the "
            "gemeente's framework when one ships for it.",
        )
        setup.add_argument("gemeente", help="CBS gemeente code, e.g. GM0014.")
        setup.add_argument("--from", dest="folder", type=Path, required=True,
                           help="Folder with the CBS files (searched recursively).")
        setup.add_argument("--year", type=int, help="CBS indeling year (default: from the region table metadata).")
        public = sub.add_parser("public", help="Turn the public veiligheidsbeeld (/openbaar/<code>/, no log-in) "
                                "on or off; without --on/--off: show whether it is on.")
        public.add_argument("gemeente", help="CBS gemeente code, e.g. GM0014.")
        switch = public.add_mutually_exclusive_group()
        switch.add_argument("--on", dest="public", action="store_const", const=True, help="Publish it.")
        switch.add_argument("--off", dest="public", action="store_const", const=False, help="Take it offline.")

    def handle(self, *args, action, gemeente, folder=None, year=None, **options):
        if action == "public":
            return self._public(gemeente, options.get("public"))
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

    def _public(self, code: str, enabled):
        from veiligheidsbeeld.core.models import Gemeente
        from veiligheidsbeeld.public.services import is_public, set_public

        gemeente = Gemeente.objects.filter(code=code).first()
        if gemeente is None:
            raise CommandError("unknown gemeente {!r}".format(code))
        if enabled is not None:
            set_public(gemeente, enabled)
        state = "on" if is_public(gemeente) else "off"
        self.stdout.write("public veiligheidsbeeld of {}: {} (/openbaar/{}/)".format(gemeente.code, state, gemeente.code))
