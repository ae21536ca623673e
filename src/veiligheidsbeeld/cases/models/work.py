"""The work on a case: life-domain measurements, the plan's interventions, and case meetings."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.core.encryption import EncryptedTextField
from veiligheidsbeeld.core.models import Organisation

from ..choices import Instrument, InterventionKind, InterventionStatus, MeetingKind
from .cases import Case, Person

__all__ = ["AdHocParticipant", "Intervention", "Measurement", "Meeting"]


class Measurement(models.Model):
    """One measurement of the life domains (leefgebieden) of a person: domain names and scores only."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="measurements", verbose_name=_("case"))
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="measurements", verbose_name=_("person concerned")
    )
    instrument = models.CharField(_("instrument"), max_length=10, choices=Instrument.choices, default=Instrument.ZRM)
    measured_on = models.DateField(_("measured on"))
    scores = models.JSONField(_("scores"), default=dict, help_text=_("Domain name -> score (1-5)."))

    class Meta:
        ordering = ["case", "measured_on", "pk"]
        verbose_name = _("life-domain measurement")
        verbose_name_plural = _("life-domain measurements")

    def __str__(self) -> str:
        return "{} {}".format(self.instrument, self.measured_on)


class Intervention(models.Model):
    """An intervention of the plan van aanpak: the goal on one life domain, its kind, owner and due date."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="interventions", verbose_name=_("case"))
    domain = models.CharField(_("life domain"), max_length=60)
    goal = EncryptedTextField(_("goal"))
    kind = models.CharField(_("kind"), max_length=20, choices=InterventionKind.choices)
    owner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="case_interventions", verbose_name=_("owner")
    )
    due = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=10, choices=InterventionStatus.choices, default=InterventionStatus.OPEN
    )

    class Meta:
        ordering = ["case", "due", "pk"]
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")

    def __str__(self) -> str:
        return "{} ({})".format(self.domain, self.get_kind_display())


class Meeting(models.Model):
    """A case meeting (triage, ICO, evaluation): participants, decisions and actions only, no minutes."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("case"))
    kind = models.CharField(_("kind"), max_length=10, choices=MeetingKind.choices)
    held_on = models.DateField(_("held on"), default=timezone.localdate)
    participants = models.ManyToManyField(
        Organisation, related_name="case_meetings", blank=True, verbose_name=_("participating organisations")
    )
    decisions = EncryptedTextField(_("decisions"), blank=True)
    actions = EncryptedTextField(_("actions"), blank=True)

    class Meta:
        ordering = ["case", "held_on", "pk"]
        verbose_name = _("case meeting")
        verbose_name_plural = _("case meetings")

    def __str__(self) -> str:
        return "{} {}".format(self.get_kind_display(), self.held_on)


class AdHocParticipant(models.Model):
    """Someone who joins one meeting without a participation; only with a recorded confidentiality declaration."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="ad_hoc_participants", verbose_name=_("meeting")
    )
    name = EncryptedTextField(_("name"))
    organisation = models.CharField(_("organisation"), max_length=200)
    declaration_signed_at = models.DateTimeField(_("confidentiality declaration signed at"), null=True)

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("ad-hoc participant")
        verbose_name_plural = _("ad-hoc participants")
        constraints = [
            models.CheckConstraint(
                condition=Q(declaration_signed_at__isnull=False),
                name="%(app_label)s_%(class)s_declaration_signed",
                violation_error_message=_("An ad-hoc participant must sign the confidentiality declaration."),
            ),
        ]

    def __str__(self) -> str:
        return self.organisation
