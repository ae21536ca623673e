import datetime as dt

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from veiligheidsbeeld.core import audit, audit_keys, retention
from veiligheidsbeeld.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _old_events(n, days_ago):
    with transaction.atomic():
        for k in range(n):
            audit.record("thing_done", n=k)
    AuditEvent.objects.update(created_at=timezone.now() - dt.timedelta(days=days_ago))
    # The chain covers created_at, so re-hash as if the events had been written then.
    previous = audit.GENESIS
    for event in AuditEvent.objects.order_by("id"):
        event.previous_hash = previous
        event.hash = event.compute_hash(audit_keys.keyring().key(event.key_id))
        event.save()
        previous = event.hash


def test_dry_run_counts_without_changing(settings):
    _old_events(3, days_ago=settings.RETENTION_DAYS["audit_events"] + 1)
    outcomes = {o.category: o for o in retention.run(dry_run=True)}
    assert outcomes["audit_events"].count == 3 and outcomes["audit_events"].action == "due"
    assert AuditEvent.objects.count() == 3


def test_old_audit_events_are_removed_and_the_chain_still_verifies(settings):
    _old_events(3, days_ago=settings.RETENTION_DAYS["audit_events"] + 1)
    with transaction.atomic():
        audit.record("recent_thing")
    outcomes = {o.category: o for o in retention.run()}
    assert outcomes["audit_events"].count == 3
    assert list(AuditEvent.objects.values_list("action", flat=True)) == [
        "recent_thing",
        "audit_pruned",
        "retention_run",
    ]
    assert audit.check() is None
    AuditEvent.objects.filter(action="recent_thing").delete()
    assert audit.check() is not None, "removing more than retention did is still detected"


def test_person_references_are_anonymised_and_counts_kept(small_gemeente, settings):
    from conftest import monthly_registrations
    from veiligheidsbeeld.registrations.models import Registration

    monthly_registrations(
        small_gemeente,
        {
            ("BU09990000", "woninginbraak", dt.date(2015, 1, 1)): 3,
            ("BU09990000", "woninginbraak", dt.date.today().replace(day=1)): 2,
        },
    )
    Registration.objects.update(confidentiality="persoonsgegevens", attributes={"person": "p_x"})
    retention.run()
    old, new = Registration.objects.order_by("period_start")
    assert (old.attributes, old.confidentiality, old.count) == ({}, "intern", 3)
    assert new.attributes == {"person": "p_x"}


def test_old_uploads_are_deleted(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    old, new = tmp_path / "old.csv", tmp_path / "new.csv"
    old.write_text("x")
    new.write_text("y")
    stamp = (timezone.now() - dt.timedelta(days=settings.RETENTION_DAYS["uploads"] + 1)).timestamp()
    import os

    os.utime(old, (stamp, stamp))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(transaction, "on_commit", lambda f: f())
        outcomes = {o.category: o for o in retention.run()}
    assert outcomes["uploads"].count == 1 and not old.exists() and new.exists()


def test_unknown_or_missing_categories_are_refused(settings):
    settings.RETENTION_DAYS = {"audit_events": 1}
    with pytest.raises(ValueError, match="must have the categories"):
        retention.run()


def test_command_writes_a_report(settings, tmp_path, capsys):
    settings.REPORTS_ROOT = tmp_path
    call_command("retention", "run", "--dry-run")
    out = capsys.readouterr().out
    assert "audit_events" in out and "report:" in out
    assert len(list(tmp_path.glob("retention-*-dry-run.json"))) == 1
