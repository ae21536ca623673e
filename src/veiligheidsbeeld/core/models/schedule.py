"""Recurring background tasks: one row per schedule, locked while deciding whether to enqueue the next run."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["Schedule"]


class Schedule(models.Model):
    """The state of one recurring task (e.g. ``retention``): which run is queued, and when it may start.

    django-tasks has no cron. ``veiligheidsbeeld worker`` calls
    :func:`veiligheidsbeeld.core.tasks.schedule_retention` on every round; it locks this row
    (``select_for_update``), so two workers never queue the same run twice.
    """

    name = models.CharField(_("name"), max_length=50, unique=True)
    task_result_id = models.CharField(
        _("queued task"), max_length=64, blank=True, help_text=_("Id of the task result of the queued run.")
    )
    enqueued_at = models.DateTimeField(_("enqueued at"), null=True, blank=True)
    run_after = models.DateTimeField(_("runs after"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("schedule")
        verbose_name_plural = _("schedules")

    def __str__(self) -> str:
        return self.name
