"""Background task of the reports (django-tasks): a report asked for on the web page is made by
``veiligheidsbeeld worker``, not in the web request (issue 15; it takes 15-25 s for a real gemeente)."""

from __future__ import annotations

from django_tasks import task

from .services import run_report_job

__all__ = ["report_task"]


@task()
def report_task(job_id: int) -> dict:
    """Make the report of :class:`~veiligheidsbeeld.reports.models.ReportJob` ``job_id``."""
    job = run_report_job(job_id)
    return {"job": job.pk, "status": job.status, "report": job.report_id}
