"""The reports app as a domain module (issue 20): its notification that a report asked for is ready.

The start page lists each user's :class:`~veiligheidsbeeld.core.modules.Todo` items; a report job of the user that
finished in the last :data:`NOTIFY_DAYS` days is one until its report is downloaded (the ``report_downloaded``
audit event of the user), and a failed job is one until it is older than that. Nothing is written to show or
clear the notification.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from veiligheidsbeeld.core.modules import DomainModule, Todo

__all__ = ["MODULE", "NOTIFY_DAYS", "report_notifications"]

#: How long a finished report job stays on the requester's start page when it is not downloaded.
NOTIFY_DAYS = 3


def report_notifications(user) -> list[Todo]:
    """The user's report jobs that finished recently and whose report the user has not downloaded yet."""
    from veiligheidsbeeld.core.models import AuditEvent

    from .models import JobStatus, ReportJob

    if not getattr(user, "is_authenticated", False):
        return []
    since = timezone.now() - dt.timedelta(days=NOTIFY_DAYS)
    jobs = list(ReportJob.objects.filter(requested_by=user, finished__gte=since,
                                         status__in=[JobStatus.DONE, JobStatus.FAILED])
                .select_related("gemeente", "report")[:20])
    reports = [str(job.report_id) for job in jobs if job.report_id]
    downloaded = set(AuditEvent.objects.filter(
        action="report_downloaded", actor=user, object_type="reports.storedreport", object_id__in=reports,
    ).values_list("object_id", flat=True))
    todos = []
    for job in jobs:
        if job.status == JobStatus.DONE and job.report_id and str(job.report_id) not in downloaded:
            title = _("Report ready: {name} {period} ({format}), download it").format(
                name=job.gemeente.name, period=job.report.period_label, format=job.report.get_format_display())
        elif job.status == JobStatus.FAILED:
            title = _("Report of {name} failed: see why").format(name=job.gemeente.name)
        else:
            continue
        todos.append(Todo(title=title, due=None, url=reverse("reports:job", args=[job.pk]), module="reports"))
    return todos


MODULE = DomainModule(name="reports", todos=report_notifications)
