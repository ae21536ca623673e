"""``veiligheidsbeeld audit verify``: check the audit log's hash chain."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from veiligheidsbeeld.core import audit
from veiligheidsbeeld.core.models import AuditEvent


class Command(BaseCommand):
    help = "Audit log tools. 'verify' checks the hash chain and exits non-zero at the first broken event."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        verify = sub.add_parser("verify", help="Verify the hash chain of the audit log.")
        verify.add_argument(
            "--head",
            help="A head hash noted earlier (printed by a previous verify): it must still be in the chain, "
            "which detects removal of the newest events.",
        )

    def handle(self, *args, subcommand, head=None, **options):
        problem = audit.check()
        if problem is not None:
            raise CommandError("audit log broken at {}".format(problem))
        if head and not AuditEvent.objects.filter(hash=head).exists():
            raise CommandError("audit log broken: the noted head {} is no longer in the chain".format(head))
        last = AuditEvent.objects.order_by("-id").first()
        self.stdout.write(
            "audit log intact: {} events; head {}".format(
                AuditEvent.objects.count(), last.hash if last else audit.GENESIS
            )
        )
