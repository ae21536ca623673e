"""Camera surveillance designations (art. 151c Gemeentewet): metadata only, never images."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.areas.models import Area
from veiligheidsbeeld.core.models import GemeenteScoped

from ..choices import CameraMode

__all__ = ["CameraDesignation", "CameraUsePeriod"]


class CameraDesignation(GemeenteScoped):
    """The burgemeester's designation of an area for camera surveillance, for a set duration.

    The police carry out the surveillance; images fall under the Wpg and never enter this system.
    """

    title = models.CharField(_("title"), max_length=200)
    area = models.JSONField(_("area (GeoJSON polygon, WGS84)"))
    wijk = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("wijk")
    )
    mode = models.CharField(_("fixed or flexible"), max_length=10, choices=CameraMode.choices)
    decided_on = models.DateField(_("designated on"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    reason = models.TextField(_("reason"), blank=True)
    evaluation_due = models.DateField(_("evaluation due"))
    evaluated_on = models.DateField(_("evaluated on"), null=True, blank=True)
    evaluation = models.TextField(_("evaluation"), blank=True)

    class Meta:
        ordering = ["valid_from", "pk"]
        verbose_name = _("camera designation")
        verbose_name_plural = _("camera designations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")),
                name="%(app_label)s_%(class)s_valid_until_after_from",
                violation_error_message=_("A designation ends on or after its first day."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class CameraUsePeriod(models.Model):
    """A period of actual use within a designation, set after consulting the officier van justitie."""

    designation = models.ForeignKey(
        CameraDesignation, on_delete=models.CASCADE, related_name="periods", verbose_name=_("designation")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    ovj_consulted_on = models.DateField(_("officier van justitie consulted on"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("period of camera use")
        verbose_name_plural = _("periods of camera use")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="%(app_label)s_%(class)s_ends_after_start",
                violation_error_message=_("A period of use ends after it starts."),
            )
        ]

    def __str__(self) -> str:
        return "{} {}".format(self.designation, self.starts_at.date().isoformat())
