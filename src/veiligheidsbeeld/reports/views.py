"""Report pages: the stored reports of the user's gemeenten, generating one, and downloading a file."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from veiligheidsbeeld.accounts.services import gemeenten_for
from veiligheidsbeeld.analyses.queries import latest_run

from .forms import GenerateReportForm
from .models import Audience, ReportJob, StoredReport, report_audience
from .services import ReportError, record_download, request_report

__all__ = ["download", "generate", "job", "report_list"]


def _readable_gemeenten(user) -> list:
    if not user.has_perm("reports.access_reports"):
        raise PermissionDenied(_("Your role has no access to reports."))
    return [g for g in gemeenten_for(user) if user.has_perm("reports.view_report", g)]


def _form(user, data=None) -> GenerateReportForm | None:
    gemeenten = [g for g in gemeenten_for(user) if user.has_perm("reports.generate_report", g)]
    if not gemeenten:
        return None
    return GenerateReportForm(data, gemeenten=gemeenten, runs={g.code: latest_run(g) for g in gemeenten},
                              small_counts=[g for g in gemeenten if user.has_perm("accounts.view_small_counts", g)])


def _may_read(user, report: StoredReport) -> bool:
    """An internal report (every count) is for readers with the small-count right on its gemeente (issue 20)."""
    return report_audience(report) != Audience.INTERN or user.has_perm("accounts.view_small_counts", report.gemeente)


def _page(request, form):
    gemeenten = _readable_gemeenten(request.user)
    stored = StoredReport.objects.filter(gemeente__in=gemeenten).select_related("gemeente", "run", "created_by")
    reports = [r for r in stored if _may_read(request.user, r)]
    return render(request, "reports/reports.html", {"reports": reports, "form": form,
                                                     "gemeenten": gemeenten})


@login_required
@require_GET
def report_list(request):
    """Stored reports of the user's gemeenten, newest first, with the generate form for roles that may."""
    return _page(request, _form(request.user))


@login_required
@require_POST
def generate(request):
    """Queue a report of the newest run of the chosen gemeente for the task worker; show its progress."""
    _readable_gemeenten(request.user)
    form = _form(request.user, request.POST)
    if form is None:
        raise PermissionDenied(_("Your role may not generate reports."))
    if form.is_valid():
        gemeente = form.cleaned_data["gemeente"]
        run = latest_run(gemeente)
        if run is None:
            form.add_error("gemeente", _("{name} has no finished analysis run yet.").format(name=gemeente.name))
        else:
            try:
                data = form.cleaned_data
                job = request_report(run, fmt=data["format"], user=request.user, period=data["period"],
                                     areas=data["wijken"], audience=data["audience"])
            except ReportError as error:
                form.add_error(None, str(error))
            else:
                return redirect("reports:job", pk=job.pk)
    return _page(request, form)


@login_required
@require_GET
def job(request, pk: int):
    """The progress of a queued report (the page polls itself with htmx until the job is done; without
    JavaScript its refresh link does the same)."""
    found = get_object_or_404(ReportJob.objects.select_related("gemeente", "report"), pk=pk,
                              gemeente__in=gemeenten_for(request.user))
    if not request.user.has_perm("reports.generate_report", found.gemeente):
        raise PermissionDenied(_("Your role may not generate reports."))
    return render(request, "reports/job.html", {"job": found, "stages": _stages(found)})


#: The steps of a report job, with the percentage at which each starts (set by services.run_report_job).
_STEPS = [(0, "Waiting for the task worker"), (5, "Collecting the figures"),
          (20, "Computing the figures and the chapters"), (55, "Writing the document"), (70, "Making the PDF"),
          (90, "Storing the file")]


def _stages(job) -> list[dict]:
    """Each step as done / current / to come, for the progress list of the job page."""
    steps = [(p, s) for p, s in _STEPS if job.format == "pdf" or s != "Making the PDF"]
    result = []
    for i, (start, stage) in enumerate(steps):
        end = steps[i + 1][0] if i + 1 < len(steps) else 100
        if job.status == "done" or job.progress >= end:
            state = "done"
        elif job.progress >= start and job.status != "failed":
            state = "current"
        else:
            state = "todo"
        result.append({"label": _(stage), "state": state})
    return result


@login_required
@require_GET
def download(request, pk: int):
    """The stored file as an attachment, for users who may view the report's gemeente; audited."""
    report = get_object_or_404(StoredReport.objects.select_related("gemeente"), pk=pk,
                               gemeente__in=gemeenten_for(request.user))
    if not request.user.has_perm("reports.view_report", report):
        raise PermissionDenied(_("Your role has no access to reports."))
    if not _may_read(request.user, report):
        raise PermissionDenied(_("This internal report shows small counts, which your role may not see."))
    try:
        handle = report.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The file of this report is no longer stored.")) from None
    record_download(report, request.user)
    return FileResponse(handle, as_attachment=True, filename=Path(report.file.name).name,
                        content_type="application/pdf" if report.format == "pdf" else "text/html; charset=utf-8")
