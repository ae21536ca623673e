"""``veiligheidsbeeld analyse``: run the veiligheidsanalyse of a gemeente (monthly, quarterly and yearly figures,
each at its own precision) and print its alerts, hot spots, trends and what could not be analysed."""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from veiligheidsbeeld.analyses.queries import alerts_for, hotspots_for, run_as_json
from veiligheidsbeeld.analyses.services import NoDataError, run_analysis
from veiligheidsbeeld.core.models import Gemeente


def _month(text: str) -> dt.date:
    try:
        return dt.datetime.strptime(text.strip(), "%Y-%m").date()
    except ValueError:
        raise CommandError("--period: {!r} is not a month YYYY-MM".format(text)) from None


class Command(BaseCommand):
    help = ("Run the analysis (indicators, early warning, changes, trends, hot spots, index; monthly, quarterly and "
            "yearly figures at their own precision) and store it as a run.")

    def add_arguments(self, parser):
        parser.add_argument("--gemeente", help="CBS gemeente code (default: the only registered gemeente).")
        parser.add_argument("--period", help="Months to analyse, FIRST..LAST as YYYY-MM..YYYY-MM.")
        parser.add_argument("--seed", type=int, help="Seed of the hot spot permutations.")
        parser.add_argument("--alert-months", type=int, help="Early warning for each of the last N months "
                            "(default: every month of the period with enough history).")
        parser.add_argument("--warning-family", choices=["budget", "theme_fdr", "fdr"],
                            help="Control of a waarschuwing: a false-alarm budget per month (default), or the "
                            "false discovery rate per theme or over all series.")
        parser.add_argument("--budget-wijk", type=float, help="Unjustified waarschuwingen a month accepted for "
                            "the wijk series (default 0.5).")
        parser.add_argument("--budget-buurt", type=float, help="The same for the buurt series (default 0.5).")
        parser.add_argument("--area-year", type=int, help="CBS indeling year (default: the newest).")
        parser.add_argument("--json", action="store_true", help="Print the run, alerts, hot spots, trends (every precision) and what was skipped, with its reason, as JSON.")
        parser.add_argument("--workers", type=int, help="Processes for the hot spot statistics (default "
                            "VEILIGHEIDSBEELD_ANALYSIS_WORKERS, 1); the results do not depend on it.")

    def handle(self, *args, gemeente, period, seed, alert_months, area_year, json: bool, **options):
        target = self._gemeente(gemeente)
        first = last = None
        if period:
            if ".." not in period:
                raise CommandError("--period: {!r} is not FIRST..LAST (e.g. 2023-01..2023-12)".format(period))
            first, last = (_month(part) for part in period.split("..", 1))
            if first > last:
                raise CommandError("--period: {} lies after {}".format(first, last))
        try:
            run = run_analysis(
                target, first_month=first, last_month=last, seed=seed, alert_months=alert_months,
                area_year=area_year, workers=options.get("workers"), warning_family=options.get("warning_family"),
                budget_wijk=options.get("budget_wijk"), budget_buurt=options.get("budget_buurt"),
            )
        except (NoDataError, ValueError) as exc:
            raise CommandError(str(exc)) from None
        if json:
            self.stdout.write(_dumps(run_as_json(run)))
            return
        self.stdout.write(
            "run {}: {} {}..{}, {} alerts, {} hot spots, {} trends, {} skipped".format(
                run.pk, target.code, run.first_month.strftime("%Y-%m"), run.last_month.strftime("%Y-%m"),
                alerts_for(run).count(), hotspots_for(run).count(), run.trends.count(),
                len(run.summary.get("skipped", [])),
            )
        )

    def _gemeente(self, code):
        if code:
            target = Gemeente.objects.filter(code=code).first()
            if target is None:
                raise CommandError("--gemeente: {} is not registered".format(code))
            return target
        gemeenten = list(Gemeente.objects.all()[:2])
        if len(gemeenten) != 1:
            raise CommandError("--gemeente is required when {} gemeenten are registered".format(
                "no" if not gemeenten else "several"))
        return gemeenten[0]


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
