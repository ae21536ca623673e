"""``veiligheidsbeeld cube rebuild``: recompute the cube from the registrations."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from veiligheidsbeeld.core.models import Gemeente
from veiligheidsbeeld.registrations import cube


class Command(BaseCommand):
    help = "Recompute the cube (counts per area x theme x category x period) from the stored registrations."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{rebuild}")
        rebuild = sub.add_parser("rebuild", help="Recompute the cube of all gemeenten or one.")
        rebuild.add_argument("--gemeente", help="CBS gemeente code (default: all).")

    def handle(self, *args, action, gemeente, **options):
        target = None
        if gemeente:
            target = Gemeente.objects.filter(code=gemeente).first()
            if target is None:
                raise CommandError("gemeente {} is not registered".format(gemeente))
        cells = cube.rebuild(target)
        self.stdout.write("cube rebuilt{}: {:,} cells".format(" for " + gemeente if gemeente else "", cells))
