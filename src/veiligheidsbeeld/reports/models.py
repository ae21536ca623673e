"""Generated reports, stored with the analysis run (or yearly figures) they were made from."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.analyses.models import AnalysisRun
from veiligheidsbeeld.core.models import GemeenteScoped

__all__ = ["Audience", "JobStatus", "ReportFormat", "ReportJob", "StoredReport", "report_audience", "report_storage"]


class ReportFormat(models.TextChoices):
    HTML = "html", "HTML"
    PDF = "pdf", "PDF"


class Audience(models.TextChoices):
    """Who a report is for (issue 20). ``raad``: the public disclosure rules (counts below the threshold hidden),
    for the raad, the driehoek and publication. ``intern``: every count, for readers with the small-count right only."""

    RAAD = "raad", _("Raad and public (public disclosure rules)")
    INTERN = "intern", _("Internal (all counts; only for readers with the small-count right)")


def report_storage() -> FileSystemStorage:
    """Reports live in ``settings.REPORTS_ROOT/veiligheidsbeeld`` (read at call time, so tests can move it)."""
    return FileSystemStorage(location=settings.REPORTS_ROOT / "veiligheidsbeeld")


class StoredReport(GemeenteScoped):
    """One generated Veiligheidsbeeld document: its file, format, period and the data it was made from.

    ``run`` is empty for a report made from yearly figures only (a source such as 47018NED publishes no months);
    ``data_hash`` then identifies those figures. ``sha256`` is the hash of the stored file.
    """

    run = models.ForeignKey(
        AnalysisRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports",
        verbose_name=_("analysis run"),
    )
    format = models.CharField(_("format"), max_length=4, choices=ReportFormat.choices)
    period_label = models.CharField(_("period"), max_length=60)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    data_hash = models.CharField(_("input data hash (SHA-256)"), max_length=64)
    file = models.FileField(_("file"), storage=report_storage, upload_to="%Y/")
    sha256 = models.CharField(_("file hash (SHA-256)"), max_length=64)
    created = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("created by")
    )

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("stored report")
        verbose_name_plural = _("stored reports")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(format__in=ReportFormat.values),
                name="%(app_label)s_%(class)s_known_format",
                violation_error_message=_("A report is HTML or PDF."),
            )
        ]

    def __str__(self) -> str:
        return "{} {} ({})".format(self.gemeente.code, self.period_label, self.format)


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ReportJob(GemeenteScoped):
    """A report asked for on the web page and made by the task worker, with its progress (issue 15)."""

    run = models.ForeignKey(
        AnalysisRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("analysis run")
    )
    format = models.CharField(_("format"), max_length=4, choices=ReportFormat.choices)
    status = models.CharField(_("status"), max_length=8, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    stage = models.CharField(_("stage"), max_length=120, blank=True)
    error = models.TextField(_("error"), blank=True)
    report = models.ForeignKey(
        StoredReport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("report")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("requested by"),
    )
    created = models.DateTimeField(_("created at"), auto_now_add=True)
    finished = models.DateTimeField(_("finished at"), null=True, blank=True)
    #: The options asked for (issue 20): ``period`` (a year or None), ``areas`` (wijk codes), ``audience``.
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")

    def __str__(self) -> str:
        return "{} {} {}%".format(self.gemeente_id, self.status, self.progress)

    @property
    def audience(self) -> str:
        return self.parameters.get("audience", Audience.RAAD)

    @property
    def finished_or_failed(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)


def report_audience(report: StoredReport) -> str:
    """The audience of a stored report; reports from before issue 20 were all made under the public rules."""
    return (report.parameters or {}).get("audience", Audience.RAAD)
