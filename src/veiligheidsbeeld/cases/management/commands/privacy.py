"""``veiligheidsbeeld privacy inzage --bsn-file FILE --json``: the data-subject export (AVG art. 15, WGS contactpunt)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder


def export(bsn: str, *, purpose: str) -> dict:
    """``{"person": pseudonym, "cases": [...], "disclosures": [...], "reads": [...], ...}``: the parts of every
    registered domain module (:func:`veiligheidsbeeld.core.modules.inzage`) merged, lists under the same key joined.
    The modules audit their reads; the pseudonym is the keyed hash of the BSN (never the BSN itself)."""
    from veiligheidsbeeld.core.modules import registered

    from veiligheidsbeeld.cases.identity import normalise_bsn, pseudonym

    bsn = normalise_bsn(bsn)
    result: dict = {"person": None, "cases": [], "disclosures": [], "reads": []}
    for module in registered():
        if not module.inzage:
            continue
        try:
            part = module.inzage(bsn, None, purpose=purpose)
        except TypeError:  # a module whose inzage takes no purpose
            part = module.inzage(bsn, None)
        for key, value in part.items():
            if isinstance(value, list):
                result.setdefault(key, []).extend(value)
            else:
                result.setdefault(module.name, {})[key] = value
    result["person"] = pseudonym(bsn)
    return result


class Command(BaseCommand):
    help = (
        "Privacy tasks. `inzage` exports everything held about one person (every module's cases, data, "
        "disclosures and reads); the BSN is read from a file, never taken as an argument (it would end up in "
        "shell history and process lists)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        inzage = sub.add_parser("inzage", help="Export all data of one person (data-subject access request).")
        inzage.add_argument("--bsn-file", required=True, help="File whose first line is the BSN.")
        inzage.add_argument("--json", action="store_true", dest="as_json", help="Print the export as JSON.")
        inzage.add_argument("--purpose", default="inzageverzoek (AVG art. 15, WGS contactpunt)",
                            help="Purpose recorded with the read in the audit log.")

    def handle(self, *args, subcommand, bsn_file, as_json=False, purpose="", **options):
        path = Path(bsn_file)
        if not path.is_file():
            raise CommandError("{} does not exist".format(path))
        lines = path.read_text(encoding="utf-8").strip().splitlines()
        try:
            result = export(lines[0].strip() if lines else "", purpose=purpose)
        except ValueError as exc:
            raise CommandError("the file does not hold a valid BSN: {}".format(exc)) from None
        if as_json:
            self.stdout.write(json.dumps(result, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False))
            return
        self.stdout.write("person {}: {} cases, {} disclosures, {} reads".format(
            result["person"], len(result["cases"]), len(result["disclosures"]), len(result["reads"])))

