"""``veiligheidsbeeld undermining import-kwb FILE --year 2024``: KWB indicators for the vulnerability composite.

``veiligheidsbeeld undermining bedrijventerrein add NAME --gemeente GM0014 --buurten BU00140605 BU00140606``
registers a bedrijventerrein as a named set of buurten (``list``, ``remove NAME``, ``load FILE.yaml`` alike).
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from veiligheidsbeeld.undermining.kwb import KWB_COLUMNS, import_kwb


class Command(BaseCommand):
    help = "Undermining module: import CBS KWB area indicators (WOZ, rented homes, businesses) for the vulnerability map; register bedrijventerreinen."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        kwb = sub.add_parser("import-kwb", help="Import a KWB file (StatLine typed CSV or JSON keyed by area code).")
        kwb.add_argument("file", type=Path, help="e.g. the output of `veiligheidsbeeld fetch statline 85984NED`")
        kwb.add_argument("--year", type=int, required=True, help="the KWB year, e.g. 2024")
        kwb.add_argument("--source", default="", help="source label (default: the file name)")
        terrein = sub.add_parser("bedrijventerrein", help="Bedrijventerreinen: named sets of buurten of a gemeente.")
        terrein_sub = terrein.add_subparsers(dest="terrein_action", required=True)
        add = terrein_sub.add_parser("add", help="Register (or replace) a bedrijventerrein as a set of buurten.")
        add.add_argument("name", help="e.g. 'Zernike Campus' (the slug is made from it)")
        add.add_argument("--buurten", nargs="+", required=True, help="CBS buurt codes, e.g. BU00140605")
        add.add_argument("--description", default="")
        remove = terrein_sub.add_parser("remove", help="Remove a bedrijventerrein.")
        remove.add_argument("name")
        load = terrein_sub.add_parser("load", help="Register every bedrijventerrein of a YAML list "
                                                   "[{name, buurten: [BU...], description}].")
        load.add_argument("file", type=Path)
        terrein_sub.add_parser("list", help="List the bedrijventerreinen and their buurten.")
        for parser_ in (add, remove, load, terrein_sub.choices["list"]):
            parser_.add_argument("--gemeente", required=True, help="CBS code, e.g. GM0014")

    def handle(self, *args, action, **options):
        if action == "bedrijventerrein":
            return self._terrein(options)
        file, year, source = options["file"], options["year"], options["source"]
        if not file.is_file():
            raise CommandError("{}: no such file".format(file))
        counts = import_kwb(file, year=year, source=source)
        if not counts:
            raise CommandError("{}: no known KWB columns ({})".format(file, ", ".join(sorted(KWB_COLUMNS))))
        for name, count in sorted(counts.items()):
            self.stdout.write("{}: {} areas".format(name, count))

    def _terrein(self, options):
        import yaml
        from django.utils.text import slugify

        from veiligheidsbeeld.core.models import Gemeente
        from veiligheidsbeeld.undermining import services
        from veiligheidsbeeld.undermining.models import Bedrijventerrein

        gemeente = Gemeente.objects.filter(code=options["gemeente"].upper()).first()
        if gemeente is None:
            raise CommandError("{}: unknown gemeente".format(options["gemeente"]))
        what = options["terrein_action"]
        try:
            if what == "add":
                terrein = services.register_bedrijventerrein(gemeente, options["name"], options["buurten"],
                                                             description=options["description"])
                self.stdout.write("{}: {} buurten".format(terrein.name, terrein.buurten.count()))
            elif what == "load":
                if not options["file"].is_file():
                    raise CommandError("{}: no such file".format(options["file"]))
                entries = yaml.safe_load(options["file"].read_text(encoding="utf-8"))
                for terrein in services.load_bedrijventerreinen(gemeente, entries):
                    self.stdout.write("{}: {} buurten".format(terrein.name, terrein.buurten.count()))
            elif what == "remove":
                terrein = Bedrijventerrein.objects.filter(gemeente=gemeente, slug=slugify(options["name"])).first()
                if terrein is None:
                    raise CommandError("{}: no such bedrijventerrein in {}".format(options["name"], gemeente.code))
                services.remove_bedrijventerrein(terrein)
                self.stdout.write("removed {}".format(terrein.name))
            else:
                for terrein in Bedrijventerrein.objects.filter(gemeente=gemeente).prefetch_related("buurten"):
                    self.stdout.write("{}\t{}".format(terrein.name, " ".join(
                        sorted(b.code for b in terrein.buurten.all()))))
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
