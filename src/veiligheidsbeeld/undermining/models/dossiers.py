"""Integrale casussen (RIEC dossiers), their interventions, and the entity network in FollowTheMoney terms."""

from __future__ import annotations

import json

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.core.encryption import EncryptedTextField
from veiligheidsbeeld.core.models import GemeenteScoped, Organisation

from ..choices import (
    DossierStatus,
    EntitySchema,
    InterventionKind,
    InterventionStatus,
    LinkSchema,
    LinkWeight,
)

__all__ = ["Dossier", "Entity", "Intervention", "Link"]


class DossierQuerySet(models.QuerySet):
    def for_member(self, user):
        """The dossiers ``user`` is on the team of (need to know), within the user's gemeenten."""
        from veiligheidsbeeld.accounts.services import gemeenten_for

        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(team=user, gemeente__in=gemeenten_for(user)).distinct()


class Dossier(GemeenteScoped):
    """An integrale casus of the RIEC: the strategy, the interventions, the partners and the entity network.

    Only the dossier team (``team``) sees it; every read is audited with its purpose.
    """

    reference = models.CharField(_("reference"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=12, choices=DossierStatus.choices, default=DossierStatus.OPEN)
    strategy = models.TextField(_("intervention strategy"), blank=True)
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="undermining_dossiers", verbose_name=_("partners")
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="undermining_dossiers", verbose_name=_("dossier team")
    )
    reported_to_stuurgroep_on = models.DateField(_("last reported to the stuurgroep"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = DossierQuerySet.as_manager()

    class Meta:
        ordering = ["gemeente", "reference"]
        verbose_name = _("integrated case")
        verbose_name_plural = _("integrated cases")
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "reference"],
                name="%(app_label)s_%(class)s_unique_reference",
                violation_error_message=_("A dossier with this reference exists already."),
            )
        ]

    def __str__(self) -> str:
        return "{} {}".format(self.reference, self.title)


class Intervention(GemeenteScoped):
    """A bestuurlijke, strafrechtelijke or fiscale intervention of the integrale aanpak, carried out by a partner."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="interventions", verbose_name=_("dossier")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=InterventionKind.choices)
    description = models.CharField(_("description"), max_length=300)
    owner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="undermining_interventions", verbose_name=_("owner")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=InterventionStatus.choices, default=InterventionStatus.GEPLAND
    )
    planned_on = models.DateField(_("planned on"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["dossier", "planned_on", "pk"]
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")

    def __str__(self) -> str:
        return "{}: {}".format(self.get_kind_display(), self.description)


class Entity(GemeenteScoped):
    """A node of a dossier's network: a FollowTheMoney Person, Company, Address, RealEstate or Vehicle.

    ``properties`` holds the FtM properties (``{name: [values]}``) encrypted at rest; a Person carries no BSN,
    only its keyed pseudonym (``pseudonym``, also exported as ``idNumber``).
    """

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="entities", verbose_name=_("dossier"))
    ftm_id = models.CharField(_("FollowTheMoney id"), max_length=128)
    schema = models.CharField(_("schema"), max_length=12, choices=EntitySchema.choices)
    caption = EncryptedTextField(_("caption"))
    properties_json = EncryptedTextField(_("properties (FollowTheMoney)"), default="{}")
    pseudonym = models.CharField(_("pseudonym"), max_length=80, blank=True)

    class Meta:
        ordering = ["dossier", "schema", "pk"]
        verbose_name = _("entity")
        verbose_name_plural = _("entities")
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "ftm_id"],
                name="%(app_label)s_%(class)s_unique_ftm_id",
                violation_error_message=_("This entity id exists already in the dossier."),
            )
        ]

    def __str__(self) -> str:
        return "{} ({})".format(self.caption, self.schema)

    @property
    def properties(self) -> dict[str, list[str]]:
        return json.loads(self.properties_json or "{}")

    @properties.setter
    def properties(self, value: dict[str, list[str]]) -> None:
        self.properties_json = json.dumps(value, sort_keys=True, ensure_ascii=False)


class Link(GemeenteScoped):
    """An edge of the network (FollowTheMoney interval schema) with its provenance, legal basis and weight."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="links", verbose_name=_("dossier"))
    ftm_id = models.CharField(_("FollowTheMoney id"), max_length=128)
    schema = models.CharField(_("schema"), max_length=12, choices=LinkSchema.choices)
    source = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="links_out", verbose_name=_("from"))
    target = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="links_in", verbose_name=_("to"))
    role = models.CharField(_("role or relationship"), max_length=120, blank=True)
    percentage = models.DecimalField(
        _("percentage"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    provenance = models.CharField(_("provenance"), max_length=300, help_text=_("Where the link was found."))
    legal_basis = models.CharField(_("legal basis"), max_length=300, help_text=_("Why it may be recorded and shared."))
    weight = models.CharField(_("weight"), max_length=12, choices=LinkWeight.choices)

    class Meta:
        ordering = ["dossier", "schema", "pk"]
        verbose_name = _("link")
        verbose_name_plural = _("links")
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "ftm_id"],
                name="%(app_label)s_%(class)s_unique_ftm_id",
                violation_error_message=_("This link id exists already in the dossier."),
            ),
            models.CheckConstraint(
                condition=Q(percentage__isnull=True) | Q(percentage__gte=0, percentage__lte=100),
                name="%(app_label)s_%(class)s_percentage_range",
                violation_error_message=_("A percentage lies between 0 and 100."),
            ),
        ]

    def __str__(self) -> str:
        return "{} {} -> {}".format(self.schema, self.source_id, self.target_id)
