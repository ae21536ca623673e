"""Registrations (partner data in canonical form), their import batches, and the cube kept on write."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.base import ModelState
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.areas.models import Area
from veiligheidsbeeld.core.models import Gemeente, GemeenteScoped, Organisation
from veiligheidsbeeld.frameworks.models import Theme

__all__ = [
    "Kind",
    "Precision",
    "Confidentiality",
    "BatchStatus",
    "BatchScope",
    "RejectionStatus",
    "ImportBatch",
    "Registration",
    "RejectedRow",
    "PerceptionResult",
    "SuspectCount",
    "CubeCell",
]


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


class BatchStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    SUPERSEDED = "superseded", _("superseded")


class BatchScope(models.TextChoices):
    GEMEENTE = "gemeente", _("one gemeente")
    ALL = "all", _("every registered gemeente")


class RejectionStatus(models.TextChoices):
    OPEN = "open", _("open")
    RESUBMITTED = "resubmitted", _("corrected and resubmitted")
    SUPERSEDED = "superseded", _("superseded")


class ImportBatch(GemeenteScoped):
    """One import of one file (or API call): what came in, from whom, and what became of each row.

    An import runs for one gemeente (``scope`` ``gemeente``: ``gemeente`` is that gemeente, which alone receives
    rows) or over every registered gemeente (``scope`` ``all``, from the command line: rows are distributed to the
    gemeente of their area). A batch of scope ``all`` whose rows all landed in one gemeente carries that gemeente;
    one that spans several gemeenten, or only areas above the gemeente (Nederland, provincies), has none
    (ADR 0012). ``by_gemeente`` holds per gemeente code the accepted rows and their count; ``out_of_scope`` per
    gemeente code the rows of areas outside the scope, which are counted, not kept row by row.
    """

    gemeente = models.ForeignKey(
        Gemeente, null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("gemeente"),
        help_text=_("Empty for an import spread over several gemeenten or above the gemeente."),
    )
    scope = models.CharField(_("scope"), max_length=10, choices=BatchScope.choices, default=BatchScope.GEMEENTE)

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
    total_count = models.PositiveBigIntegerField(
        _("total count"), default=0, help_text=_("Sum of the counts of leaf categories (a source's own total "
                                                 "excluded).")
    )
    source_total = models.PositiveBigIntegerField(
        _("source total"), default=0, help_text=_("Sum of the source's own totals (e.g. 'Totaal misdrijven').")
    )
    by_gemeente = models.JSONField(
        _("accepted per gemeente"), default=dict, blank=True,
        help_text=_("{gemeente code: {accepted, total_count}}; areas above the gemeente under their own code."),
    )
    out_of_scope = models.JSONField(
        _("rows out of scope per gemeente"), default=dict, blank=True,
        help_text=_("{gemeente code: rows}: rows of areas outside the import's scope or not registered."),
    )
    rejected_reasons = models.JSONField(_("rejected rows per reason"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=BatchStatus.choices, default=BatchStatus.ACTIVE)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("superseded by")
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self) -> str:
        return "{} {} ({})".format(self.importer, self.file_name, self.created_at)


class Registration(GemeenteScoped):
    """A registration in canonical form. Locations are generalised to an area; no street or house number.

    ``gemeente`` is the gemeente of the area; it is empty exactly for areas above the gemeente (Nederland,
    provincies, regionale eenheden), whose source references are unique on their own. ``estimated`` marks counts
    allocated to an area by address share (events on a PC4), never added to exact counts.

    One index only: the unique source reference (gemeente first), which deduplicates imports and serves the
    lookups by gemeente. Every further index costs an import of a million rows seconds of B-tree upkeep in
    random key order (measured in ``benchmarks/results/import-bvh.md``). Analysis and dashboards read the cube;
    the registrations browser scans in the unique index's order, which measured faster on a million rows than
    the (gemeente, theme, period) index this model had until migration 0005.
    """

    gemeente = models.ForeignKey(
        Gemeente, null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("gemeente"), db_index=False,
        help_text=_("Empty exactly for areas above the gemeente."),
    )

    batch = models.ForeignKey(
        ImportBatch, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("import batch"),
        db_index=False,
    )
    source_system = models.CharField(_("source system"), max_length=40)
    source_ref = models.CharField(_("source reference"), max_length=120, help_text=_("The deduplication key."))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, verbose_name=_("theme"), db_index=False)
    category_code = models.CharField(_("source category code"), max_length=60)
    category_label = models.CharField(_("source category label"), max_length=300, blank=True)
    period_start = models.DateField(_("period start"))
    precision = models.CharField(_("period precision"), max_length=8, choices=Precision.choices)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, verbose_name=_("area"), db_index=False)
    count = models.PositiveIntegerField(_("count"), default=1)
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)
    confidentiality = models.CharField(
        _("confidentiality"), max_length=20, choices=Confidentiality.choices, default=Confidentiality.INTERN
    )
    estimated = models.BooleanField(
        _("estimated"), default=False, help_text=_("Allocated to the area by address share (PC4), not exact.")
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
            ),
            models.UniqueConstraint(
                fields=["source_system", "source_ref"],
                condition=Q(gemeente__isnull=True),
                name="%(app_label)s_%(class)s_unique_source_ref_supra",
                violation_error_message=_("This source reference was registered already."),
            ),
        ]

    def __str__(self) -> str:
        return "{}:{}".format(self.source_system, self.source_ref)

    @classmethod
    def unsaved(cls, **values) -> Registration:
        """An unsaved registration from field attnames (``area_id``, ``theme_id``, ...), built without the
        per-field descriptor work of ``Model.__init__``: importers create millions of them."""
        registration = cls.__new__(cls)
        registration.__dict__.update(
            id=None, batch_id=None, gemeente_id=None, category_label="", count=1, attributes={},
            confidentiality=Confidentiality.INTERN, estimated=False,
        )
        registration.__dict__.update(values)
        registration._state = ModelState()
        return registration


class RejectedRow(GemeenteScoped):
    """A row of an import that could not be accepted, kept with its reasons until it is corrected (quarantine).

    ``gemeente`` is the batch's (empty for a batch spread over several gemeenten).

    ``raw`` is the row as read, with address fields generalised or removed by the importer (street and house
    number are never stored; a postcode is cut to its four digits, RD coordinates to a 100 m grid cell).
    """

    gemeente = models.ForeignKey(
        Gemeente, null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("gemeente")
    )
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.CASCADE, related_name="rejected_rows", verbose_name=_("import batch")
    )
    row_number = models.PositiveIntegerField(_("row number"), help_text=_("Line or sheet row where the row starts."))
    raw = models.JSONField(_("original content"), default=dict)
    reasons = models.JSONField(_("reasons"), default=list, help_text=_("List of {code, message}."))
    status = models.CharField(
        _("status"), max_length=12, choices=RejectionStatus.choices, default=RejectionStatus.OPEN
    )
    registration = models.ForeignKey(
        Registration, null=True, blank=True, on_delete=models.SET_NULL, related_name="corrections",
        verbose_name=_("resulting registration"),
    )

    class Meta:
        ordering = ["batch", "row_number"]
        verbose_name = _("rejected row")
        verbose_name_plural = _("rejected rows")
        indexes = [models.Index(fields=["gemeente", "status"], name="registrations_rejected_status")]

    def __str__(self) -> str:
        return "{} row {}".format(self.batch_id, self.row_number)


class PerceptionResult(GemeenteScoped):
    """A survey result (Veiligheidsmonitor style): an indicator for an area or region in a period.

    Percentages and marks are not counts: they live here, never in the cube. ``area`` is set when the region is
    in the area register; otherwise ``region`` names it as the source does (e.g. a province). ``group`` is the
    population group of a breakdown by person (``Leeftijd: 15 tot 25 jaar`` in 85846NED; empty: everyone the
    survey covers). ``margin`` is a symmetric 95 % margin (value +- margin); ``lower`` and ``upper`` the bounds of
    the 95 % interval where the source publishes them (StatLine ``Marges``: ``Ondergrens/Bovengrens
    95%-interval``, not symmetric for small shares).
    """

    batch = models.ForeignKey(
        ImportBatch, on_delete=models.CASCADE, related_name="perception_results", verbose_name=_("import batch")
    )
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("area"))
    region = models.CharField(_("region"), max_length=200, help_text=_("The region as the source names it."))
    indicator = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    period_start = models.DateField(_("period start"))
    precision = models.CharField(_("period precision"), max_length=8, choices=Precision.choices)
    value = models.FloatField(_("value"))
    margin = models.FloatField(_("margin (95 %)"), null=True, blank=True)
    group = models.CharField(
        _("population group"), max_length=120, blank=True, default="",
        help_text=_("The group of a breakdown by person (e.g. an age band); empty: everyone the survey covers."),
    )
    lower = models.FloatField(_("lower bound (95 %)"), null=True, blank=True)
    upper = models.FloatField(_("upper bound (95 %)"), null=True, blank=True)

    class Meta:
        ordering = ["indicator", "region", "group", "period_start"]
        verbose_name = _("perception result")
        verbose_name_plural = _("perception results")
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "region", "group", "indicator", "unit", "precision", "period_start"],
                name="%(app_label)s_%(class)s_unique_result",
                violation_error_message=_("This survey result was imported already."),
            )
        ]

    def __str__(self) -> str:
        return "{} {} {}: {}".format(self.indicator, self.region, self.period_start, self.value)


class SuspectCount(GemeenteScoped):
    """Registered suspects (persons) by age class x offence x year x region: CBS 85655NED and police/OM tables.

    A person count of its own, never a registration and never in the cube: a suspect of two offences counts
    once per offence, so offences do not add up to the total of suspects, and persons are not incidents.
    ``age_from`` and ``age_to`` are the ages the class covers (``12 tot 18 jaar``: 12 and 17; ``Totaal`` and
    ``Onbekend``: both empty). ``sex`` is empty for men and women together. ``area`` is set when the region is in the area register;
    ``region`` names it as the source does.
    """

    batch = models.ForeignKey(
        ImportBatch, on_delete=models.CASCADE, related_name="suspect_counts", verbose_name=_("import batch")
    )
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("area"))
    region = models.CharField(_("region"), max_length=200, help_text=_("The region as the source names it."))
    age_class = models.CharField(_("age class"), max_length=60)
    age_from = models.PositiveSmallIntegerField(_("from age"), null=True, blank=True)
    age_to = models.PositiveSmallIntegerField(_("to age (inclusive)"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=40, blank=True, default="")
    offence = models.CharField(_("offence"), max_length=200)
    period_start = models.DateField(_("period start"))
    precision = models.CharField(_("period precision"), max_length=8, choices=Precision.choices)
    count = models.PositiveIntegerField(_("number of suspects"))

    class Meta:
        ordering = ["offence", "region", "age_from", "period_start"]
        verbose_name = _("suspect count")
        verbose_name_plural = _("suspect counts")
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "region", "age_class", "sex", "offence", "precision", "period_start"],
                name="%(app_label)s_%(class)s_unique_count",
                violation_error_message=_("This suspect count was imported already."),
            )
        ]

    @property
    def is_total_age(self) -> bool:
        """The row of all ages together (``Totaal``), not an age class."""
        return self.age_class.strip().lower().startswith("totaal")

    def __str__(self) -> str:
        return "{} {} {} {}: {}".format(self.offence, self.region, self.age_class, self.period_start, self.count)


class CubeCell(GemeenteScoped):
    """Count per area x theme x source category x period, kept up to date by every import.

    Monthly registrations (and incidents, counted into their month) have precision ``month``; a source that
    publishes only yearly or quarterly figures (47018NED) keeps its own precision: the cube never invents a
    monthly split. ``gemeente`` is the area's (empty exactly above the gemeente). ``estimated`` cells hold counts
    allocated by address share (PC4 events); exact and estimated counts are separate cells, never summed.
    """

    gemeente = models.ForeignKey(
        Gemeente, null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("gemeente"),
        help_text=_("Empty exactly for areas above the gemeente."),
    )
    area = models.ForeignKey(Area, on_delete=models.CASCADE, verbose_name=_("area"))
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, verbose_name=_("theme"))
    source_system = models.CharField(_("source system"), max_length=40)
    category_code = models.CharField(_("source category code"), max_length=60)
    period_start = models.DateField(_("period start"), help_text=_("First day of the month, quarter or year."))
    precision = models.CharField(_("period precision"), max_length=8, choices=Precision.choices)
    count = models.PositiveIntegerField(_("count"))
    estimated = models.BooleanField(
        _("estimated"), default=False, help_text=_("Allocated by address share (PC4), not an exact count.")
    )

    class Meta:
        ordering = ["period_start"]
        verbose_name = _("cube cell")
        verbose_name_plural = _("cube cells")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "theme", "source_system", "category_code", "precision", "period_start", "estimated"],
                name="%(app_label)s_%(class)s_unique_cell",
                violation_error_message=_("This cube cell exists already."),
            )
        ]
        indexes = [models.Index(fields=["gemeente", "precision", "theme", "period_start"], name="registrations_cube_gem_theme")]

    def __str__(self) -> str:
        return "{} {} {}: {}".format(self.area_id, self.theme_id, self.period_start, self.count)
