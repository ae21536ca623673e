"""``veiligheidsbeeld report [--run ID | --period 2023] [--format html|pdf] [--area WK...] [--out PATH]``.

Generates the Veiligheidsbeeld of a run or year, stores it with its run (downloadable in the dashboard) and,
with ``--out``, writes a copy. Prints the stored report's id, file and SHA-256.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from veiligheidsbeeld.reports.models import ReportFormat
from veiligheidsbeeld.reports.services import ReportError, generate_report

from ._options import add_source_arguments, figures_from_options


class Command(BaseCommand):
    help = "Generate the periodic Veiligheidsbeeld (HTML or PDF) from an analysis run or a year's figures."

    def add_arguments(self, parser):
        add_source_arguments(parser)
        parser.add_argument("--format", dest="fmt", choices=ReportFormat.values, default=ReportFormat.PDF)
        parser.add_argument("--area", nargs="+", default=[], metavar="WK",
                            help="Only these wijken (CBS codes) in the wijk tables and profiles.")
        parser.add_argument("--out", type=Path, help="Also write the report to this file or folder.")
        parser.add_argument("--wijkkaart", nargs="+", default=[], metavar="WK",
                            help="Make the one-page wijkkaart (PDF) of these wijken instead (issue 20); a gemeente "
                                 "code (GM...) gives its one-pager, GM.../slug the one of an area group.")

    def handle(self, *args, fmt, area, out, **options):
        if options.get("wijkkaart"):
            return self._wijkkaarten(options["wijkkaart"], fmt, out)
        figures = figures_from_options(options)
        try:
            report = generate_report(figures, fmt=fmt, areas=area)
        except ReportError as error:
            raise CommandError(str(error)) from error
        self.stdout.write("report {}: {} {} ({}), sha256 {}".format(
            report.pk, report.gemeente.code, report.period_label, report.format, report.sha256))
        self.stdout.write("stored: {}".format(report.file.path))
        if out is not None:
            target = out / Path(report.file.name).name if out.is_dir() else out
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(report.file.path, target)
            self.stdout.write("written: {}".format(target))

    def _wijkkaarten(self, codes, fmt, out):
        """``--wijkkaart WK...``: one stored PDF per code, printed as the report's are (issue 20)."""
        from veiligheidsbeeld.core.models import Gemeente
        from veiligheidsbeeld.reports.wijkkaart import WijkkaartError, generate_wijkkaart, resolve_subject

        if fmt != ReportFormat.PDF:
            raise CommandError("--wijkkaart makes a PDF: use --format pdf")
        for code in codes:
            try:
                report = generate_wijkkaart(resolve_subject(Gemeente.objects.all(), code))
            except WijkkaartError as error:
                raise CommandError("--wijkkaart {}".format(error)) from error
            self.stdout.write("wijkkaart {}: {} {}, sha256 {}".format(
                report.pk, report.gemeente.code, code, report.sha256))
            self.stdout.write("stored: {}".format(report.file.path))
            if out is not None:
                target = out / Path(report.file.name).name if out.is_dir() else out
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(report.file.path, target)
                self.stdout.write("written: {}".format(target))
