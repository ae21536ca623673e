"""Options shared by the ``report`` and ``export`` commands: which gemeente, run and period."""

from __future__ import annotations

from django.core.management.base import CommandError

from veiligheidsbeeld.analyses.models import AnalysisRun
from veiligheidsbeeld.core.models import Gemeente
from veiligheidsbeeld.reports.services import ReportError, resolve_figures

__all__ = ["add_source_arguments", "figures_from_options"]


def add_source_arguments(parser) -> None:
    parser.add_argument("--gemeente", help="CBS gemeente code (default: the run's, or the only gemeente).")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--run", type=int, help="Analysis run id (default: the newest run of the gemeente).")
    source.add_argument("--period", type=int, metavar="YEAR",
                        help="Calendar year, e.g. 2023 (a run covering it, else the yearly figures).")


def figures_from_options(options):
    run = None
    if options.get("run") is not None:
        run = AnalysisRun.objects.filter(pk=options["run"], status=AnalysisRun.Status.DONE).select_related(
            "gemeente").first()
        if run is None:
            raise CommandError("--run {}: no finished analysis run with that id".format(options["run"]))
    gemeente = run.gemeente if run else None
    if options.get("gemeente"):
        gemeente = Gemeente.objects.filter(code=options["gemeente"]).first()
        if gemeente is None:
            raise CommandError("--gemeente {}: not registered".format(options["gemeente"]))
        if run is not None and run.gemeente_id != gemeente.pk:
            raise CommandError("--run {} belongs to {}, not {}".format(run.pk, run.gemeente.code, gemeente.code))
    if gemeente is None:
        gemeenten = list(Gemeente.objects.all()[:2])
        if len(gemeenten) != 1:
            raise CommandError("name the gemeente with --gemeente (or a run with --run)")
        gemeente = gemeenten[0]
    try:
        return resolve_figures(gemeente, run=run, period=options.get("period"))
    except ReportError as error:
        raise CommandError(str(error)) from error
