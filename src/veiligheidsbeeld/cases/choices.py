"""Enumerations of the casusregie (issue 16; docs/explanation/casusregie.md; DOMAINS.md §1)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = [
    "CaseType", "Category", "Confidentiality", "Escalation", "Instrument", "InterventionKind", "InterventionStatus",
    "MeetingKind", "NotInformedReason", "PersonRole", "PROTECTIVE_FACTORS", "RISK_FACTORS", "Status", "INSTRUMENTS",
]


class CaseType(models.TextChoices):
    COMPLEX = "complexe_casus", _("Complex case (PGA)")
    TOP_X = "top_x", _("Top-X")
    CONFUSED = "verward_gedrag", _("Confused behaviour (E33, Wvggz)")
    RISK_YOUTH = "risicojeugd", _("Youth at risk")
    RADICALISATION = "radicalisering", _("Radicalisation and extremism")
    DOMESTIC_VIOLENCE = "huiselijk_geweld", _("Domestic violence (structural unsafety)")
    TRAFFICKING = "mensenhandel", _("Human trafficking")
    AFTERCARE = "nazorg", _("Aftercare of ex-detainees")


class Status(models.TextChoices):
    AANGEMELD = "aangemeld", _("Registered")
    TRIAGE = "triage", _("Triage")
    TERUGVERWEZEN = "terugverwezen", _("Referred back")
    BEKENDHEIDSCHECK = "bekendheidscheck", _("Known-check")
    VERRIJKING = "verrijking", _("Enrichment")
    CASUSOVERLEG = "casusoverleg", _("Case meeting")
    PLAN_VASTGESTELD = "plan_vastgesteld", _("Plan adopted")
    UITVOERING = "uitvoering", _("In execution")
    AFGESCHAALD = "afgeschaald", _("Scaled down")
    AFGESLOTEN = "afgesloten", _("Closed")


class Escalation(models.TextChoices):
    UITVOERING = "uitvoering", _("Operational")
    TACTISCH = "tactisch", _("Tactical")
    BESTUURLIJK = "bestuurlijk", _("Administrative (steering group)")


class Confidentiality(models.TextChoices):
    """The eight levels of the ZGW vertrouwelijkheidaanduiding."""

    OPENBAAR = "openbaar", _("Public")
    BEPERKT_OPENBAAR = "beperkt_openbaar", _("Restricted public")
    INTERN = "intern", _("Internal")
    ZAAKVERTROUWELIJK = "zaakvertrouwelijk", _("Case confidential")
    VERTROUWELIJK = "vertrouwelijk", _("Confidential")
    CONFIDENTIEEL = "confidentieel", _("Classified")
    GEHEIM = "geheim", _("Secret")
    ZEER_GEHEIM = "zeer_geheim", _("Top secret")


class PersonRole(models.TextChoices):
    MAIN = "hoofdbetrokkene", _("Main person concerned")
    SYSTEM = "systeemlid", _("Member of the family system")
    VICTIM = "slachtoffer", _("Victim")


class NotInformedReason(models.TextChoices):
    NONE = "", _("(informed)")
    INVESTIGATION = "strafonderzoek", _("Ongoing criminal investigation")
    SAFETY = "veiligheid", _("Safety of the person or others")
    NOT_REACHABLE = "onbereikbaar", _("Not reachable yet")


class Category(models.TextChoices):
    """Data categories of a disclosure and of a participation's scope."""

    GEWOON = "gewoon", _("Ordinary personal data")
    BIJZONDER = "bijzonder", _("Special categories (GDPR art. 9)")
    STRAFRECHTELIJK = "strafrechtelijk", _("Criminal data (GDPR art. 10)")
    ZORG = "zorg", _("Care data")


class InterventionKind(models.TextChoices):
    PREVENTIE = "preventie", _("Prevention")
    ZORG = "zorg", _("Care")
    DRANG = "drang", _("Pressure (drang)")
    DWANG = "dwang", _("Coercion (dwang)")
    BESTUURLIJK = "bestuurlijk", _("Administrative")
    STRAFRECHTELIJK = "strafrechtelijk", _("Criminal law")


class InterventionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RUNNING = "lopend", _("Running")
    DONE = "gereed", _("Done")
    STOPPED = "gestopt", _("Stopped")


class MeetingKind(models.TextChoices):
    TRIAGE = "triage", _("Triage")
    ICO = "ico", _("Integral case meeting (ICO)")
    EVALUATIE = "evaluatie", _("Evaluation")


class Instrument(models.TextChoices):
    ZRM = "zrm", _("Zelfredzaamheid-Matrix (13 domains)")
    PGA = "pga", _("PGA monitor (12 life domains)")


#: instrument -> its domains (names only: the ZRM criteria texts are licensed, GGD Amsterdam) and score range.
INSTRUMENTS: dict[str, dict] = {
    Instrument.ZRM: {
        "domains": [
            "Financiën", "Werk & opleiding", "Tijdsbesteding", "Huisvesting", "Huiselijke relaties",
            "Geestelijke gezondheid", "Lichamelijke gezondheid", "Middelengebruik", "Basale ADL", "Instrumentele ADL",
            "Sociaal netwerk", "Maatschappelijke participatie", "Justitie",
        ],
        "min": 1,
        "max": 5,
    },
    Instrument.PGA: {
        "domains": [
            "Financiën", "Dagbesteding", "Huisvesting", "Huiselijke relaties", "Geestelijke gezondheid",
            "Lichamelijke gezondheid", "Verslaving", "Sociaal netwerk", "Maatschappelijke participatie", "Justitie",
            "Identiteitsbewijs", "Gedrag",
        ],
        "min": 1,
        "max": 5,
    },
}

#: Risk factors of the Veiligheidskader (and the Top-X additions); protective factors from the same domains.
RISK_FACTORS = [
    ("trauma", _("Trauma")), ("schooluitval", _("School drop-out")), ("schulden", _("Debts")),
    ("psychisch", _("Mental health problems")), ("lvb", _("Intellectual disability")),
    ("verslaving", _("Addiction")), ("eenzaamheid", _("Loneliness")),
    ("thuissituatie", _("Problematic home situation")), ("perspectief", _("No prospects")),
    ("huisvesting", _("Housing")), ("financien", _("Finances")), ("dagbesteding", _("Daytime activity / work")),
    ("familie", _("Family relations")), ("gedrag", _("Behaviour")),
]
PROTECTIVE_FACTORS = [
    ("netwerk", _("Supportive network")), ("dagbesteding", _("Daytime activity / work")),
    ("huisvesting", _("Stable housing")), ("hulpacceptatie", _("Accepts help")),
    ("school", _("Attends school")), ("gezin", _("Supportive family")),
]
