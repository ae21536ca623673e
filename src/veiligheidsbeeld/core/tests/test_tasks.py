"""Retention as a scheduled background task: the task, its schedule, and the worker that runs both."""

import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from veiligheidsbeeld.core import audit, tasks
from veiligheidsbeeld.core.models import AuditEvent, Schedule

from .test_retention import _old_events

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def reports(settings, tmp_path):
    settings.REPORTS_ROOT = tmp_path
    return tmp_path


@pytest.mark.django_db
def test_task_applies_retention_writes_the_report_and_audits(settings, reports):
    settings.TASKS = IMMEDIATE
    _old_events(3, days_ago=settings.RETENTION_DAYS["audit_events"] + 1)
    result = tasks.retention_task.enqueue()
    assert result.status == TaskResultStatus.SUCCESSFUL, result.errors
    assert result.return_value["counts"]["audit_events"] == 3
    report = Path(result.return_value["report"])
    assert report.parent == reports and json.loads(report.read_text())["outcomes"][0]["count"] == 3
    event = AuditEvent.objects.get(action="retention_run")
    assert event.actor_label == "system" and event.data["trigger"] == "schedule"
    assert not AuditEvent.objects.filter(action="thing_done").exists()
    assert audit.check() is None


@pytest.mark.django_db
def test_task_is_idempotent(settings, reports):
    settings.TASKS = IMMEDIATE
    _old_events(2, days_ago=settings.RETENTION_DAYS["audit_events"] + 1)
    first = tasks.retention_task.enqueue()
    second = tasks.retention_task.enqueue()
    assert first.return_value["counts"]["audit_events"] == 2
    assert set(second.return_value["counts"].values()) == {0}, "a second run finds nothing more to do"
    assert first.return_value["report"] != second.return_value["report"], "no report is overwritten"
    assert AuditEvent.objects.filter(action="retention_run").count() == 2
    assert audit.check() is None


@pytest.mark.django_db
def test_dry_run_task_changes_nothing(settings, reports):
    settings.TASKS = IMMEDIATE
    _old_events(2, days_ago=settings.RETENTION_DAYS["audit_events"] + 1)
    result = tasks.retention_task.enqueue(dry_run=True)
    assert result.return_value["counts"]["audit_events"] == 2 and result.return_value["report"].endswith(
        "-dry-run.json"
    )
    assert AuditEvent.objects.count() == 2


@pytest.mark.django_db
def test_schedule_queues_one_run_and_not_twice(settings):
    settings.TASKS = DATABASE
    now = timezone.now()
    first = tasks.schedule_retention(now=now)
    assert first is not None and first.status == TaskResultStatus.READY
    assert tasks.schedule_retention(now=now) is None
    assert tasks.schedule_retention(now=now + dt.timedelta(days=3)) is None, "still waiting: not again"
    assert DBTaskResult.objects.count() == 1
    assert DBTaskResult.objects.ready().count() == 1, "no run yet: due at once"
    schedule = Schedule.objects.get(name="retention")
    assert schedule.task_result_id == str(first.id) and schedule.run_after == now


@pytest.mark.django_db
def test_next_run_waits_for_the_interval_after_the_last_run(settings):
    settings.TASKS = DATABASE
    settings.RETENTION_INTERVAL_HOURS = 24
    with transaction.atomic():
        last = audit.record("retention_run", outcomes=[])  # e.g. `veiligheidsbeeld retention run` by hand
    result = tasks.schedule_retention(now=last.created_at + dt.timedelta(hours=1))
    assert result.task.run_after == last.created_at + dt.timedelta(hours=24)
    assert DBTaskResult.objects.ready().count() == 0, "not due yet"


@pytest.mark.django_db
def test_after_a_finished_run_the_next_one_is_queued(settings):
    settings.TASKS = DATABASE
    first = tasks.schedule_retention()
    DBTaskResult.objects.filter(id=first.id).update(status=TaskResultStatus.SUCCESSFUL, finished_at=timezone.now())
    with transaction.atomic():
        last = audit.record("retention_run", outcomes=[])
    second = tasks.schedule_retention()
    assert second is not None and second.id != first.id
    assert second.task.run_after == last.created_at + dt.timedelta(hours=settings.RETENTION_INTERVAL_HOURS)


@pytest.mark.django_db
def test_a_failed_run_is_retried_after_a_pause_not_at_once(settings):
    settings.TASKS = DATABASE
    first = tasks.schedule_retention()
    failed_at = timezone.now()
    DBTaskResult.objects.filter(id=first.id).update(status=TaskResultStatus.FAILED, finished_at=failed_at)
    retry = tasks.schedule_retention(now=failed_at + dt.timedelta(seconds=5))
    assert retry.task.run_after == failed_at + tasks.RETRY_AFTER_FAILURE


@pytest.mark.django_db
def test_an_abandoned_running_task_is_replaced(settings):
    settings.TASKS = DATABASE
    first = tasks.schedule_retention()
    started = timezone.now()
    DBTaskResult.objects.filter(id=first.id).update(status=TaskResultStatus.RUNNING, started_at=started)
    assert tasks.schedule_retention(now=started + dt.timedelta(hours=1)) is None, "still running"
    assert tasks.schedule_retention(now=started + dt.timedelta(days=2)) is not None, "a worker died"


@pytest.mark.django_db
def test_schedule_off_and_wrong_backend(settings):
    settings.TASKS = DATABASE
    settings.RETENTION_INTERVAL_HOURS = 0
    assert tasks.schedule_retention() is None and not DBTaskResult.objects.exists()
    settings.RETENTION_INTERVAL_HOURS = 24
    settings.TASKS = IMMEDIATE
    with pytest.raises(ImproperlyConfigured, match="DatabaseBackend"):
        tasks.schedule_retention()
    with pytest.raises(CommandError, match="DatabaseBackend"):
        call_command("worker", "--batch")


@pytest.mark.django_db(transaction=True)
def test_worker_runs_the_scheduled_retention_once(settings, reports, capsys):
    """The real thing: the database backend, the worker for one batch, then a second batch that finds nothing."""
    settings.TASKS = DATABASE
    _old_events(2, days_ago=settings.RETENTION_DAYS["audit_events"] + 1)
    call_command("worker", "--batch")
    out = capsys.readouterr().out
    assert "retention run queued" in out and "ran 1 task(s)" in out
    result = DBTaskResult.objects.get()
    assert result.status == TaskResultStatus.SUCCESSFUL and result.task_path.endswith("retention_task")
    assert len(list(reports.glob("retention-*.json"))) == 1
    assert AuditEvent.objects.filter(action="retention_run").count() == 1
    assert not AuditEvent.objects.filter(action="thing_done").exists()
    call_command("worker", "--batch")
    assert "ran" not in capsys.readouterr().out, "the next run waits for the interval"
    assert DBTaskResult.objects.count() == 2 and DBTaskResult.objects.ready().count() == 0
    assert AuditEvent.objects.filter(action="retention_run").count() == 1
    assert audit.check() is None
