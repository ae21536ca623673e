"""A case (casus) of the persoonsgerichte aanpak, its status history, its persons and the anonymised residue."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.areas.models import Area
from veiligheidsbeeld.core.encryption import EncryptedTextField
from veiligheidsbeeld.core.models import GemeenteScoped, Organisation

from ..choices import CaseType, Confidentiality, Escalation, NotInformedReason, PersonRole, Status

__all__ = ["Case", "CaseQuerySet", "CaseResidue", "Person", "StatusChange"]


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=[Status.AFGESLOTEN, Status.TERUGVERWEZEN])


class Case(GemeenteScoped):
    """A multi-agency case coordinated by a procesregisseur of the Zorg- en Veiligheidshuis.

    ``reason`` (aanleiding) and ``goal`` (doel) may describe the person and are encrypted at rest. ``wijk`` is
    for aggregates only.
    """

    reference = models.CharField(_("reference"), max_length=20)
    case_type = models.CharField(_("type"), max_length=20, choices=CaseType.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.AANGEMELD)
    escalation = models.CharField(
        _("escalation level"), max_length=20, choices=Escalation.choices, default=Escalation.UITVOERING
    )
    criterion_multiproblem = models.BooleanField(
        _("multiple problems on more than one life domain, leading to criminal or nuisance behaviour"), default=False
    )
    criterion_chains = models.BooleanField(_("cooperation across chains needed (drang and dwang)"), default=False)
    criterion_system = models.BooleanField(_("impact on the family system or surroundings"), default=False)
    criterion_area = models.BooleanField(_("serious local, area-bound safety problem"), default=False)
    reason = EncryptedTextField(_("reason for registration"), blank=True)
    goal = EncryptedTextField(_("goal"), blank=True)
    reporter = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="reported_cases", verbose_name=_("reported by")
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="coordinated_cases",
        verbose_name=_("case coordinator"),
    )
    confidentiality = models.CharField(
        _("confidentiality"), max_length=20, choices=Confidentiality.choices, default=Confidentiality.VERTROUWELIJK
    )
    wijk = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("wijk")
    )
    risk_factors = models.JSONField(_("risk factors"), default=list, blank=True)
    protective_factors = models.JSONField(_("protective factors"), default=list, blank=True)
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    plan_adopted_at = models.DateTimeField(_("plan adopted at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    next_review = models.DateField(_("next review"), null=True, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-registered_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "reference"], name="%(app_label)s_%(class)s_unique_reference",
                violation_error_message=_("A case with this reference exists already."),
            ),
            models.CheckConstraint(
                condition=~Q(status="afgesloten") | Q(closed_at__isnull=False),
                name="%(app_label)s_%(class)s_closed_has_date",
                violation_error_message=_("A closed case needs its closing date."),
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def meets_national_criteria(self) -> bool:
        """Landelijk Kader ZVH: all of criteria 1-3, or criterion 4 alone."""
        return (self.criterion_multiproblem and self.criterion_chains and self.criterion_system) or self.criterion_area


class StatusChange(models.Model):
    """One step of a case through the workflow (append-only)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="history", verbose_name=_("case"))
    old_status = models.CharField(_("old status"), max_length=20, choices=Status.choices, blank=True)
    new_status = models.CharField(_("new status"), max_length=20, choices=Status.choices)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("changed by"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return "{}: {} -> {}".format(self.case, self.old_status, self.new_status)


class Person(models.Model):
    """A person concerned (betrokkene). BSN, name, birth date and address are encrypted at rest; ``pseudonym`` (a
    keyed hash of the BSN) finds the person across cases and is what leaves the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="persons", verbose_name=_("case"))
    pseudonym = models.CharField(_("pseudonym"), max_length=80, db_index=True)
    bsn = EncryptedTextField(_("BSN"))
    name = EncryptedTextField(_("name"))
    birth_date = EncryptedTextField(_("date of birth"), blank=True)
    address = EncryptedTextField(_("address"), blank=True)
    role = models.CharField(_("role"), max_length=20, choices=PersonRole.choices, default=PersonRole.MAIN)
    informed = models.BooleanField(_("informed"), default=False)
    not_informed_reason = models.CharField(
        _("reason not informed"), max_length=20, choices=NotInformedReason.choices, blank=True
    )

    class Meta:
        ordering = ["case", "pk"]
        verbose_name = _("person concerned")
        verbose_name_plural = _("persons concerned")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "pseudonym"], name="%(app_label)s_%(class)s_once_per_case",
                violation_error_message=_("This person is in the case already."),
            ),
            models.CheckConstraint(
                condition=Q(informed=True, not_informed_reason="") | Q(informed=False) & ~Q(not_informed_reason=""),
                name="%(app_label)s_%(class)s_reason_when_not_informed",
                violation_error_message=_("Give the reason when the person has not been informed."),
            ),
        ]

    def __str__(self) -> str:
        return "{} ({})".format(self.pseudonym[:10], self.get_role_display())


class CaseResidue(GemeenteScoped):
    """What retention keeps of a case: an anonymised statistical residue, no person and no free text."""

    case_type = models.CharField(_("type"), max_length=20, choices=CaseType.choices)
    wijk_code = models.CharField(_("wijk code"), max_length=12, blank=True)
    registered_year = models.PositiveSmallIntegerField(_("year registered"))
    closed_year = models.PositiveSmallIntegerField(_("year closed"), null=True, blank=True)
    days_to_plan = models.PositiveIntegerField(_("days from registration to plan"), null=True, blank=True)
    domains_measured = models.PositiveSmallIntegerField(_("life domains measured twice"), default=0)
    domains_improved = models.PositiveSmallIntegerField(_("life domains improved by at least one point"), default=0)

    class Meta:
        ordering = ["gemeente", "registered_year"]
        verbose_name = _("case residue")
        verbose_name_plural = _("case residues")

    def __str__(self) -> str:
        return "{} {}".format(self.case_type, self.registered_year)
