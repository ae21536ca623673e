"""Registrations (partner data in canonical form), their import batches, and the cube kept on write."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.areas.models import Area
from veiligheidsbeeld.core.models import GemeenteScoped, Organisation
from veiligheidsbeeld.frameworks.models import Theme

__all__ = ["Kind", "Precision", "Confidentiality", "ImportBatch", "Registration", "CubeCell"]


class Kind(models.TextChoices):
    INCIDENT = "incident", _("incident")
    MELDING = "melding", _("report (melding)")
    SIGNAAL = "signaal", _("signal")
    AGGREGATE = "aggregate", _("aggregate count")


class Precision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    QUARTER = "quarter", _("quarter")
    YEAR = "year", _("year")


class Confidentiality(models.TextChoices):
    OPENBAAR = "openbaar", _("public")
    INTERN = "intern", _("internal")
    VERTROUWELIJK = "vertrouwelijk", _("confidential")
    PERSOONSGEGEVENS = "persoonsgegevens", _("personal data")


class ImportBatch(GemeenteScoped):
    """One import of one file (or API call): what came in, from whom, and what became of each row."""

    source_system = models.CharField(_("source system"), max_length=40)
    importer = models.CharField(_("importer"), max_length=40)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("source organisation")
    )
    file_name = models.CharField(_("file name"), max_length=300)
    content_hash = models.CharField(_("content hash (SHA-256)"), max_length=64, db_index=True)
    mapping = models.JSONField(_("mapping"), default=dict, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("user")
    )
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    accepted = models.PositiveIntegerField(_("accepted"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    duplicates = models.PositiveIntegerField(_("duplicates"), default=0)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("superseded by")
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self) -> str:
        return "{} {} ({})".format(self.importer, self.file_name, self.created_at)


class Registration(GemeenteScoped):
    """A registration in canonical form. Locations are generalised to an area; no street or house number."""

    batch = models.ForeignKey(
        ImportBatch, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("import batch")
    )
    source_system = models.CharField(_("source system"), max_length=40)
    source_ref = models.CharField(_("source reference"), max_length=120, help_text=_("The deduplication key."))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, verbose_name=_("theme"))
    category_code = models.CharField(_("source category code"), max_length=20)
    category_label = models.CharField(_("source category label"), max_length=300, blank=True)
    period_start = models.DateField(_("period start"))
    precision = models.CharField(_("period precision"), max_length=8, choices=Precision.choices)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, verbose_name=_("area"))
    count = models.PositiveIntegerField(_("count"), default=1)
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)
    confidentiality = models.CharField(
        _("confidentiality"), max_length=20, choices=Confidentiality.choices, default=Confidentiality.INTERN
    )

    class Meta:
        ordering = ["period_start"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "source_system", "source_ref"],
                name="%(app_label)s_%(class)s_unique_source_ref",
                violation_error_message=_("This source reference was registered already."),
            )
        ]
        indexes = [models.Index(fields=["gemeente", "theme", "period_start"], name="registrations_gem_theme_pe")]

    def __str__(self) -> str:
        return "{}:{}".format(self.source_system, self.source_ref)


class CubeCell(GemeenteScoped):
    """Count per area x theme x source category x period, kept up to date by every import.

    Monthly registrations (and incidents, counted into their month) have precision ``month``; a source that
    publishes only yearly or quarterly figures (47018NED) keeps its own precision: the cube never invents a
    monthly split.
    """

    area = models.ForeignKey(Area, on_delete=models.CASCADE, verbose_name=_("area"))
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, verbose_name=_("theme"))
    source_system = models.CharField(_("source system"), max_length=40)
    category_code = models.CharField(_("source category code"), max_length=20)
    period_start = models.DateField(_("period start"), help_text=_("First day of the month, quarter or year."))
    precision = models.CharField(_("period precision"), max_length=8, choices=Precision.choices)
    count = models.PositiveIntegerField(_("count"))

    class Meta:
        ordering = ["period_start"]
        verbose_name = _("cube cell")
        verbose_name_plural = _("cube cells")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "theme", "source_system", "category_code", "precision", "period_start"],
                name="%(app_label)s_%(class)s_unique_cell",
                violation_error_message=_("This cube cell exists already."),
            )
        ]
        indexes = [models.Index(fields=["gemeente", "precision", "theme", "period_start"], name="registrations_cube_gem_theme")]

    def __str__(self) -> str:
        return "{} {} {}: {}".format(self.area_id, self.theme_id, self.period_start, self.count)
