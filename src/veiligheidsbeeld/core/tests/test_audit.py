import pytest
from django.db import transaction

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


def test_events_written_before_the_extension_fields_still_verify():
    """An event without the new fields hashes exactly as before they existed (no chain break on upgrade)."""
    import hashlib
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    _three_events()
    event = AuditEvent.objects.order_by("id").first()
    old_payload = [event.previous_hash, event.created_at.isoformat(), event.actor_label, event.gemeente_code,
                   event.action, event.object_type, event.object_id, event.data]
    expected = hashlib.sha256(json.dumps(old_payload, sort_keys=True, cls=DjangoJSONEncoder).encode()).hexdigest()
    assert event.hash == expected


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
