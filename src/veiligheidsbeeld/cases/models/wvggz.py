"""Verward gedrag: Wvggz reports (meldingen) with the exploratory investigation and the crisis measure's clock."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.core.calendar import Clock, add_hours

from .cases import Case

__all__ = ["CRISIS_DAYS", "EXTENSION_WEEKS", "WvggzOutcome", "WvggzReport"]

#: Wvggz: the burgemeester's crisismaatregel lasts at most 3 days; after the rechter's voortzetting at most 3 weeks
#: (Evaluatie Wvggz-Wzd deel 1, §2.4.9).
CRISIS_DAYS = 3
EXTENSION_WEEKS = 3


class WvggzOutcome(models.TextChoices):
    NO_ACTION = "geen_actie", _("No further action")
    VOLUNTARY = "vrijwillige_zorg", _("Voluntary care")
    REQUEST_OVJ = "verzoek_ovj", _("Request to the public prosecutor (art. 5:3 Wvggz)")
    CRISIS = "crisismaatregel", _("Crisis measure")


class WvggzReport(models.Model):
    """A Wvggz melding to the college: the verkennend onderzoek (term ``WVGGZ_EXPLORATION_DAYS``, 14 by default,
    art. 5:2 as read, not verified in the primary text) and, where taken, the crisis measure with its clock."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="wvggz_reports", verbose_name=_("case"))
    received_at = models.DateTimeField(_("received at"))
    explored_at = models.DateTimeField(_("exploratory investigation done at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=WvggzOutcome.choices, blank=True)
    crisis_started_at = models.DateTimeField(_("crisis measure started at"), null=True, blank=True)
    crisis_extended_at = models.DateTimeField(_("continuation granted at"), null=True, blank=True)
    crisis_ended_at = models.DateTimeField(_("crisis measure ended at"), null=True, blank=True)

    class Meta:
        ordering = ["case", "received_at"]
        verbose_name = _("Wvggz report")
        verbose_name_plural = _("Wvggz reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(crisis_extended_at__isnull=True) | Q(crisis_started_at__isnull=False),
                name="%(app_label)s_%(class)s_extension_after_start",
                violation_error_message=_("A continuation needs a crisis measure."),
            ),
        ]

    def __str__(self) -> str:
        return "{} {}".format(self.case, self.received_at.date())

    def exploration_clock(self) -> Clock:
        days = getattr(settings, "WVGGZ_EXPLORATION_DAYS", 14)
        return Clock(self.received_at + dt.timedelta(days=days), self.explored_at)

    def crisis_deadline(self) -> dt.datetime | None:
        """The end of the crisis measure: 3 days (72 elapsed hours) after it started, or 3 weeks after the
        continuation was granted."""
        if self.crisis_extended_at is not None:
            return add_hours(self.crisis_extended_at, EXTENSION_WEEKS * 7 * 24)
        if self.crisis_started_at is not None:
            return add_hours(self.crisis_started_at, CRISIS_DAYS * 24)
        return None

    def crisis_clock(self) -> Clock | None:
        deadline = self.crisis_deadline()
        return Clock(deadline, self.crisis_ended_at) if deadline else None
