"""Operations such as Oud & Nieuw: a period with its areas (vuurwerkvrije zones per street or village) and measures,
whose registrations are compared year on year."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.areas.models import Area
from veiligheidsbeeld.core.models import GemeenteScoped
from veiligheidsbeeld.frameworks.models import Theme

from ..choices import OperationAreaKind, OperationKind

__all__ = ["Operation", "OperationArea"]


class Operation(GemeenteScoped):
    """A public-order operation over a period (the framework names Oud & Nieuw)."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OperationKind.choices)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    measures = models.TextField(_("measures"), blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="+", verbose_name=_("themes compared"))
    evaluation = models.TextField(_("evaluation"), blank=True)

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("operation")
        verbose_name_plural = _("operations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="%(app_label)s_%(class)s_ends_on_or_after_start",
                violation_error_message=_("An operation ends on or after its first day."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class OperationArea(models.Model):
    """An area of an operation: a vuurwerkvrije zone, an area with extra supervision, ... by streets or village."""

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="areas",
                                  verbose_name=_("operation"))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OperationAreaKind.choices)
    wijk = models.ForeignKey(Area, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name=_("wijk"))
    streets = models.TextField(_("streets or village"), blank=True)
    geometry = models.JSONField(_("area (GeoJSON, WGS84)"), null=True, blank=True)

    class Meta:
        ordering = ["operation", "name"]
        verbose_name = _("operation area")
        verbose_name_plural = _("operation areas")

    def __str__(self) -> str:
        return self.name
