"""Events (evenementen): melding or vergunning, risk class A/B/C after the HEV 2018, advices, decision."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.areas.models import Area
from veiligheidsbeeld.core.models import GemeenteScoped

from ..choices import EventDecision, EventKind, RiskClass

__all__ = ["Event"]


class Event(GemeenteScoped):
    """An event application (Handreiking Evenementenveiligheid 2018, 8 steps from application to evaluation).

    The organiser is an organisation (no person data). ``risk_class`` is step 3 of the HEV; classes B and C need
    a safety plan before a permit is granted.
    """

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    organiser = models.CharField(_("organising organisation"), max_length=200, blank=True)
    received_on = models.DateField(_("application received on"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(_("location"), max_length=200)
    geometry = models.JSONField(_("site (GeoJSON, WGS84)"), null=True, blank=True)
    wijk = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("wijk")
    )
    visitors = models.PositiveIntegerField(_("expected visitors"))
    activity_profile = models.TextField(_("activity profile"), blank=True)
    audience_profile = models.TextField(_("audience profile"), blank=True)
    spatial_profile = models.TextField(_("spatial profile"), blank=True)
    organisation_profile = models.TextField(_("organisation profile"), blank=True)
    risk_class = models.CharField(_("risk class"), max_length=1, choices=RiskClass.choices, blank=True)
    advice_police = models.TextField(_("advice of the police"), blank=True)
    advice_fire = models.TextField(_("advice of the fire service"), blank=True)
    advice_ghor = models.TextField(_("advice of the GHOR"), blank=True)
    safety_plan_received_on = models.DateField(_("safety plan received on"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=20, choices=EventDecision.choices, blank=True, default="")
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    incidents = models.PositiveIntegerField(_("incidents"), null=True, blank=True)
    evaluation = models.TextField(_("evaluation"), blank=True)
    evaluated_on = models.DateField(_("evaluated on"), null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="%(app_label)s_%(class)s_ends_after_start",
                violation_error_message=_("An event ends after it starts."),
            ),
            models.CheckConstraint(
                condition=~models.Q(decision="granted", risk_class__in=["B", "C"], safety_plan_received_on=None),
                name="%(app_label)s_%(class)s_safety_plan_for_b_and_c",
                violation_error_message=_("A class B or C event needs a safety plan before the permit is granted."),
            ),
        ]

    def __str__(self) -> str:
        return "{} ({})".format(self.name, self.starts_at.date().isoformat())
