"""The CBS area register: gemeente, wijk and buurt per indeling year, population and boundaries."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.core.models import Gemeente, GemeenteScoped

__all__ = [
    "SUPRA_GEMEENTE_LEVELS",
    "Area",
    "AreaGroup",
    "AreaLevel",
    "AreaPopulation",
    "Herindeling",
    "HerindelingPredecessor",
    "HerindelingSource",
    "PostcodeAllocation",
]


class AreaLevel(models.TextChoices):
    """Levels of the register, from the country down to the buurt.

    ``land`` (Nederland, ``NL00`` as in the police tables), ``provincie`` (``PV20``..``PV31``) and
    ``regionale_eenheid`` (politie regionale eenheid, ``RE01``..``RE10`` in the CBS police tables) lie above the
    gemeenten and belong to none of them; ``gemeente``, ``wijk`` and ``buurt`` belong to their gemeente.
    """

    LAND = "land", _("country")
    PROVINCIE = "provincie", _("provincie")
    REGIONALE_EENHEID = "regionale_eenheid", _("politie regionale eenheid")
    GEMEENTE = "gemeente", _("gemeente")
    WIJK = "wijk", _("wijk")
    BUURT = "buurt", _("buurt")


#: Levels above the gemeente: their areas have no gemeente (``Area.gemeente`` is NULL exactly for these).
SUPRA_GEMEENTE_LEVELS = (AreaLevel.LAND, AreaLevel.PROVINCIE, AreaLevel.REGIONALE_EENHEID)

LEVEL_PREFIX = {
    "NL": AreaLevel.LAND,
    "PV": AreaLevel.PROVINCIE,
    "RE": AreaLevel.REGIONALE_EENHEID,
    "GM": AreaLevel.GEMEENTE,
    "WK": AreaLevel.WIJK,
    "BU": AreaLevel.BUURT,
}


class AreaQuerySet(models.QuerySet):
    def current(self, gemeente):
        """Areas of the newest indeling year known for the gemeente."""
        year = self.filter(gemeente=gemeente).aggregate(models.Max("year"))["year__max"]
        return self.filter(gemeente=gemeente, year=year)

    def supra_gemeente(self):
        """Nederland, the provincies and the politie regionale eenheden (areas without a gemeente)."""
        return self.filter(level__in=SUPRA_GEMEENTE_LEVELS)

    def wijken(self):
        return self.filter(level=AreaLevel.WIJK)

    def buurten(self):
        return self.filter(level=AreaLevel.BUURT)


class Area(GemeenteScoped):
    """A CBS area (Nederland, provincie, regionale eenheid, gemeente, wijk or buurt) in one CBS indeling year.

    CBS re-divides wijken and buurten between years; the same code may therefore appear in several years, and
    the area of one year is never silently taken for another. Areas above the gemeente (levels ``land``,
    ``provincie``, ``regionale_eenheid``) have no gemeente; every other area has one (a check constraint).
    """

    gemeente = models.ForeignKey(
        Gemeente, null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("gemeente"),
        help_text=_("Empty exactly for Nederland, provincies and politie regionale eenheden."),
    )
    code = models.CharField(
        _("CBS code"), max_length=10, help_text=_("NL00, PV20, RE01, GM0014, WK001401 or BU00140101")
    )
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=20, choices=AreaLevel.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children", verbose_name=_("parent")
    )
    year = models.PositiveSmallIntegerField(_("CBS indeling year"))
    geometry = models.JSONField(_("boundary (GeoJSON, WGS84)"), null=True, blank=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["year", "code"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [
            models.UniqueConstraint(
                fields=["code", "year"],
                name="%(app_label)s_%(class)s_unique_code_year",
                violation_error_message=_("This CBS code exists already in this indeling year."),
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(level__in=SUPRA_GEMEENTE_LEVELS, gemeente__isnull=True)
                    | (~models.Q(level__in=SUPRA_GEMEENTE_LEVELS) & models.Q(gemeente__isnull=False))
                ),
                name="%(app_label)s_%(class)s_gemeente_null_exactly_above_gemeente",
                violation_error_message=_(
                    "Nederland, provincies and regionale eenheden have no gemeente; every other area has one."
                ),
            ),
        ]
        indexes = [models.Index(fields=["gemeente", "year", "level"], name="areas_area_gemeente_year_level")]

    def __str__(self) -> str:
        return "{} {} ({})".format(self.code, self.name, self.year)


class AreaPopulation(models.Model):
    """Inhabitants of an area on 1 January of a year (CBS Kerncijfers wijken en buurten)."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="populations", verbose_name=_("area"))
    year = models.PositiveSmallIntegerField(_("year"))
    population = models.PositiveIntegerField(_("inhabitants"))
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["area", "year"]
        verbose_name = _("population")
        verbose_name_plural = _("populations")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "year"],
                name="%(app_label)s_%(class)s_unique_area_year",
                violation_error_message=_("This area has a population for this year already."),
            )
        ]

    def __str__(self) -> str:
        return "{} {}: {}".format(self.area.code, self.year, self.population)


class AreaGroup(GemeenteScoped):
    """A named set of wijken, such as the Groningen Noord programme area."""

    slug = models.SlugField(_("slug"), max_length=80)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    members = models.ManyToManyField(Area, related_name="groups", verbose_name=_("members"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("area group")
        verbose_name_plural = _("area groups")
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "slug"],
                name="%(app_label)s_%(class)s_unique_gemeente_slug",
                violation_error_message=_("An area group with this slug exists already."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class PostcodeAllocation(models.Model):
    """The addresses of a four-digit postcode (PC4) that lie in one buurt, for one CBS year.

    Built from the CBS file "Buurt, wijk en gemeente <jaar> voor postcode-huisnummer" (every address with its
    buurt), aggregated to PC4 by address count. Codes, not foreign keys: the national file is kept whole, so a
    gemeente registered later finds its postcodes, and whether a PC4 lies in one gemeente is known even when its
    neighbours are not registered. :func:`veiligheidsbeeld.areas.postcodes.allocate` turns these rows into areas.
    """

    pc4 = models.CharField(_("postcode (PC4)"), max_length=4)
    year = models.PositiveSmallIntegerField(_("CBS year"))
    buurt_code = models.CharField(_("buurt code"), max_length=10)
    wijk_code = models.CharField(_("wijk code"), max_length=10)
    gemeente_code = models.CharField(_("gemeente code"), max_length=6)
    addresses = models.PositiveIntegerField(_("addresses"))
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["year", "pc4", "buurt_code"]
        verbose_name = _("postcode allocation")
        verbose_name_plural = _("postcode allocations")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "pc4", "buurt_code"],
                name="%(app_label)s_%(class)s_unique_year_pc4_buurt",
                violation_error_message=_("This postcode has an allocation to this buurt for this year already."),
            )
        ]
        indexes = [models.Index(fields=["pc4", "year"], name="areas_postcode_pc4_year")]

    def __str__(self) -> str:
        return "{} {} -> {}: {}".format(self.pc4, self.year, self.buurt_code, self.addresses)


class HerindelingSource(models.Model):
    """The herindelingen file loaded last, and the period it covers (queries refuse dates before it)."""

    name = models.CharField(_("file"), max_length=200)
    covers_from = models.DateField(_("covers from"))
    covers_until = models.DateField(_("covers until"))
    content_hash = models.CharField(_("SHA-256 of the file"), max_length=64)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("herindelingen source")
        verbose_name_plural = _("herindelingen sources")

    def __str__(self) -> str:
        return "{} ({} - {})".format(self.name, self.covers_from, self.covers_until)


class Herindeling(models.Model):
    """A gemeentelijke herindeling: from ``date`` on, the gemeente covers its predecessors (whole or in part).

    Loaded from the documented YAML the project maintains (``areas/data/herindelingen.yaml``); read through
    :mod:`veiligheidsbeeld.areas.herindelingen`. Codes, not foreign keys: abolished gemeenten have no row.
    """

    date = models.DateField(_("effective date"))
    gemeente_code = models.CharField(_("gemeente code"), max_length=6)
    gemeente_name = models.CharField(_("gemeente name"), max_length=100)

    class Meta:
        ordering = ["date", "gemeente_code"]
        verbose_name = _("herindeling")
        verbose_name_plural = _("herindelingen")
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente_code", "date"],
                name="%(app_label)s_%(class)s_unique_gemeente_date",
                violation_error_message=_("This gemeente has a herindeling on this date already."),
            )
        ]

    def __str__(self) -> str:
        return "{} {} ({})".format(self.date, self.gemeente_name, self.gemeente_code)


class HerindelingPredecessor(models.Model):
    """A gemeente that went into a herindeling: whole, or only in part (a split gemeente)."""

    herindeling = models.ForeignKey(
        Herindeling, on_delete=models.CASCADE, related_name="predecessors", verbose_name=_("herindeling")
    )
    code = models.CharField(_("gemeente code"), max_length=6)
    name = models.CharField(_("name"), max_length=100)
    whole = models.BooleanField(_("whole"), default=True, help_text=_("False when only part of it joined."))

    class Meta:
        ordering = ["herindeling", "code"]
        verbose_name = _("predecessor")
        verbose_name_plural = _("predecessors")
        constraints = [
            models.UniqueConstraint(
                fields=["herindeling", "code"],
                name="%(app_label)s_%(class)s_unique_herindeling_code",
                violation_error_message=_("This gemeente is a predecessor in this herindeling already."),
            )
        ]

    def __str__(self) -> str:
        return "{} ({}){}".format(self.name, self.code, "" if self.whole else " part")
