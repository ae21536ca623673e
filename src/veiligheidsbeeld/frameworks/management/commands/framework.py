"""``veiligheidsbeeld framework export|load|change``: the policy framework as a YAML file (issue 21, item 2).

The browser records a change by form (Beheer → Veiligheidskader, or Programma → Kader → Wijziging vastleggen); the
file format stays for the command line:

* ``framework export GM0014 [--output FILE]``: the current version in the framework file format;
* ``framework load FILE [--gemeente GM0014]``: a framework file as a new framework (or version) of its gemeente;
* ``framework change GM0014 FILE --date --body --reference --reason [--link]``: an edited export as the next
  version, with the decision that made it (the same service as the form).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from veiligheidsbeeld.core.models import Gemeente
from veiligheidsbeeld.frameworks.models import DecisionBody


def _gemeente(code: str) -> Gemeente:
    gemeente = Gemeente.objects.filter(code=code).first()
    if gemeente is None:
        raise CommandError("unknown gemeente {!r}".format(code))
    return gemeente


def _current(code: str):
    from veiligheidsbeeld.frameworks.versioning import current_framework

    framework = current_framework(_gemeente(code))
    if framework is None:
        raise CommandError("{} has no framework; load one with `framework load FILE`".format(code))
    return framework


class Command(BaseCommand):
    help = "Export, load or change a gemeente's policy framework as a YAML file."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{export,load,change}")
        export = sub.add_parser("export", help="Write the current version in the framework file format.")
        export.add_argument("gemeente", help="CBS gemeente code, e.g. GM0014.")
        export.add_argument("--output", type=Path, help="File to write (default: standard output).")
        load = sub.add_parser("load", help="Load a framework file (a new version when its content differs).")
        load.add_argument("file", type=Path)
        load.add_argument("--gemeente", help="Load it for this gemeente instead of the one named in the file.")
        change = sub.add_parser("change", help="Store an edited export as the next version, with its decision.")
        change.add_argument("gemeente", help="CBS gemeente code, e.g. GM0014.")
        change.add_argument("file", type=Path, help="The edited framework file (start from `framework export`).")
        change.add_argument("--date", type=dt.date.fromisoformat, required=True, help="Decision date (YYYY-MM-DD).")
        change.add_argument("--body", choices=DecisionBody.values, required=True, help="Who decided.")
        change.add_argument("--reference", required=True, help="Raadsvoorstel, collegebesluit or letter number.")
        change.add_argument("--reason", required=True, help="What the decision changes.")
        change.add_argument("--link", default="", help="Where the decision is published (URL).")

    def handle(self, *args, action, **options):
        from veiligheidsbeeld.frameworks import loader
        from veiligheidsbeeld.frameworks.services import load_framework
        from veiligheidsbeeld.frameworks.versioning import FrameworkEditError, framework_as_yaml, record_change

        if action == "export":
            text = framework_as_yaml(_current(options["gemeente"]))
            if options["output"]:
                options["output"].write_text(text, encoding="utf-8")
            else:
                self.stdout.write(text, ending="")
            return
        if action == "load":
            gemeente = _gemeente(options["gemeente"]) if options["gemeente"] else None
            try:
                framework, notes = load_framework(options["file"], gemeente=gemeente)
            except (loader.FrameworkFileError, ValueError) as error:
                raise CommandError(str(error)) from error
            self.stdout.write("{}: {} version {}".format(framework.gemeente.code, framework.title, framework.version))
            for note in notes:
                self.stdout.write("  " + note)
            return
        framework = _current(options["gemeente"])
        try:
            text = options["file"].read_text(encoding="utf-8")
            new = record_change(framework, text, date=options["date"], body=options["body"],
                                reason=options["reason"], document_reference=options["reference"],
                                document_url=options["link"])
        except (OSError, FrameworkEditError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write("{}: {} version {} ({} {})".format(
            new.gemeente.code, new.title, new.version, options["body"], options["reference"]))
