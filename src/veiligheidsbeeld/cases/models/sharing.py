"""Need-to-know: participations (deelnames), known-checks (bekendheidsvragen), enrichment and the disclosure ledger."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.core.encryption import EncryptedTextField
from veiligheidsbeeld.core.models import GemeenteScoped, Organisation

from ..choices import Category
from .cases import Case, Person

__all__ = ["Disclosure", "Information", "KnownCheck", "Participation", "ParticipationQuerySet"]


class ParticipationQuerySet(models.QuerySet):
    def active(self, now=None):
        """Participations in force at ``now``: started, not past their end, not ended (afschaling, closing)."""
        now = now or timezone.now()
        return self.filter(valid_from__lte=now, ended_at__isnull=True).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gt=now)
        )


class Participation(models.Model):
    """A partner organisation's access to one case (deelname): data categories, legal basis, from/to.

    Without an active participation a partner does not see the case at all (need-to-know). It ends by itself at
    ``valid_until``, and the workflow ends it when the case is scaled down or closed (``ended_at``).
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participations", verbose_name=_("case"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="case_participations", verbose_name=_("organisation")
    )
    categories = models.JSONField(_("data categories"), default=list)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    valid_from = models.DateTimeField(_("valid from"), default=timezone.now)
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    end_reason = models.CharField(_("end reason"), max_length=200, blank=True)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        ordering = ["case", "valid_from"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.CheckConstraint(
                condition=~Q(legal_basis=""), name="%(app_label)s_%(class)s_has_legal_basis",
                violation_error_message=_("A participation needs a legal basis."),
            ),
        ]

    def __str__(self) -> str:
        return "{} @ {}".format(self.organisation, self.case)

    def is_active(self, now=None) -> bool:
        now = now or timezone.now()
        return self.ended_at is None and self.valid_from <= now and (self.valid_until is None or self.valid_until > now)


class KnownCheck(GemeenteScoped):
    """A bekendheidsvraag: is this person known (yes/no), and which organisation to contact. Never content.

    Asked by the platform's API (``asked_of`` empty: known in any case of the gemeente?) or, within a case, of one
    partner organisation, which answers ``known``. Only a positive answer opens enrichment from that partner.
    """

    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="known_checks", verbose_name=_("case")
    )
    pseudonym = models.CharField(_("pseudonym"), max_length=80, db_index=True)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("asked by")
    )
    asked_of = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("asked of")
    )
    asked_at = models.DateTimeField(_("asked at"), default=timezone.now)
    known = models.BooleanField(_("known"), null=True, blank=True)
    contact = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("contact")
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("answered by"),
    )
    due_at = models.DateTimeField(
        _("answer due at"), null=True, blank=True,
        help_text=_("A question to a partner organisation is due a number of working days after it was asked."),
    )

    class Meta:
        ordering = ["-asked_at"]
        verbose_name = _("known-check")
        verbose_name_plural = _("known-checks")

    def __str__(self) -> str:
        return "{} {}".format(self.pseudonym[:10], self.known)


class Disclosure(GemeenteScoped):
    """One entry of the disclosure ledger (verstrekking): who gave what category of whose data to whom, on which
    legal basis, for which purpose and when. A disclosure without a legal basis is refused (service and database)."""

    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="disclosures", verbose_name=_("case")
    )
    pseudonym = models.CharField(_("person (pseudonym)"), max_length=80, db_index=True)
    from_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    to_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("to"))
    category = models.CharField(_("data category"), max_length=20, choices=Category.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    purpose = models.CharField(_("purpose"), max_length=300)
    disclosed_at = models.DateTimeField(_("disclosed at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        ordering = ["-disclosed_at", "-pk"]
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")
        constraints = [
            models.CheckConstraint(
                condition=~Q(legal_basis="") & ~Q(purpose=""), name="%(app_label)s_%(class)s_basis_and_purpose",
                violation_error_message=_("A disclosure needs a legal basis and a purpose."),
            ),
        ]

    def __str__(self) -> str:
        return "{} -> {} ({})".format(self.from_organisation, self.to_organisation, self.category)


class Information(models.Model):
    """Content shared in the enrichment step (verrijking): only after a positive known-check of its source, and
    always with its disclosure in the ledger. The text is encrypted at rest."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="information", verbose_name=_("case"))
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="information", verbose_name=_("person concerned")
    )
    source = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("source"))
    category = models.CharField(_("data category"), max_length=20, choices=Category.choices)
    content = EncryptedTextField(_("content"))
    disclosure = models.OneToOneField(
        Disclosure, on_delete=models.CASCADE, related_name="information", verbose_name=_("disclosure")
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["case", "recorded_at"]
        verbose_name = _("shared information")
        verbose_name_plural = _("shared information")

    def __str__(self) -> str:
        return "{} from {}".format(self.get_category_display(), self.source)
