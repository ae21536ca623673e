"""Writes of the reports app: generating and storing a report, and the open-data export."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_noop

from veiligheidsbeeld.analyses.models import AnalysisRun
from veiligheidsbeeld.core import audit
from veiligheidsbeeld.core.disclosure import DisclosurePolicy, policy_from_settings

from . import opendata
from .document import build_document, render_html, render_pdf
from .figures import Figures, figures_from_run, figures_from_year
from .models import Audience, JobStatus, ReportFormat, ReportJob, StoredReport
from .queries import run_covering, yearly_years

__all__ = [
    "ReportError",
    "audience_policy", "export_opendata", "generate_report", "record_download", "request_report", "resolve_figures",
    "run_report_job",
]

logger = logging.getLogger("veiligheidsbeeld.reports")


class ReportError(ValueError):
    """A report that cannot be made (no data for the period, unknown run, ...), with the reason."""


def resolve_figures(gemeente=None, *, run: AnalysisRun | None = None, period: int | None = None) -> Figures:
    """The figures of a report: of ``run``, of calendar year ``period``, or of the newest data.

    With a year, a finished run covering all its months is used; without one, the yearly cube cells of that
    year (sources that publish years only). Without run and year: the newest run, else the newest yearly figures.
    """
    try:
        if run is not None:
            return figures_from_run(run, dt.date(period, 12, 1) if period else None)
        if gemeente is None:
            raise ReportError("name a gemeente (--gemeente) or a run (--run)")
        if period is not None:
            covering = run_covering(gemeente, dt.date(period, 1, 1), dt.date(period, 12, 1))
            return figures_from_run(covering, dt.date(period, 12, 1)) if covering else figures_from_year(gemeente, period)
        latest = AnalysisRun.objects.latest_for(gemeente)
        if latest is not None:
            return figures_from_run(latest)
        years = yearly_years(gemeente)
        if not years:
            raise ReportError("gemeente {} has no analysis run and no yearly figures: import data and run "
                              "`veiligheidsbeeld analyse` first".format(gemeente.code))
        return figures_from_year(gemeente, years[-1])
    except ReportError:
        raise
    except ValueError as error:
        raise ReportError(str(error)) from error


def audience_policy(audience: str) -> DisclosurePolicy:
    """The disclosure rules of a report's audience (issue 20): ``raad`` the installation's public rules,
    ``intern`` every count (a threshold of 1 hides nothing; such a report is for small-count readers only)."""
    if audience == Audience.INTERN:
        base = policy_from_settings()
        return DisclosurePolicy(threshold=1, method="suppress", base=base.base)
    if audience != Audience.RAAD:
        raise ReportError("unknown audience {!r}; valid: {}".format(audience, ", ".join(Audience.values)))
    return policy_from_settings()


def generate_report(figures: Figures, *, fmt: str = ReportFormat.PDF, areas: list[str] | None = None,
                    policy: DisclosurePolicy | None = None, user=None, progress=None,
                    audience: str | None = None) -> StoredReport:
    """Render the report of ``figures`` as ``fmt`` and store it with its run, hash and parameters.

    ``progress(percent, stage)``, when given, hears of each step (the task worker shows it on the job page).
    ``audience`` (issue 20) chooses the disclosure rules when no ``policy`` is given and is stored with the report.
    """
    if fmt not in ReportFormat.values:
        raise ReportError("unknown format {!r}; valid: {}".format(fmt, ", ".join(ReportFormat.values)))
    progress = progress or (lambda percent, stage: None)
    policy = policy or (audience_policy(audience) if audience else policy_from_settings())
    progress(20, gettext_noop("Computing the figures and the chapters"))
    try:
        document = build_document(figures, policy, areas=areas)
        document["audience"] = audience or Audience.RAAD
    except ValueError as error:
        raise ReportError(str(error)) from error
    progress(55, gettext_noop("Writing the document"))
    html = render_html(document)
    if fmt != ReportFormat.HTML:
        progress(70, gettext_noop("Making the PDF"))
    data = html.encode("utf-8") if fmt == ReportFormat.HTML else render_pdf(html)
    progress(90, gettext_noop("Storing the file"))
    sha256 = hashlib.sha256(data).hexdigest()
    name = "veiligheidsbeeld-{}-{}-{}.{}".format(
        figures.gemeente.code, figures.period.label.replace(" ", "").replace("–", "_"),
        "run{}".format(figures.run.pk) if figures.run else "jaar", fmt)
    with transaction.atomic():
        report = StoredReport(
            gemeente=figures.gemeente, run=figures.run, format=fmt, period_label=figures.period.label,
            parameters={"areas": list(areas or []), "disclosure": {"method": policy.method,
                        "threshold": policy.threshold, "base": policy.base}, "source": figures.source,
                        "audience": audience or Audience.RAAD},
            data_hash=figures.data_hash, sha256=sha256,
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        report.file.save(name, ContentFile(data), save=False)
        report.save()
        audit.record("report_generated", actor=user, gemeente=figures.gemeente, obj=report, format=fmt,
                     period=figures.period.label, run=figures.run.pk if figures.run else None, sha256=sha256)
    logger.info("report_generated report=%s gemeente=%s format=%s", report.pk, figures.gemeente.code, fmt)
    return report


def export_opendata(figures: Figures, folder: Path, *, policy: DisclosurePolicy | None = None,
                    user=None) -> list[Path]:
    """Write the open-data files of ``figures`` (after disclosure control) into ``folder``; returns the paths."""
    policy = policy or policy_from_settings()
    paths = opendata.write(figures, policy, Path(folder))
    with transaction.atomic():
        audit.record("opendata_exported", actor=user, gemeente=figures.gemeente, period=figures.period.label,
                     run=figures.run.pk if figures.run else None, files=[p.name for p in paths])
    return paths


def record_download(report: StoredReport, user) -> None:
    """Audit that ``user`` downloaded ``report`` (the file itself is served by the view)."""
    with transaction.atomic():
        audit.record("report_downloaded", actor=user, gemeente=report.gemeente, obj=report, format=report.format,
                     period=report.period_label, sha256=report.sha256)


def request_report(run: AnalysisRun, *, fmt: str, user=None, period: int | None = None,
                   areas: list[str] | None = None, audience: str = Audience.RAAD) -> ReportJob:
    """Queue the report of ``run`` for the task worker (:func:`veiligheidsbeeld.reports.tasks.report_task`);
    the web request returns at once and the job page shows the progress (issue 15). ``period`` (a calendar year
    of the run), ``areas`` (wijk codes) and ``audience`` are the options of issue 20; the ``intern`` audience
    needs the small-count right on the gemeente."""
    from .tasks import report_task

    if fmt not in ReportFormat.values:
        raise ReportError("unknown format {!r}; valid: {}".format(fmt, ", ".join(ReportFormat.values)))
    audience_policy(audience)  # refuses an unknown audience
    if audience == Audience.INTERN and not (user and user.has_perm("accounts.view_small_counts", run.gemeente)):
        raise ReportError("an internal report needs the small-count right on {}".format(run.gemeente.code))
    parameters = {"period": period, "areas": list(areas or []), "audience": audience}
    with transaction.atomic():
        job = ReportJob.objects.create(
            gemeente=run.gemeente, run=run, format=fmt, parameters=parameters,
            requested_by=user if getattr(user, "is_authenticated", False) else None,
            stage=gettext_noop("Waiting for the task worker"),
        )
        audit.record("report_requested", actor=user, gemeente=run.gemeente, obj=job, format=fmt, run=run.pk,
                     **parameters)
    report_task.enqueue(job.pk)  # after the commit: a worker on another connection must see the job
    return job


def run_report_job(job_id: int) -> ReportJob:
    """Make the report of a queued job, recording progress, the stored report or the error on the job."""
    from django.utils import timezone

    job = ReportJob.objects.select_related("gemeente", "run", "requested_by").get(pk=job_id)

    def progress(percent, stage, **fields):
        ReportJob.objects.filter(pk=job.pk).update(progress=percent, stage=stage, **fields)

    progress(5, gettext_noop("Collecting the figures"), status=JobStatus.RUNNING)
    try:
        if job.run is None:
            raise ReportError("the analysis run of this job no longer exists")
        options = job.parameters or {}
        report = generate_report(resolve_figures(run=job.run, period=options.get("period")), fmt=job.format,
                                 user=job.requested_by, progress=progress, areas=options.get("areas") or None,
                                 audience=options.get("audience") or Audience.RAAD)
    except Exception as error:
        progress(job.progress, gettext_noop("Failed"), status=JobStatus.FAILED, error=str(error)[:2000],
                 finished=timezone.now())
        if not isinstance(error, ReportError):
            raise
    else:
        progress(100, gettext_noop("Done"), status=JobStatus.DONE, report=report, finished=timezone.now())
    job.refresh_from_db()
    return job
