import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from veiligheidsbeeld.core import audit
from veiligheidsbeeld.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _three_events():
    with transaction.atomic():
        for n in range(3):
            audit.record("thing_done", object_type="test", object_id=n, n=n)


def test_chain_of_untouched_events_verifies():
    _three_events()
    assert AuditEvent.objects.count() == 3
    assert audit.verify() is None


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda e: AuditEvent.objects.filter(pk=e[1].pk).update(action="thing_undone"), id="edit"),
        pytest.param(lambda e: AuditEvent.objects.filter(pk=e[1].pk).update(data={"n": 99}), id="edit-data"),
        pytest.param(lambda e: AuditEvent.objects.filter(pk=e[1].pk).delete(), id="delete"),
    ],
)
def test_tampering_is_detected_at_the_first_broken_event(tamper):
    _three_events()
    events = list(AuditEvent.objects.order_by("id"))
    tamper(events)
    broken = audit.verify()
    assert broken is not None
    assert broken.pk in {events[1].pk, events[2].pk}


def test_record_outside_a_transaction_is_refused(transactional_db):
    with pytest.raises(RuntimeError, match="inside the service's transaction"):
        audit.record("thing_done")


def test_reorder_is_detected():
    _three_events()
    first, second, _third = AuditEvent.objects.order_by("id")
    fields = ["created_at", "actor_label", "action", "object_type", "object_id", "data", "previous_hash", "hash"]
    a, b = ({f: getattr(e, f) for f in fields} for e in (first, second))
    AuditEvent.objects.filter(pk=second.pk).update(hash="swap" + "0" * 60)
    AuditEvent.objects.filter(pk=first.pk).update(**b)
    AuditEvent.objects.filter(pk=second.pk).update(**a)
    problem = audit.check()
    assert problem is not None and problem.event.pk == first.pk


def test_removing_the_first_events_is_detected():
    _three_events()
    AuditEvent.objects.order_by("id").first().delete()
    assert "first event" in audit.check().reason


def test_events_carry_actor_organisation_purpose_changes_and_address(analyst):
    with audit.request_context("192.0.2.1"), transaction.atomic():
        event = audit.record("thing_changed", actor=analyst, purpose="p", legal_basis="AVG 6(1)(e)",
                             changes={"name": ["a", "b"]})
    assert (event.organisation, event.client_address, event.changes) == ("Gemeente Proefdorp", "192.0.2.1",
                                                                          {"name": ["a", "b"]})
    assert audit.verify() is None
    AuditEvent.objects.filter(pk=event.pk).update(purpose="other")
    assert audit.verify().pk == event.pk


def _legacy_sha(event):
    """The plain SHA-256 the chain used before it was keyed (what anyone with database access can recompute)."""
    import hashlib
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    payload = [event.previous_hash, event.created_at.isoformat(), event.actor_label, event.gemeente_code,
               event.action, event.object_type, event.object_id, event.data]
    extensions = {n: getattr(event, n) for n in ("organisation", "purpose", "legal_basis", "client_address",
                                                   "changes") if getattr(event, n)}
    if extensions:
        payload.append(extensions)
    return hashlib.sha256(json.dumps(payload, sort_keys=True, cls=DjangoJSONEncoder).encode()).hexdigest()


def _make_legacy():
    """Turn the table into what the release before the keyed chain wrote (no key id, plain SHA-256)."""
    previous = audit.GENESIS
    for event in AuditEvent.objects.order_by("id"):
        event.previous_hash, event.key_id = previous, ""
        event.hash = _legacy_sha(event)
        AuditEvent.objects.filter(pk=event.pk).update(previous_hash=previous, key_id="", hash=event.hash)
        previous = event.hash
    return previous


def test_events_of_before_the_keyed_chain_move_over_with_rekey(capsys):
    """Upgrade path (issue 15): an old, plain chain is refused until `audit rekey` signs it, checked against the
    head noted before the upgrade; the plain SHA-256 of such events is computed exactly as before."""
    from django.core.management import CommandError, call_command

    _three_events()
    old_head = _make_legacy()
    assert AuditEvent.objects.order_by("id").first().compute_legacy_hash() == AuditEvent.objects.order_by(
        "id").first().hash
    assert "not signed with an audit key" in audit.check().reason
    with pytest.raises(CommandError, match="no longer in the chain"):
        call_command("audit", "rekey", "--legacy-head", "f" * 64)
    call_command("audit", "rekey", "--legacy-head", old_head)
    assert audit.check() is None
    assert set(AuditEvent.objects.values_list("key_id", flat=True)) == {"k1"}
    rekeyed = AuditEvent.objects.get(action="audit_rekeyed")
    assert rekeyed.data["old_head"] == old_head and rekeyed.data["events"] == 3


def test_rekey_refuses_a_broken_plain_chain():
    _three_events()
    _make_legacy()
    AuditEvent.objects.filter(pk=AuditEvent.objects.order_by("id")[1].pk).update(action="x")
    with pytest.raises(ValueError, match="not re-signed"):
        audit.rekey()


# --- issue 15, finding 3: the attacks of the security review. Each passed `audit verify` on the plain chain. ---


def _recompute_plain_from(events, start):
    """The attacker's rewrite: recompute the plain hash chain from ``events[start]`` on, as the old code hashed."""
    previous = events[start - 1].hash if start else audit.GENESIS
    for event in events[start:]:
        event.refresh_from_db()
        event.previous_hash = previous
        event.hash = _legacy_sha(event)
        AuditEvent.objects.filter(pk=event.pk).update(previous_hash=previous, hash=event.hash)
        previous = event.hash


def test_attack_edit_then_recompute_the_chain_is_detected():
    _three_events()
    events = list(AuditEvent.objects.order_by("id"))
    AuditEvent.objects.filter(pk=events[1].pk).update(action="thing_undone")
    _recompute_plain_from(events, 1)
    problem = audit.check()
    assert problem is not None and problem.event.pk == events[1].pk


def test_attack_changing_the_actor_id_is_detected(analyst, django_user_model):
    other = django_user_model.objects.create(username="someone-else")
    with transaction.atomic():
        event = audit.record("thing_done", actor=analyst)
    assert audit.check() is None
    AuditEvent.objects.filter(pk=event.pk).update(actor=other)
    assert audit.verify().pk == event.pk


def test_attack_forged_prune_marker_after_deleting_the_oldest_events_is_detected(capsys):
    """Delete the oldest events, append an `audit_pruned` naming the new first event's link as head: the old
    check took a prune head from any such event in the table, even with `--head`."""
    from django.core.management import CommandError, call_command

    _three_events()
    call_command("audit", "verify")
    noted = capsys.readouterr().out.split("head ")[1].strip()
    events = list(AuditEvent.objects.order_by("id"))
    AuditEvent.objects.filter(pk=events[0].pk).delete()
    forged = AuditEvent(created_at=events[2].created_at, actor_label="system", action=audit.PRUNED,
                        object_type="core.auditevent", object_id=str(events[0].pk),
                        data={"head": events[1].previous_hash, "removed": 1, "first_remaining": events[1].pk},
                        previous_hash=events[2].hash)
    forged.hash = _legacy_sha(forged)
    forged.save()
    assert audit.check() is not None
    with pytest.raises(CommandError, match="audit log broken"):
        call_command("audit", "verify", "--head", noted)


def test_prune_head_is_only_accepted_for_the_first_remaining_event(settings):
    """A genuine (signed) prune marker does not let a later removal pass: it names the first remaining event."""
    from veiligheidsbeeld.core import retention

    _three_events()
    AuditEvent.objects.update(created_at=timezone.now() - dt.timedelta(days=10))
    with transaction.atomic():
        for n in range(3):
            audit.record("later_thing", n=n)
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "audit_events": 5}
    retention.run()
    assert audit.check() is None
    first = AuditEvent.objects.order_by("id").first()
    AuditEvent.objects.filter(pk=first.pk).delete()
    assert "first event" in audit.check().reason


def test_verify_takes_an_externally_kept_head_file(tmp_path, capsys):
    from django.core.management import CommandError, call_command

    _three_events()
    call_command("audit", "head", "--json")
    published = tmp_path / "head.json"
    published.write_text(capsys.readouterr().out)
    call_command("audit", "verify", "--head-file", str(published))
    last = AuditEvent.objects.order_by("-id").first()
    AuditEvent.objects.filter(pk=last.pk).delete()
    with pytest.raises(CommandError, match="no longer in the chain"):
        call_command("audit", "verify", "--head-file", str(published))


def test_a_rotated_key_signs_new_events_and_old_ones_still_verify(settings, tmp_path):
    from django.core.management import call_command

    settings.AUDIT_KEY_FILE = str(tmp_path / "audit_keys")
    (tmp_path / "audit_keys").write_text("k1:" + "a" * 40 + "\n")
    _three_events()
    call_command("audit", "rotate-key")
    with transaction.atomic():
        audit.record("thing_done")
    assert list(AuditEvent.objects.order_by("id").values_list("key_id", flat=True)) == ["k1"] * 3 + ["k2"] * 2
    assert audit.check() is None


def test_an_event_signed_with_another_key_is_detected(settings):
    _three_events()
    settings.AUDIT_KEY = "k1:" + "x" * 40
    assert "altered" in audit.check().reason


def test_record_read_requires_a_purpose(analyst):
    with pytest.raises(ValueError, match="purpose"):
        audit.record_read(analyst, person="p_abc", purpose="  ")
    event = audit.record_read(analyst, person="p_abc", purpose="zaak 2024-17", gemeente="GM0999")
    assert (event.action, event.object_id, event.purpose) == (audit.PERSON_READ, "p_abc", "zaak 2024-17")


def test_verify_command_names_the_first_broken_event():
    from django.core.management import CommandError, call_command

    _three_events()
    call_command("audit", "verify")
    events = list(AuditEvent.objects.order_by("id"))
    with pytest.raises(CommandError, match="audit log broken at event #{} ".format(events[1].pk)):
        AuditEvent.objects.filter(pk=events[1].pk).update(data={"n": 7})
        call_command("audit", "verify")


def test_verify_command_detects_removal_of_the_newest_events_with_a_noted_head(capsys):
    from django.core.management import CommandError, call_command

    _three_events()
    call_command("audit", "verify")
    head = capsys.readouterr().out.split("head ")[1].strip()
    call_command("audit", "verify", "--head", head)
    AuditEvent.objects.order_by("-id").first().delete()
    with pytest.raises(CommandError, match="no longer in the chain"):
        call_command("audit", "verify", "--head", head)


@pytest.mark.slow
def test_audit_verify_exits_non_zero_from_the_console_script(tmp_path):
    import os
    import subprocess
    import sys

    env = dict(os.environ, VEILIGHEIDSBEELD_HOME=str(tmp_path), DJANGO_SETTINGS_MODULE="veiligheidsbeeld.conf.base")
    env.pop("DATABASE_URL", None)  # the embedded SQLite file in tmp_path, also in the PostgreSQL run of the suite
    script = "from veiligheidsbeeld.cli import main; main(['veiligheidsbeeld', 'audit', 'verify'])"
    ok = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stderr
    import sqlite3

    with sqlite3.connect(tmp_path / "veiligheidsbeeld.sqlite3") as db:
        db.execute("INSERT INTO core_auditevent (created_at, actor_label, organisation, gemeente_code, action, "
                   "object_type, object_id, purpose, legal_basis, changes, data, previous_hash, hash) VALUES "
                   "('2024-01-01 00:00:00', 'x', '', '', 'forged', '', '', '', '', '{}', '{}', 'bad', 'bad')")
    broken = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert broken.returncode != 0 and "forged" in broken.stderr
