"""``veiligheidsbeeld audit verify|head|rekey|rotate-key``: the keyed hash chain of the audit log."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from veiligheidsbeeld.core import audit, audit_keys


class Command(BaseCommand):
    help = (
        "Audit log tools. 'verify' checks the keyed hash chain and exits non-zero at the first broken event; "
        "'head' prints the head to publish outside the installation; 'rekey' signs events of before the keyed "
        "chain once; 'rotate-key' starts a new audit key."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        verify = sub.add_parser("verify", help="Verify the keyed hash chain of the audit log.")
        verify.add_argument(
            "--head",
            help="A head kept outside the installation ('<id>:<hash>' from `audit head`, or a bare hash): it "
            "must still be in the chain (or in a part removed by retention), which detects removal of the newest "
            "events and a rewritten log.",
        )
        verify.add_argument(
            "--head-file",
            help="A file holding such a head (the text or JSON that `audit head` printed), e.g. from the FG's "
            "mailbox or a write-once store.",
        )
        head = sub.add_parser("head", help="Print the newest event's id and hash, to publish daily.")
        head.add_argument("--json", action="store_true", help="Print JSON (id, hash, created_at, key_id, events).")
        rekey = sub.add_parser(
            "rekey", help="Sign the events written before the keyed chain (once, after upgrading)."
        )
        rekey.add_argument(
            "--legacy-head",
            help="The head `audit verify` printed before the upgrade: re-signing is refused unless it is in the "
            "chain.",
        )
        sub.add_parser("rotate-key", help="Append a new audit key to the key file; new events are signed with it.")

    def handle(self, *args, subcommand, **options):
        return getattr(self, "handle_" + subcommand.replace("-", "_"))(**options)

    def handle_verify(self, head=None, head_file=None, **options):
        problem = audit.check()
        if problem is not None:
            raise CommandError("audit log broken at {}".format(problem))
        for noted in filter(None, [head, _read_head_file(head_file) if head_file else None]):
            reason = audit.check_head(noted)
            if reason:
                raise CommandError("audit log broken: {}".format(reason))
        current = audit.head()
        self.stdout.write(
            "audit log intact: {} events; head {}:{}".format(current["events"], current["id"], current["hash"])
        )

    def handle_head(self, json=False, **options):
        current = audit.head()
        if json:
            self.stdout.write(_json.dumps(current))
        else:
            self.stdout.write("{}:{}".format(current["id"], current["hash"]))

    def handle_rekey(self, legacy_head=None, **options):
        if legacy_head:
            reason = audit.check_head(legacy_head)
            if reason:
                raise CommandError("not re-signed: {}".format(reason))
        try:
            count = audit.rekey()
        except (ValueError, audit_keys.AuditKeyError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write("audit log re-signed: {} events; head {}".format(count, audit.head()["hash"]))

    def handle_rotate_key(self, **options):
        try:
            old, new = audit_keys.rotate()
        except audit_keys.AuditKeyError as exc:
            raise CommandError(str(exc)) from exc
        with transaction.atomic():
            audit.record("audit_key_rotated", object_type="core.auditevent", old_key_id=old, new_key_id=new)
        self.stdout.write("audit key rotated: {} -> {} (keep {} in the key file to verify older events)".format(
            old, new, old))


_json = json


def _read_head_file(name: str) -> str:
    path = Path(name)
    if not path.is_file():
        raise CommandError("--head-file: {} does not exist".format(path))
    text = path.read_text(encoding="utf-8").strip()
    if text.startswith("{"):
        try:
            noted = _json.loads(text)
            return "{}:{}".format(noted["id"], noted["hash"])
        except (ValueError, KeyError) as exc:
            raise CommandError("--head-file: {} is not the JSON of `audit head --json`".format(path)) from exc
    return text
