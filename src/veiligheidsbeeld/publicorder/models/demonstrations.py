"""WOM kennisgevingen (notices of demonstrations, meetings and gatherings) and the burgemeester's decisions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.areas.models import Area
from veiligheidsbeeld.core.encryption import EncryptedTextField
from veiligheidsbeeld.core.models import GemeenteScoped

from ..choices import DecisionGround, DecisionKind, DemonstrationKind, DemonstrationStatus

__all__ = ["Demonstration", "DemonstrationDecision", "DemonstrationQuerySet"]


class DemonstrationQuerySet(models.QuerySet):
    def between(self, start, end):
        """Manifestations overlapping [start, end)."""
        return self.filter(starts_at__lt=end, ends_at__gt=start)

    def purge_due(self, cutoff):
        """Ended before ``cutoff`` and still holding organiser data."""
        return self.filter(ends_at__lt=cutoff, organiser_purged_at__isnull=True)


class Demonstration(GemeenteScoped):
    """A kennisgeving under the WOM: who organises, when and where, and whether it came on time.

    There is deliberately no field for the purpose or the opinions of the manifestation (WOM art. 4 lid 3,
    5 lid 3: the content is no ground for a decision). The organiser data reveal a political opinion (AVG art. 9):
    they are encrypted at rest and removed by retention after the event plus the objection period; what remains
    (kind, dates, place, numbers, timeliness, decisions) is statistics.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=DemonstrationKind.choices)
    received_at = models.DateTimeField(_("notice received at"))
    organiser_name = EncryptedTextField(_("organiser"), blank=True)
    organiser_contact = EncryptedTextField(_("organiser's contact details"), blank=True)
    leader_name = EncryptedTextField(_("actual leader (feitelijk leider)"), blank=True)
    organiser_purged_at = models.DateTimeField(_("organiser data removed at"), null=True, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place or starting point"), max_length=200)
    route = models.JSONField(
        _("place or route (GeoJSON, WGS84)"), null=True, blank=True,
        help_text=_("A Point, LineString or Polygon geometry drawn on the map."),
    )
    wijk = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("wijk")
    )
    expected_participants = models.PositiveIntegerField(_("expected number of participants"), null=True, blank=True)
    organiser_measures = models.TextField(_("organiser's own measures"), blank=True)
    notice_deadline = models.DateTimeField(_("notice deadline"))
    notice_hours = models.PositiveSmallIntegerField(_("notice term applied (hours)"))
    on_time = models.BooleanField(_("notice on time"))
    status = models.CharField(
        _("status"), max_length=20, choices=DemonstrationStatus.choices, default=DemonstrationStatus.RECEIVED
    )
    incidents = models.PositiveIntegerField(_("incidents"), null=True, blank=True)
    incident_notes = models.TextField(_("incidents (description)"), blank=True)
    evaluation = models.TextField(_("evaluation"), blank=True)
    evaluated_at = models.DateTimeField(_("evaluated at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("registered by"),
    )

    objects = DemonstrationQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("demonstration notice")
        verbose_name_plural = _("demonstration notices")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="%(app_label)s_%(class)s_ends_after_start",
                violation_error_message=_("A manifestation ends after it starts."),
            )
        ]

    def __str__(self) -> str:
        return "{} {} ({})".format(self.get_kind_display(), self.place, self.starts_at.date().isoformat())


class DemonstrationDecision(models.Model):
    """A decision of the burgemeester on a manifestation: before it (art. 5) or during it (art. 6, 7).

    Every kind needs a ground the law allows for it (:data:`veiligheidsbeeld.publicorder.workflow.ALLOWED_GROUNDS`);
    a ban without a ground is refused by the service and by a check constraint.
    """

    demonstration = models.ForeignKey(
        Demonstration, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("manifestation")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DecisionKind.choices)
    ground = models.CharField(_("ground"), max_length=20, choices=DecisionGround.choices)
    content = models.TextField(_("what was decided"))
    decided_at = models.DateTimeField(_("decided at"))
    made_known_at = models.DateTimeField(_("made known at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("registered by"),
    )

    class Meta:
        ordering = ["decided_at", "pk"]
        verbose_name = _("decision on a manifestation")
        verbose_name_plural = _("decisions on manifestations")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(ground=""),
                name="%(app_label)s_%(class)s_has_ground",
                violation_error_message=_("A decision on a manifestation needs its legal ground."),
            )
        ]

    def __str__(self) -> str:
        return "{}: {}".format(self.get_kind_display(), self.get_ground_display())
