"""Person-free area indicators of vulnerability (CBS Kerncijfers wijken en buurten, per area code and year)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["AreaIndicator"]


class AreaIndicator(models.Model):
    """One KWB value of an area (wijk, buurt or bedrijventerrein) in a year, e.g. ``WOZ`` or ``rented_share``.

    Not gemeente-scoped: like populations, it is public CBS data keyed by the national area code.
    """

    area_code = models.CharField(_("area code"), max_length=10)
    year = models.PositiveSmallIntegerField(_("year"))
    indicator = models.SlugField(_("indicator"), max_length=40)
    value = models.FloatField(_("value"))
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["area_code", "indicator", "year"]
        verbose_name = _("area indicator")
        verbose_name_plural = _("area indicators")
        constraints = [
            models.UniqueConstraint(
                fields=["area_code", "year", "indicator"],
                name="%(app_label)s_%(class)s_unique_value",
                violation_error_message=_("This indicator has a value for the area and year already."),
            )
        ]

    def __str__(self) -> str:
        return "{} {} {}={}".format(self.area_code, self.year, self.indicator, self.value)
