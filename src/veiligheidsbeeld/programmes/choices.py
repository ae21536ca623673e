"""Choice lists of the programme: measure status, intervention type, area scope, funding, KPI settings."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["AreaScope", "Direction", "FundingSource", "Intervention", "KpiKind", "KpiStatus", "Status"]


class Status(models.TextChoices):
    GEPLAND = "gepland", _("planned")
    LOPEND = "lopend", _("running")
    AFGEROND = "afgerond", _("completed")
    GESTOPT = "gestopt", _("stopped")


class Intervention(models.TextChoices):
    PREVENTIE = "preventie", _("prevention")
    ZORG = "zorg", _("care")
    REPRESSIE = "repressie", _("repression")


class AreaScope(models.TextChoices):
    GEMEENTE = "gemeente", _("whole gemeente")
    AREA_GROUP = "area_group", _("area group")
    WIJK = "wijk", _("wijk")


class FundingSource(models.TextChoices):
    REGULIER = "regulier", _("regular budget")
    CITY_DEAL = "city_deal", _("City Deal")
    REGIODEAL = "regiodeal", _("Regiodeal")
    INCIDENTEEL = "incidenteel", _("one-off funding")
    PARTNER = "partner", _("partner contribution")


class KpiKind(models.TextChoices):
    INDICATOR = "indicator", _("bound to an analysis indicator")
    MANUAL = "manual", _("manual values")
    MODULE = "module", _("bound to a module indicator")


class Direction(models.TextChoices):
    DECREASE = "decrease", _("lower is better")
    INCREASE = "increase", _("higher is better")


class KpiStatus(models.TextChoices):
    ON_TRACK = "on_track", _("on track")
    AT_RISK = "at_risk", _("at risk")
    OFF_TRACK = "off_track", _("off track")
    UNKNOWN = "unknown", _("no data")
