"""KPIs of the programme: bound to an analysis indicator, or with manually recorded values."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.areas.models import Area, AreaGroup
from veiligheidsbeeld.core.models import GemeenteScoped
from veiligheidsbeeld.frameworks.models import Theme

from ..choices import Direction, KpiKind
from .measures import Measure, Programme

__all__ = ["INDICATOR_MEASURES", "Kpi", "KpiValue"]

#: the indicator measures a KPI can follow (see veiligheidsbeeld.analyses.indicators.MEASURES)
INDICATOR_MEASURES = [
    ("rate", _("registrations per 1,000 inhabitants per year")),
    ("count", _("registrations in 12 months")),
    ("change", _("change versus a year earlier (%)")),
]


class Kpi(GemeenteScoped):
    """A key performance indicator of a priority (and optionally of one measure).

    An indicator KPI reads its current value from the newest analysis run (12 months up to the run's last
    month) for its area or area group, theme and measure; a manual KPI takes its newest :class:`KpiValue`.
    Progress runs from ``baseline`` on ``baseline_date`` to ``target`` on ``deadline``.
    """

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="kpis", verbose_name=_("programme"))
    priority_code = models.SlugField(_("priority"), max_length=60)
    measure = models.ForeignKey(
        Measure, null=True, blank=True, on_delete=models.CASCADE, related_name="kpis", verbose_name=_("measure")
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=KpiKind.choices)
    area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("area"),
        help_text=_("Matched by CBS code in the run's indeling year."),
    )
    area_group = models.ForeignKey(AreaGroup, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("area group"))
    theme = models.ForeignKey(Theme, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("theme"))
    indicator_measure = models.CharField(
        _("indicator measure"), max_length=10, choices=INDICATOR_MEASURES, blank=True
    )
    module_indicator = models.CharField(
        _("module indicator"), max_length=60, blank=True,
        help_text=_("The key of a domain module's indicator (e.g. cases.topx_size) for a module KPI."),
    )
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    baseline = models.FloatField(_("baseline"))
    baseline_date = models.DateField(_("baseline date"))
    target = models.FloatField(_("target"))
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    deadline = models.DateField(_("deadline"))

    class Meta:
        ordering = ["programme", "priority_code", "title"]
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind=KpiKind.INDICATOR, module_indicator="") & Q(theme__isnull=False) & ~Q(indicator_measure="")
                    & (Q(area__isnull=False, area_group__isnull=True) | Q(area__isnull=True, area_group__isnull=False))
                )
                | Q(kind=KpiKind.MANUAL, area__isnull=True, area_group__isnull=True, theme__isnull=True, indicator_measure="",
                    module_indicator="")
                | (Q(kind=KpiKind.MODULE, area__isnull=True, area_group__isnull=True, theme__isnull=True,
                     indicator_measure="") & ~Q(module_indicator="")),
                name="%(app_label)s_%(class)s_kind_fields",
                violation_error_message=_(
                    "An indicator KPI needs a theme, a measure and an area or area group; a module KPI the key of a "
                    "module indicator; a manual KPI none of these."
                ),
            ),
            models.CheckConstraint(
                condition=Q(deadline__gt=models.F("baseline_date")),
                name="%(app_label)s_%(class)s_deadline_after_baseline",
                violation_error_message=_("The deadline must come after the baseline date."),
            ),
            models.CheckConstraint(
                condition=Q(direction=Direction.DECREASE, target__lt=models.F("baseline"))
                | Q(direction=Direction.INCREASE, target__gt=models.F("baseline")),
                name="%(app_label)s_%(class)s_target_in_direction",
                violation_error_message=_("The target must lie beyond the baseline in the KPI's direction."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class KpiValue(models.Model):
    """A periodic value of a manual KPI with its evidence."""

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="values", verbose_name=_("KPI"))
    date = models.DateField(_("date"))
    value = models.FloatField(_("value"))
    evidence = models.TextField(_("evidence"), help_text=_("Source or document the value comes from."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["kpi", "date"]
        verbose_name = _("KPI value")
        verbose_name_plural = _("KPI values")
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "date"],
                name="%(app_label)s_%(class)s_unique_date",
                violation_error_message=_("This KPI has a value for this date already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.kpi} {self.date}: {self.value}"
