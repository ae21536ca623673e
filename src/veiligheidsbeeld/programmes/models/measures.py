"""The programme of a framework and its measures (maatregelen) with their status history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.areas.models import Area, AreaGroup
from veiligheidsbeeld.core.models import GemeenteScoped, Organisation
from veiligheidsbeeld.frameworks.models import Theme

from ..choices import AreaScope, Intervention, Status

__all__ = ["Measure", "MeasureStatusChange", "Programme"]


class Programme(GemeenteScoped):
    """The uitvoeringsprogramma of a gemeente's framework (all versions of one framework slug)."""

    framework_slug = models.SlugField(_("framework"), max_length=80)
    title = models.CharField(_("title"), max_length=300)
    is_example = models.BooleanField(
        _("example"), default=False, help_text=_("Example programme: its budgets are example values.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["gemeente", "framework_slug"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "framework_slug"],
                name="%(app_label)s_%(class)s_unique_framework",
                violation_error_message=_("This framework has a programme already."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class Measure(GemeenteScoped):
    """A measure under a priority (by its code, so it survives new framework versions) and/or a theme."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="measures", verbose_name=_("programme")
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    priority_code = models.SlugField(_("priority"), max_length=60, blank=True)
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.PROTECT, related_name="measures", verbose_name=_("theme")
    )
    action = models.TextField(_("framework action"), blank=True, help_text=_("The framework action it carries out."))
    owner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="owned_measures", verbose_name=_("owner")
    )
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="partner_measures", verbose_name=_("partners")
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.GEPLAND)
    intervention = models.CharField(_("intervention type"), max_length=10, choices=Intervention.choices)
    scope = models.CharField(_("area scope"), max_length=12, choices=AreaScope.choices, default=AreaScope.GEMEENTE)
    area_group = models.ForeignKey(
        AreaGroup, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("area group")
    )
    wijk = models.ForeignKey(Area, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("wijk"))

    class Meta:
        ordering = ["programme", "priority_code", "title"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [
            models.CheckConstraint(
                condition=~Q(priority_code="") | Q(theme__isnull=False),
                name="%(app_label)s_%(class)s_priority_or_theme",
                violation_error_message=_("A measure belongs to a priority, a theme, or both."),
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="%(app_label)s_%(class)s_end_after_start",
                violation_error_message=_("The end date is before the start date."),
            ),
            models.CheckConstraint(
                condition=(Q(scope=AreaScope.GEMEENTE) & Q(area_group__isnull=True) & Q(wijk__isnull=True))
                | (Q(scope=AreaScope.AREA_GROUP) & Q(area_group__isnull=False) & Q(wijk__isnull=True))
                | (Q(scope=AreaScope.WIJK) & Q(area_group__isnull=True) & Q(wijk__isnull=False)),
                name="%(app_label)s_%(class)s_scope_matches_area",
                violation_error_message=_("The area scope needs exactly its area: none, an area group or a wijk."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def area_label(self) -> str:
        if self.scope == AreaScope.AREA_GROUP:
            return self.area_group.name
        if self.scope == AreaScope.WIJK:
            return self.wijk.name
        return str(AreaScope.GEMEENTE.label)


class MeasureStatusChange(models.Model):
    """One status change of a measure (append-only history; the first row is its creation)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="history", verbose_name=_("measure"))
    old_status = models.CharField(_("old status"), max_length=10, choices=Status.choices, blank=True)
    new_status = models.CharField(_("new status"), max_length=10, choices=Status.choices)
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("changed by")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["measure", "changed_at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return "{}: {} -> {}".format(self.measure, self.old_status or "-", self.new_status)
