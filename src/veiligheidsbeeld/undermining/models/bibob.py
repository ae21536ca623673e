"""Bibob dossiers: the integrity test of a beschikking or transaction, with the art. 30 data and the legal clock."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.core.encryption import EncryptedTextField
from veiligheidsbeeld.core.models import GemeenteScoped

from ..bibob_clock import MAX_EXTENSION_WEEKS, BibobClock, reusable_until
from ..choices import AdviceOutcome, BibobDecision, DecisionKind, Recipient, Relation

__all__ = ["BibobDisclosure", "BibobDossier"]

kvk_validator = RegexValidator(r"^\d{8}$", _("A KvK number has 8 digits."))


class BibobDossier(GemeenteScoped):
    """One Bibob test. The betrokkene's art. 30 data are encrypted at rest; the BSN only as its pseudonym beside.

    The clock (:class:`~veiligheidsbeeld.undermining.bibob_clock.BibobClock`) follows from the dates.
    """

    reference = models.CharField(_("reference"), max_length=40)
    decision_kind = models.CharField(_("kind of decision"), max_length=12, choices=DecisionKind.choices)
    subject = models.CharField(_("application"), max_length=200, help_text=_("What is applied for, e.g. a licence."))
    application_on = models.DateField(_("application received on"))
    decision_term_weeks = models.PositiveSmallIntegerField(
        _("decision term (weeks)"), default=8, validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text=_("The gemeente's own decision term for this kind of decision, before suspension."),
    )
    # art. 30: the data the LBB needs about the betrokkene
    betrokkene_name = EncryptedTextField(_("betrokkene (name)"))
    betrokkene_address = EncryptedTextField(_("address"), blank=True)
    betrokkene_bsn = EncryptedTextField(_("BSN"), blank=True)
    betrokkene_pseudonym = models.CharField(_("pseudonym"), max_length=80, blank=True)
    kvk_number = models.CharField(_("KvK number"), max_length=8, blank=True, validators=[kvk_validator])
    legal_form = models.CharField(_("legal form"), max_length=60, blank=True)
    trade_names = EncryptedTextField(_("trade names"), blank=True)
    controllers = EncryptedTextField(
        _("persons with management, control or capital"), blank=True, help_text=_("art. 30: leiding, zeggenschap, vermogen")
    )
    subcontractors = EncryptedTextField(_("subcontractors"), blank=True)
    financing = EncryptedTextField(_("financing"), blank=True)
    relation = models.CharField(_("relation (art. 3 lid 4)"), max_length=10, choices=Relation.choices, blank=True)
    # eigen onderzoek (art. 7a) and the LBB advice (art. 15)
    own_investigation = EncryptedTextField(_("own investigation (art. 7a questions)"), blank=True)
    own_investigation_done_on = models.DateField(_("own investigation done on"), null=True, blank=True)
    advice_requested_on = models.DateField(_("advice requested on"), null=True, blank=True)
    advice_extension_weeks = models.PositiveSmallIntegerField(
        _("advice term extended by (weeks)"), default=0, validators=[MaxValueValidator(MAX_EXTENSION_WEEKS)]
    )
    advice_received_on = models.DateField(_("advice received on"), null=True, blank=True)
    art32_notified_on = models.DateField(_("betrokkene informed (art. 32) on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=AdviceOutcome.choices, blank=True)
    reused_advice = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reused_by",
        verbose_name=_("reused advice (art. 29)"),
    )
    zienswijze_requested_on = models.DateField(_("zienswijze requested (art. 33) on"), null=True, blank=True)
    zienswijze_received_on = models.DateField(_("zienswijze received on"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=14, choices=BibobDecision.choices, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="bibob_dossiers",
        verbose_name=_("responsible"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["gemeente", "-application_on", "reference"]
        verbose_name = _("Bibob dossier")
        verbose_name_plural = _("Bibob dossiers")
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "reference"],
                name="%(app_label)s_%(class)s_unique_reference",
                violation_error_message=_("A Bibob dossier with this reference exists already."),
            ),
            models.CheckConstraint(
                condition=Q(advice_extension_weeks__lte=MAX_EXTENSION_WEEKS),
                name="%(app_label)s_%(class)s_extension_at_most_4_weeks",
                violation_error_message=_("The LBB may extend its advice term by at most 4 weeks (art. 15)."),
            ),
        ]

    def __str__(self) -> str:
        return "{} {}".format(self.reference, self.subject)

    def clock(self) -> BibobClock:
        return BibobClock(
            application_on=self.application_on,
            decision_term_weeks=self.decision_term_weeks,
            requested_on=self.advice_requested_on,
            extension_weeks=self.advice_extension_weeks,
            received_on=self.advice_received_on,
            decided_on=self.decided_on,
        )

    @property
    def advice_date(self) -> dt.date | None:
        """The date of the advice this dossier rests on: its own, or the reused one's."""
        if self.advice_received_on:
            return self.advice_received_on
        return self.reused_advice.advice_received_on if self.reused_advice_id else None

    @property
    def reusable_until(self) -> dt.date | None:
        return reusable_until(self.advice_received_on) if self.advice_received_on else None

    def stage(self) -> str:
        """Where the dossier stands, for lists."""
        if self.decided_on:
            return "decided"
        if self.zienswijze_requested_on and not self.zienswijze_received_on:
            return "zienswijze"
        if self.advice_requested_on and not self.advice_received_on:
            return "advice"
        if self.advice_date:
            return "decision"
        return "own_investigation"

    def is_open(self) -> bool:
        return self.decided_on is None

    def today(self) -> dt.date:
        return timezone.localdate()


class BibobDisclosure(GemeenteScoped):
    """A disclosure of Bibob data to an art. 28 recipient: who, what for, when and by whom (append-only)."""

    dossier = models.ForeignKey(
        BibobDossier, on_delete=models.CASCADE, related_name="disclosures", verbose_name=_("Bibob dossier")
    )
    recipient_kind = models.CharField(_("recipient (art. 28)"), max_length=12, choices=Recipient.choices)
    recipient = models.CharField(_("recipient"), max_length=200)
    purpose = models.CharField(_("purpose"), max_length=300)
    disclosed_at = models.DateTimeField(_("disclosed at"), auto_now_add=True)
    disclosed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("disclosed by")
    )

    class Meta:
        ordering = ["dossier", "disclosed_at", "pk"]
        verbose_name = _("Bibob disclosure")
        verbose_name_plural = _("Bibob disclosures")

    def __str__(self) -> str:
        return "{} -> {}".format(self.dossier_id, self.recipient)
