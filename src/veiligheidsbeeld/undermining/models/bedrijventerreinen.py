"""Bedrijventerreinen (business parks): not CBS areas, so each is a named set of buurten registered per gemeente."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.areas.models import Area
from veiligheidsbeeld.core.models import GemeenteScoped

__all__ = ["Bedrijventerrein"]


class Bedrijventerrein(GemeenteScoped):
    """A bedrijventerrein of the gemeente as the buurten that cover it, for the person-free vulnerability composite.

    CBS publishes no figures per bedrijventerrein; its figures are those of its buurten added up (see
    :mod:`veiligheidsbeeld.undermining.area_vulnerability`). The list is the gemeente's own configuration
    (``veiligheidsbeeld undermining bedrijventerrein add``), not shipped data.
    """

    slug = models.SlugField(_("slug"), max_length=80)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    buurten = models.ManyToManyField(Area, related_name="bedrijventerreinen", verbose_name=_("buurten"))

    class Meta:
        ordering = ["gemeente", "name"]
        verbose_name = _("bedrijventerrein")
        verbose_name_plural = _("bedrijventerreinen")
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "slug"],
                name="%(app_label)s_%(class)s_unique_gemeente_slug",
                violation_error_message=_("A bedrijventerrein with this name exists already."),
            )
        ]

    def __str__(self) -> str:
        return self.name
