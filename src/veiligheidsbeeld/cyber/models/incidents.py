"""Security incidents, with the data-breach (AVG) and Cbw/NIS2 notification duties that hang off them.

One incident runs every legal clock that applies to it:

- a data breach (:class:`DataBreach`): the Autoriteit Persoonsgegevens within **72 hours** of awareness
  (AVG art. 33(1)); a later notification states its reason; a breach that is unlikely to result in a risk is
  still documented (art. 33(5)); a high risk means informing the data subjects (art. 34);
- a significant incident under the Cyberbeveiligingswet (:class:`CbwNotification`, NIS2 art. 23(4)): an early
  warning to the CSIRT within **24 hours**, an incident notification within **72 hours** and a final report within
  **one month** of the notification.

Hours are elapsed hours (:func:`veiligheidsbeeld.core.calendar.add_hours`): weekends, holidays and the summer-time
switches do not stop them.
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.core.calendar import AMSTERDAM, Clock, add_hours
from veiligheidsbeeld.core.models import GemeenteScoped

from ..choices import CrisisLevel, IncidentCategory, IncidentStatus, Impact, ReportedVia, Risk, ecsirt_tag

__all__ = ["AP_HOURS", "CBW_EARLY_WARNING_HOURS", "CBW_NOTIFICATION_HOURS", "CbwNotification", "DataBreach",
           "Incident", "IncidentQuerySet"]

AP_HOURS = 72
CBW_EARLY_WARNING_HOURS = 24
CBW_NOTIFICATION_HOURS = 72


class IncidentQuerySet(models.QuerySet):
    def breaches(self):
        return self.filter(breach__isnull=False)

    def discovered_between(self, start: dt.datetime, end: dt.datetime):
        return self.filter(discovered_at__gte=start, discovered_at__lt=end)

    def open(self):
        return self.exclude(status=IncidentStatus.CLOSED)


class Incident(GemeenteScoped):
    """A security incident of the gemeente's own information systems (BIO2 5.24)."""

    reference = models.CharField(_("reference"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    discovered_at = models.DateTimeField(_("discovered at"))
    reported_via = models.CharField(_("reported via"), max_length=20, choices=ReportedVia.choices)
    process_owner = models.CharField(
        _("process owner"), max_length=200, help_text=_("Who owns the affected process (BIO2 5.24.03).")
    )
    category = models.CharField(_("category (eCSIRT)"), max_length=40, choices=IncidentCategory.choices)
    type = models.CharField(_("type (eCSIRT)"), max_length=60, blank=True)
    impact_availability = models.PositiveSmallIntegerField(
        _("impact on availability"), choices=Impact.choices, default=Impact.NONE
    )
    impact_integrity = models.PositiveSmallIntegerField(
        _("impact on integrity"), choices=Impact.choices, default=Impact.NONE
    )
    impact_confidentiality = models.PositiveSmallIntegerField(
        _("impact on confidentiality"), choices=Impact.choices, default=Impact.NONE
    )
    crisis_level = models.CharField(
        _("crisis management"), max_length=20, choices=CrisisLevel.choices, default=CrisisLevel.NONE,
        help_text=_("Link to crisis management (BIO2 5.24.05)."),
    )
    cvd_source = models.CharField(
        _("CVD source"), max_length=200, blank=True,
        help_text=_("Who reported the vulnerability under coordinated vulnerability disclosure (BIO2 5.24.08)."),
    )
    status = models.CharField(_("status"), max_length=20, choices=IncidentStatus.choices,
                              default=IncidentStatus.OPEN)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering = ["-discovered_at", "-pk"]
        verbose_name = _("security incident")
        verbose_name_plural = _("security incidents")
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "reference"], name="%(app_label)s_%(class)s_unique_reference",
                violation_error_message=_("An incident with this reference exists already."),
            ),
            models.CheckConstraint(
                condition=models.Q(status="closed", closed_at__isnull=False) | ~models.Q(status="closed"),
                name="%(app_label)s_%(class)s_closed_has_time",
                violation_error_message=_("A closed incident has a closing time."),
            ),
        ]

    def __str__(self) -> str:
        return "{} {}".format(self.reference, self.title)

    @property
    def severity(self) -> int:
        """The highest of the three BIV impacts (0 none .. 3 high)."""
        return max(self.impact_availability, self.impact_integrity, self.impact_confidentiality)

    def get_severity_display(self) -> str:
        return Impact(self.severity).label

    @property
    def machine_tag(self) -> str:
        return ecsirt_tag(self.category, self.type)

    @property
    def is_breach(self) -> bool:
        return hasattr(self, "breach")

    @property
    def is_significant(self) -> bool:
        return hasattr(self, "cbw")

    def clocks(self) -> list[tuple[str, Clock]]:
        """Every legal clock of the incident: (label, clock)."""
        result = []
        if self.is_breach and self.breach.ap_clock() is not None:
            result.append((str(_("AP notification (72 h)")), self.breach.ap_clock()))
        if self.is_significant:
            result.extend(self.cbw.clocks())
        return result


class DataBreach(models.Model):
    """The data-breach side of an incident (AVG art. 33 and 34). Every breach is documented, notified or not."""

    incident = models.OneToOneField(Incident, on_delete=models.CASCADE, related_name="breach",
                                    verbose_name=_("incident"))
    aware_at = models.DateTimeField(
        _("aware at"), help_text=_("When the gemeente became aware of the breach: the AP clock starts here.")
    )
    persons_affected = models.PositiveIntegerField(_("persons affected (estimate)"), default=0)
    data_categories = models.JSONField(_("data categories"), default=list, blank=True)
    risk = models.CharField(_("risk"), max_length=20, choices=Risk.choices)
    risk_reasoning = models.TextField(
        _("risk assessment"), blank=True,
        help_text=_("Why this risk; required when the breach is not notified (art. 33(5))."),
    )
    ap_notified_at = models.DateTimeField(_("AP notified at"), null=True, blank=True)
    ap_reference = models.CharField(_("AP notification number"), max_length=40, blank=True)
    late_reason = models.TextField(
        _("reason for the delay"), blank=True,
        help_text=_("Required when the AP is notified more than 72 hours after awareness (art. 33(1))."),
    )
    subjects_informed_at = models.DateTimeField(_("data subjects informed at"), null=True, blank=True)
    subjects_not_informed_reason = models.TextField(_("why data subjects were not informed"), blank=True)

    class Meta:
        ordering = ["-aware_at"]
        verbose_name = _("data breach")
        verbose_name_plural = _("data breaches")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(risk="unlikely") | ~models.Q(risk_reasoning=""),
                name="%(app_label)s_%(class)s_unnotified_is_reasoned",
                violation_error_message=_("A breach that is not notified needs its risk assessment (art. 33(5))."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.incident)

    @property
    def must_notify(self) -> bool:
        return self.risk != Risk.UNLIKELY

    @property
    def ap_deadline(self) -> dt.datetime:
        return add_hours(self.aware_at, AP_HOURS)

    def ap_clock(self) -> Clock | None:
        """The 72-hour AP clock, or ``None`` when the breach need not be notified."""
        if not self.must_notify:
            return None
        return Clock(self.ap_deadline, self.ap_notified_at)

    @property
    def notified_late(self) -> bool:
        return self.ap_notified_at is not None and self.ap_notified_at > self.ap_deadline

    def get_data_categories_display(self) -> str:
        from ..choices import DataCategory

        labels = dict(DataCategory.choices)
        return ", ".join(str(labels.get(c, c)) for c in self.data_categories)


class CbwNotification(models.Model):
    """A significant incident under the Cyberbeveiligingswet (NIS2 art. 23): three reports to the CSIRT."""

    incident = models.OneToOneField(Incident, on_delete=models.CASCADE, related_name="cbw",
                                    verbose_name=_("incident"))
    aware_at = models.DateTimeField(_("aware of the significant incident at"))
    csirt = models.CharField(_("CSIRT"), max_length=100, default="IBD")
    early_warning_at = models.DateTimeField(_("early warning sent at"), null=True, blank=True)
    notification_at = models.DateTimeField(_("incident notification sent at"), null=True, blank=True)
    final_report_at = models.DateTimeField(_("final report sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-aware_at"]
        verbose_name = _("Cbw notification")
        verbose_name_plural = _("Cbw notifications")

    def __str__(self) -> str:
        return str(self.incident)

    @property
    def early_warning_deadline(self) -> dt.datetime:
        return add_hours(self.aware_at, CBW_EARLY_WARNING_HOURS)

    @property
    def notification_deadline(self) -> dt.datetime:
        return add_hours(self.aware_at, CBW_NOTIFICATION_HOURS)

    @property
    def final_report_deadline(self) -> dt.datetime:
        """One calendar month after the incident notification (or after its deadline while it is not sent),
        in Amsterdam time: 10 March 14:00 gives 10 April 14:00 (CEST), whatever the summer-time switch."""
        base = timezone.localtime(self.notification_at or self.notification_deadline, AMSTERDAM)
        local = base.replace(tzinfo=None) + relativedelta(months=1)
        return local.replace(tzinfo=AMSTERDAM)

    def clocks(self) -> list[tuple[str, Clock]]:
        return [
            (str(_("Cbw early warning (24 h)")), Clock(self.early_warning_deadline, self.early_warning_at)),
            (str(_("Cbw notification (72 h)")), Clock(self.notification_deadline, self.notification_at)),
            (str(_("Cbw final report (1 month)")),
             Clock(self.final_report_deadline, self.final_report_at, due_soon=dt.timedelta(days=5))),
        ]
