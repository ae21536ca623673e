"""Tenancy: the gemeente every domain row belongs to, and the partner organisations."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["Gemeente", "GemeenteScoped", "Organisation", "OrganisationKind"]

gemeente_code_validator = RegexValidator(
    r"^GM\d{4}$", _("A gemeente code is GM followed by four digits, e.g. GM0014.")
)


class Gemeente(models.Model):
    """A Dutch municipality, identified by its CBS code (GM + 4 digits)."""

    code = models.CharField(_("CBS code"), max_length=6, unique=True, validators=[gemeente_code_validator])
    name = models.CharField(_("name"), max_length=100)
    is_fictitious = models.BooleanField(
        _("fictitious"), default=False, help_text=_("Demo gemeente with generated data; labelled everywhere.")
    )
    primary_colour = models.CharField(_("primary colour"), max_length=7, default="#1a5a96")

    class Meta:
        ordering = ["name"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self) -> str:
        return "{} ({})".format(self.name, self.code)


class GemeenteScoped(models.Model):
    """Abstract base of every domain model: the row belongs to exactly one gemeente."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, verbose_name=_("gemeente"))

    class Meta:
        abstract = True


class OrganisationKind(models.TextChoices):
    GEMEENTE = "gemeente", _("Gemeente")
    POLITIE = "politie", _("Politie")
    WIJ = "wij", _("WIJ-team (social work)")
    BOA = "boa", _("Boa / handhaving")
    ZVH = "zvh", _("Zorg- en Veiligheidshuis")
    RIEC = "riec", _("RIEC")
    VEILIGHEIDSREGIO = "veiligheidsregio", _("Veiligheidsregio")
    OM = "om", _("Openbaar Ministerie")
    OVERIG = "overig", _("Other")


class Organisation(models.Model):
    """A partner organisation (politie, WIJ, boa's, ZVH, RIEC, ...) working for one or more gemeenten."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    gemeenten = models.ManyToManyField(Gemeente, related_name="organisations", verbose_name=_("gemeenten"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["name", "kind"],
                name="%(app_label)s_%(class)s_unique_name_kind",
                violation_error_message=_("An organisation of this kind with this name exists already."),
            )
        ]

    def __str__(self) -> str:
        return self.name
