"""``veiligheidsbeeld worker``: run the background tasks and queue the scheduled ones (retention).

django-tasks-db's worker (``db_worker``) runs what is queued; this command wraps it and, before every round,
queues the next retention run when it is due (:func:`veiligheidsbeeld.core.tasks.schedule_retention`). Run it
as a service next to the web server (``docs/how-to/retention-schedule.md`` has a systemd unit), or with
``--batch`` from a timer.
"""

from __future__ import annotations

import logging
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.crypto import get_random_string

from veiligheidsbeeld.core import tasks


def _positive_float(value: str) -> float:
    number = float(value)
    if not number > 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Run queued background tasks (django-tasks database worker) and queue the scheduled retention run every "
        "VEILIGHEIDSBEELD_RETENTION_INTERVAL_HOURS. Stop with Ctrl+C or SIGTERM (a running task finishes first)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=_positive_float,
            default=5.0,
            help="Seconds between looking for tasks when the queue is empty (default: %(default)s).",
        )
        parser.add_argument(
            "--batch", action="store_true", help="Queue what is due, run every task that is ready, then exit."
        )
        parser.add_argument(
            "--no-schedule", action="store_true", help="Only run queued tasks; do not queue the scheduled ones."
        )

    def handle(self, *args, interval, batch, no_schedule, verbosity=1, **options):
        from django_tasks_db import DatabaseBackend
        from django_tasks_db.management.commands.db_worker import Worker

        backend = tasks.retention_task.get_backend()  # the backend the scheduled task goes to
        if not isinstance(backend, DatabaseBackend):
            raise CommandError(
                "the worker needs VEILIGHEIDSBEELD_TASK_BACKEND=django_tasks_db.DatabaseBackend (now {})".format(
                    type(backend).__name__
                )
            )
        if verbosity >= 2:
            for name in ("django_tasks", "django_tasks_db", "veiligheidsbeeld.tasks"):
                log = logging.getLogger(name)
                log.setLevel(logging.DEBUG if verbosity > 2 else logging.INFO)
                log.addHandler(logging.StreamHandler(self.stdout))
        worker = Worker(
            queue_names=["*"],
            interval=0,
            batch=True,  # one round: every ready task, then back here to schedule and sleep
            backend_name=backend.alias,
            startup_delay=False,
            max_tasks=None,
            worker_id="vb-" + get_random_string(20),
            excluded_queue_names=[],
        )
        if not batch:
            worker.configure_signals()
            self.stdout.write("worker {} running; Ctrl+C stops it".format(worker.worker_id))
        while True:
            if not no_schedule:
                queued = tasks.schedule_retention()
                if queued is not None:
                    self.stdout.write(
                        "retention run queued (task {}, after {:%Y-%m-%d %H:%M %Z})".format(
                            queued.id, timezone.localtime(queued.task.run_after)
                        )
                    )
            before = worker._run_tasks
            worker.run()
            if worker._run_tasks > before:
                self.stdout.write("ran {} task(s)".format(worker._run_tasks - before))
            if batch or not worker.running:
                return
            time.sleep(interval)
