"""Background tasks (django-tasks) and their schedule.

:func:`retention_task` does what ``veiligheidsbeeld retention run`` does -- apply the retention periods, write the
report, record a ``retention_run`` audit event -- in the background. django-tasks has no cron, so
:func:`schedule_retention` queues the next run: ``veiligheidsbeeld worker`` calls it on every round, and it
queues a run only when none is waiting or running, to start ``RETENTION_INTERVAL_HOURS`` after the last
retention run (by the command or the task). Deciding happens under a row lock on the
:class:`~veiligheidsbeeld.core.models.Schedule`, so two workers never queue the same run twice.
See ``docs/how-to/retention-schedule.md``.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks.exceptions import TaskResultDoesNotExist

from . import retention
from .models import AuditEvent, Schedule

__all__ = ["RETENTION_SCHEDULE", "RETRY_AFTER_FAILURE", "retention_task", "schedule_retention"]

logger = logging.getLogger("veiligheidsbeeld.tasks")

RETENTION_SCHEDULE = "retention"
#: After a failed run, the next try waits this long (or the interval, when shorter): no tight failure loop.
RETRY_AFTER_FAILURE = dt.timedelta(hours=1)


@task()
def retention_task(dry_run: bool = False) -> dict:
    """Apply the retention periods and write the report (the background twin of ``retention run``)."""
    outcomes = retention.run(dry_run=dry_run, trigger="schedule")
    path = retention.write_report(outcomes, dry_run=dry_run)
    logger.info("retention run (dry_run=%s): report %s", dry_run, path)
    return {"dry_run": dry_run, "report": str(path), "counts": {o.category: o.count for o in outcomes}}


def _interval() -> dt.timedelta | None:
    hours = float(settings.RETENTION_INTERVAL_HOURS)
    return dt.timedelta(hours=hours) if hours > 0 else None


def _last_run() -> dt.datetime | None:
    """When retention last ran for real (command or task): its audit event."""
    return (
        AuditEvent.objects.filter(action="retention_run").order_by("-id").values_list("created_at", flat=True).first()
    )


def schedule_retention(*, now: dt.datetime | None = None):
    """Queue the next retention run unless one is waiting or running; returns its task result, or ``None``.

    Raises
    ------
    django.core.exceptions.ImproperlyConfigured
        When the task backend cannot defer tasks or look up results (only the database backend can).
    """
    interval = _interval()
    if interval is None:
        return None
    backend = retention_task.get_backend()
    if not (backend.supports_defer and backend.supports_get_result):
        raise ImproperlyConfigured(
            "scheduled tasks need VEILIGHEIDSBEELD_TASK_BACKEND=django_tasks_db.DatabaseBackend, not {}".format(
                type(backend).__name__
            )
        )
    now = now or timezone.now()
    Schedule.objects.get_or_create(name=RETENTION_SCHEDULE)
    with transaction.atomic():
        schedule = Schedule.objects.select_for_update().get(name=RETENTION_SCHEDULE)
        previous = _previous_result(backend, schedule.task_result_id)
        if previous is not None and previous.status == TaskResultStatus.READY:
            return None
        if previous is not None and previous.status == TaskResultStatus.RUNNING:
            started = previous.started_at or schedule.enqueued_at or now
            if now - started < interval:
                return None
            logger.warning("retention task %s has been running since %s: taken as abandoned", previous.id, started)
        last = _last_run()
        run_after = max(now, last + interval) if last else now
        if previous is not None and previous.status == TaskResultStatus.FAILED and previous.finished_at:
            run_after = max(run_after, previous.finished_at + min(interval, RETRY_AFTER_FAILURE))
        result = retention_task.using(run_after=run_after).enqueue()
        schedule.task_result_id = str(result.id)
        schedule.enqueued_at = now
        schedule.run_after = run_after
        schedule.save(update_fields=["task_result_id", "enqueued_at", "run_after"])
    logger.info("retention run queued as task %s, to start after %s", result.id, run_after)
    return result


def _previous_result(backend, result_id: str):
    if not result_id:
        return None
    try:
        return backend.get_result(result_id)
    except TaskResultDoesNotExist:  # results pruned (prune_db_task_results): treat as never queued
        return None
