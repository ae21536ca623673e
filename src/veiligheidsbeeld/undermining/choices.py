"""Enumerations of the undermining module (DOMAINS.md section 3; Wet Bibob articles as cited)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = [
    "AdviceOutcome", "BarrierStatus", "BibobDecision", "DecisionKind", "DossierStatus", "EntitySchema",
    "Exploitation", "InterventionKind", "InterventionStatus", "LinkSchema", "LinkWeight", "Recipient",
    "Relation", "SignalStatus", "SignalTheme", "Weighing",
]


class SignalTheme(models.TextChoices):
    """Veiligheidskader focus and RIEC verschijningsvormen."""

    DRUGS = "drugs", _("Drugs (cannabis, synthetic)")
    WITWASSEN = "witwassen", _("Money laundering / real estate")
    FRAUDE = "fraude", _("Fraud")
    MILIEU = "milieu", _("Environmental crime")
    OMG = "omg", _("Outlaw motorcycle gangs (OMG)")
    MENSENHANDEL = "mensenhandel", _("Human trafficking / exploitation")


class Exploitation(models.TextChoices):
    """The form of exploitation, for the theme mensenhandel only."""

    SEKSUEEL = "seksueel", _("sexual")
    ARBEID = "arbeid", _("labour")
    CRIMINEEL = "crimineel", _("criminal")


class SignalStatus(models.TextChoices):
    ONTVANGEN = "ontvangen", _("received")
    GEWOGEN = "gewogen", _("weighed")
    NAAR_RIEC = "naar_riec", _("to the RIEC")
    EIGEN_AANPAK = "eigen_aanpak", _("own approach")
    AFGESLOTEN = "afgesloten", _("closed")


class Weighing(models.TextChoices):
    LAAG = "laag", _("low")
    MIDDEN = "midden", _("medium")
    HOOG = "hoog", _("high")


class DossierStatus(models.TextChoices):
    OPEN = "open", _("open")
    AFGESLOTEN = "afgesloten", _("closed")


class InterventionKind(models.TextChoices):
    BESTUURLIJK = "bestuurlijk", _("administrative")
    STRAFRECHTELIJK = "strafrechtelijk", _("criminal law")
    FISCAAL = "fiscaal", _("fiscal")


class InterventionStatus(models.TextChoices):
    GEPLAND = "gepland", _("planned")
    LOPEND = "lopend", _("in progress")
    AFGEROND = "afgerond", _("completed")


class EntitySchema(models.TextChoices):
    """FollowTheMoney node schemata used in a dossier."""

    PERSON = "Person", _("Person")
    COMPANY = "Company", _("Company")
    ADDRESS = "Address", _("Postal address")
    REAL_ESTATE = "RealEstate", _("Real estate")
    VEHICLE = "Vehicle", _("Vehicle")


class LinkSchema(models.TextChoices):
    """FollowTheMoney edge (interval) schemata used in a dossier."""

    OWNERSHIP = "Ownership", _("Ownership")
    DIRECTORSHIP = "Directorship", _("Directorship")
    FAMILY = "Family", _("Family")
    ASSOCIATE = "Associate", _("Associate")
    UNKNOWN_LINK = "UnknownLink", _("Other link")


class LinkWeight(models.TextChoices):
    """How well an edge is established."""

    BEVESTIGD = "bevestigd", _("confirmed (source document)")
    AANNEMELIJK = "aannemelijk", _("probable (several sources)")
    ONBEVESTIGD = "onbevestigd", _("unconfirmed (single signal)")


class DecisionKind(models.TextChoices):
    """The beschikking or transaction a Bibob test is for (Wet Bibob art. 1, 5, 5a)."""

    ALCOHOLWET = "alcoholwet", _("Alcoholwet licence")
    EXPLOITATIE = "exploitatie", _("APV operating licence")
    OMGEVING = "omgeving", _("Environment permit")
    HUISVESTING = "huisvesting", _("Huisvestingswet permit")
    SUBSIDIE = "subsidie", _("Subsidy")
    VASTGOED = "vastgoed", _("Real-estate transaction (art. 5a)")
    OPDRACHT = "opdracht", _("Public contract (art. 5)")


class Relation(models.TextChoices):
    """The betrokkene's relation to the criminal facts (art. 3 lid 4)."""

    ZELF = "zelf", _("committed the facts themselves")
    LEIDING = "leiding", _("direct or indirect control, management or capital")
    ZAKELIJK = "zakelijk", _("business relationship")


class AdviceOutcome(models.TextChoices):
    """The conclusion of the Landelijk Bureau Bibob (or of the own investigation)."""

    ERNSTIG_A = "ernstig_a", _("serious danger (a-ground: benefit from crime)")
    ERNSTIG_B = "ernstig_b", _("serious danger (b-ground: commit crimes)")
    MINDERE_MATE = "mindere_mate", _("lesser degree of danger")
    GEEN = "geen", _("no danger")


class BibobDecision(models.TextChoices):
    VERLEEND = "verleend", _("granted")
    VOORSCHRIFTEN = "voorschriften", _("granted with conditions (art. 3 lid 7)")
    GEWEIGERD = "geweigerd", _("refused")
    INGETROKKEN = "ingetrokken", _("withdrawn")


class Recipient(models.TextChoices):
    """Who may receive Bibob data (art. 28)."""

    BETROKKENE = "betrokkene", _("the betrokkene (reasons of the decision)")
    DRIEHOEK = "driehoek", _("the driehoek (mayor, public prosecutor, police)")
    RIEC = "riec", _("RIEC partners")
    BEZWAAR = "bezwaar", _("the objections committee")
    RECHTER = "rechter", _("the court")
    LBB = "lbb", _("the Landelijk Bureau Bibob")
    OVJ = "ovj", _("the public prosecutor (criminal facts)")


class BarrierStatus(models.TextChoices):
    VOORGESTELD = "voorgesteld", _("proposed")
    ACTIEF = "actief", _("active")
    AFGEROND = "afgerond", _("completed")
