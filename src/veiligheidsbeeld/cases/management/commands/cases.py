"""``veiligheidsbeeld cases algoritmeregister [--gemeente CODE] [--json]``: the Top-X selection criteria as an
entry of the Dutch Algoritmeregister (publicatiestandaard 1.0)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Case coordination tasks. `algoritmeregister` prints the published Top-X selection criteria of a gemeente "
        "as an entry of the Dutch Algoritmeregister (publication standard 1.0 field names)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        register = sub.add_parser("algoritmeregister", help="Print the Top-X algorithm register entry.")
        register.add_argument("--gemeente", help="CBS code (GM....); required when more than one gemeente exists.")
        register.add_argument("--json", action="store_true", dest="as_json", help="Print the entry as JSON.")

    def handle(self, *args, subcommand, gemeente=None, as_json=False, **options):
        from veiligheidsbeeld.core.models import Gemeente

        from veiligheidsbeeld.cases.algorithm_register import FIELDS, entry

        if gemeente:
            found = Gemeente.objects.filter(code=gemeente).first()
            if found is None:
                raise CommandError("unknown gemeente {}".format(gemeente))
        else:
            codes = list(Gemeente.objects.values_list("code", flat=True)[:2])
            if len(codes) != 1:
                raise CommandError("name the gemeente with --gemeente CODE ({} gemeenten)".format(
                    "no" if not codes else "several"))
            found = Gemeente.objects.get(code=codes[0])
        data = entry(found)
        if data is None:
            raise CommandError("{} has published no Top-X criteria".format(found.code))
        if as_json:
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            return
        for key, value in data.items():
            self.stdout.write("{}: {}".format(FIELDS[key], ", ".join(value) if isinstance(value, list) else value))
