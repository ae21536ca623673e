"""``veiligheidsbeeld retention run [--dry-run]``: apply the retention periods and write a report."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from veiligheidsbeeld.core import retention


class Command(BaseCommand):
    help = (
        "Delete or anonymise data kept longer than its retention period (settings.RETENTION_DAYS). "
        "`veiligheidsbeeld worker` also runs this on a schedule."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        run = sub.add_parser("run", help="Apply the retention periods.")
        run.add_argument("--dry-run", action="store_true", help="Only report what is due.")

    def handle(self, *args, subcommand, dry_run=False, **options):
        outcomes = retention.run(dry_run=dry_run)
        for o in outcomes:
            self.stdout.write(
                "{:<18} {:>6} days  before {:%Y-%m-%d}  {:>7}  {}".format(
                    o.category, o.days, o.cutoff, o.count, o.action
                )
            )
        path = retention.write_report(outcomes, dry_run=dry_run)
        self.stdout.write("report: {}".format(path))
