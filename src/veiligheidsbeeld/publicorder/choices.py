"""Enumerations of the public-order module (WOM, HEV 2018, art. 151c Gemeentewet, 7-stappenmodel)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = [
    "AgeBand", "CameraMode", "OperationAreaKind", "OperationKind", "DecisionGround", "DecisionKind", "DemonstrationKind", "DemonstrationStatus",
    "EventDecision", "EventKind", "LegacyLabel", "RiskClass", "SignalPhase", "SignalSource", "SignalTheme",
    "SignalUrgency", "Step", "YouthPriority",
]


class DemonstrationKind(models.TextChoices):
    """WOM art. 3/4: the three kinds of manifestation. Nothing about the opinions expressed (art. 4 lid 3)."""

    BETOGING = "betoging", _("Demonstration (betoging)")
    VERGADERING = "vergadering", _("Public meeting (vergadering)")
    SAMENKOMST = "samenkomst", _("Religious or philosophical gathering (samenkomst)")


class DemonstrationStatus(models.TextChoices):
    RECEIVED = "received", _("Notice received")
    HELD = "held", _("Held")
    EVALUATED = "evaluated", _("Evaluated")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class DecisionKind(models.TextChoices):
    VOORSCHRIFT = "voorschrift", _("Requirement (voorschrift, art. 5 lid 1)")
    BEPERKING = "beperking", _("Restriction (beperking, art. 5 lid 1)")
    VERBOD = "verbod", _("Ban (verbod, art. 5 lid 2)")
    AANWIJZING = "aanwijzing", _("Instruction (aanwijzing, art. 6)")
    BEEINDIGING = "beeindiging", _("Order to end (beëindiging, art. 7)")


class DecisionGround(models.TextChoices):
    """The grounds of WOM art. 5 lid 2 (a, b) and the interests of art. 2 (c), plus art. 7 (breach)."""

    LATE_NOTICE = "late_notice", _("Notice not on time (art. 5 lid 2 a)")
    LATE_DATA = "late_data", _("Required data not on time (art. 5 lid 2 b)")
    HEALTH = "health", _("Protection of health (art. 2 a)")
    TRAFFIC = "traffic", _("In the interest of traffic (art. 2 b)")
    DISORDER = "disorder", _("Combating or preventing disorder (art. 2 c)")
    BREACH = "breach", _("No notice, ban, requirement or instruction breached (art. 7 a, b)")


class EventKind(models.TextChoices):
    MELDING = "melding", _("Notification (melding)")
    VERGUNNING = "vergunning", _("Permit (vergunning)")


class RiskClass(models.TextChoices):
    """Behandelclassificatie of the Handreiking Evenementenveiligheid 2018 (step 3)."""

    A = "A", _("A: regular")
    B = "B", _("B: needs attention")
    C = "C", _("C: high risk")


class EventDecision(models.TextChoices):
    PENDING = "", _("Not decided")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
    ACKNOWLEDGED = "acknowledged", _("Notification accepted")


class CameraMode(models.TextChoices):
    FIXED = "fixed", _("Fixed cameras")
    FLEXIBLE = "flexible", _("Flexible (mobile) cameras")


class SignalSource(models.TextChoices):
    SLEUTELFIGUUR = "sleutelfiguur", _("Key figure (sleutelfiguur)")
    WIJ = "wij", _("WIJ community worker")
    WIJKAGENT = "wijkagent", _("Community police officer (wijkagent)")
    BOA = "boa", _("Boa (enforcement officer)")
    ONLINE = "online", _("Online")


class SignalTheme(models.TextChoices):
    POLARISATIE = "polarisatie", _("Polarisation")
    RADICALISERING = "radicalisering", _("Radicalisation")
    ANTI_OVERHEID = "anti_overheid", _("Anti-government")
    INTERGROEP = "intergroep", _("Tension between groups")
    ONLINE_OPRUIING = "online_opruiing", _("Online incitement")


class SignalPhase(models.TextChoices):
    """Phase of a tension (after the Handreiking Omgaan met Maatschappelijke Spanningen 2016; see the docs)."""

    LATENT = "latent", _("Latent")
    RISING = "rising", _("Rising")
    ACUTE = "acute", _("Acute")
    EASING = "easing", _("Easing")
    AFTERCARE = "aftercare", _("Aftercare")


class SignalUrgency(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Step(models.TextChoices):
    """The 7-stappenmodel for problematic youth groups (bureau Beke; wegwijzerjeugdenveiligheid.nl)."""

    S1 = "1", _("1 Share signals")
    S2A = "2A", _("2A Is the group problematic?")
    S2B = "2B", _("2B Name list and group scan")
    S3 = "3", _("3 Integral picture and draft plan")
    S4 = "4", _("4 Problem definition and priority advice")
    S5 = "5", _("5 Plan of action")
    S6 = "6", _("6 Execute and monitor")
    S7 = "7", _("7 Scale down and evaluate")
    CLOSED = "closed", _("Closed")


class YouthPriority(models.TextChoices):
    NONE = "", _("Not set")
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class LegacyLabel(models.TextChoices):
    """The retired Beke shortlist classes (not used since 2015): kept read-only on old records."""

    NONE = "", _("None")
    HINDERLIJK = "hinderlijk", _("Annoying (hinderlijk)")
    OVERLASTGEVEND = "overlastgevend", _("Nuisance (overlastgevend)")
    CRIMINEEL = "crimineel", _("Criminal (crimineel)")


class AgeBand(models.TextChoices):
    UNDER_12 = "lt12", _("under 12")
    A12_15 = "12-15", _("12-15")
    A16_17 = "16-17", _("16-17")
    A18_23 = "18-23", _("18-23")
    OVER_23 = "gt23", _("24 and older")


class OperationKind(models.TextChoices):
    OUD_EN_NIEUW = "oud_en_nieuw", _("New Year's Eve (Oud & Nieuw)")
    OTHER = "other", _("Other operation")


class OperationAreaKind(models.TextChoices):
    FIREWORK_FREE = "firework_free", _("Firework-free zone")
    SUPERVISION = "supervision", _("Extra supervision")
    OTHER = "other", _("Other")
