"""Enumerations of the cyber module: the eCSIRT incident taxonomy, BIV impact, breach risk, exercise modules and
awareness target groups.

The incident taxonomy is the eCSIRT.net/ENISA reference taxonomy as MISP publishes it
(``MISP/misp-taxonomies: ecsirt/machinetag.json``): a category (the machine-tag predicate) and a type (its value),
written ``ecsirt:<category>="<type>"``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = [
    "ECSIRT_TYPES", "AwarenessChannel", "CrisisLevel", "EffectMeasure", "ExerciseModule", "Impact",
    "IncidentCategory", "IncidentStatus", "PlanStatus", "ReportedVia", "Risk", "TargetGroup", "ecsirt_tag",
]


class IncidentCategory(models.TextChoices):
    ABUSIVE_CONTENT = "abusive-content", _("Abusive content")
    MALICIOUS_CODE = "malicious-code", _("Malicious code")
    INFORMATION_GATHERING = "information-gathering", _("Information gathering")
    INTRUSION_ATTEMPTS = "intrusion-attempts", _("Intrusion attempts")
    INTRUSIONS = "intrusions", _("Intrusions")
    AVAILABILITY = "availability", _("Availability")
    INFORMATION_CONTENT_SECURITY = "information-content-security", _("Information content security")
    FRAUD = "fraud", _("Fraud")
    VULNERABLE = "vulnerable", _("Vulnerable")
    OTHER = "other", _("Other")


#: category -> its machine-tag values (the ``type``), as in the MISP ecsirt taxonomy.
ECSIRT_TYPES: dict[str, tuple[str, ...]] = {
    "abusive-content": ("spam", "harmful-speech", "violence"),
    "malicious-code": (
        "virus", "worm", "trojan", "spyware", "dialer", "rootkit", "malware", "botnet-drone", "ransomware",
        "malware-configuration", "c&c",
    ),
    "information-gathering": ("scanner", "sniffing", "social-engineering"),
    "intrusion-attempts": ("ids-alert", "brute-force", "exploit"),
    "intrusions": (
        "privileged-account-compromise", "unprivileged-account-compromise", "application-compromise", "bot",
        "defacement", "compromised", "backdoor",
    ),
    "availability": ("dos", "ddos", "sabotage", "outage"),
    "information-content-security": (
        "Unauthorised-information-access", "Unauthorised-information-modification",
    ),
    "fraud": ("copyright", "masquerade", "phishing"),
    "vulnerable": ("vulnerable-service",),
    "other": ("blacklist", "unknown", "other"),
}


def ecsirt_tag(category: str, type_: str = "") -> str:
    """The MISP machine tag of a category and type, e.g. ``ecsirt:malicious-code="ransomware"``."""
    return 'ecsirt:{}="{}"'.format(category, type_) if type_ else "ecsirt:{}".format(category)


class ReportedVia(models.TextChoices):
    MELDLOKET = "meldloket", _("Internal reporting desk (BIO2 5.24.01)")
    SERVICEDESK = "servicedesk", _("Service desk")
    MONITORING = "monitoring", _("Monitoring / SOC")
    SUPPLIER = "supplier", _("Supplier")
    CVD = "cvd", _("Coordinated vulnerability disclosure")
    CSIRT = "csirt", _("CSIRT / IBD warning")
    OTHER = "other", _("Other")


class Impact(models.IntegerChoices):
    NONE = 0, _("none")
    LOW = 1, _("low")
    MEDIUM = 2, _("medium")
    HIGH = 3, _("high")


class CrisisLevel(models.TextChoices):
    NONE = "none", _("No crisis organisation")
    CRISIS_TEAM = "crisis_team", _("Gemeente cyber crisis team")
    VEILIGHEIDSREGIO = "veiligheidsregio", _("Escalated to the Veiligheidsregio (ROT/GBT)")


class IncidentStatus(models.TextChoices):
    OPEN = "open", _("open")
    CONTAINED = "contained", _("contained")
    CLOSED = "closed", _("closed")


class Risk(models.TextChoices):
    UNLIKELY = "unlikely", _("Unlikely to result in a risk (document only, art. 33(5))")
    RISK = "risk", _("Risk to the rights and freedoms (notify the AP, art. 33)")
    HIGH = "high", _("High risk (notify the AP and inform the data subjects, art. 34)")


class DataCategory(models.TextChoices):
    CONTACT = "contact", _("Name and contact details")
    BSN = "bsn", _("BSN or other identification number")
    FINANCIAL = "financial", _("Financial data")
    CREDENTIALS = "credentials", _("User names and passwords")
    SPECIAL = "special", _("Special categories (art. 9)")
    CRIMINAL = "criminal", _("Criminal data (art. 10)")
    CHILDREN = "children", _("Data of children")
    OTHER = "other", _("Other")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    ADOPTED = "adopted", _("adopted")
    SUPERSEDED = "superseded", _("superseded")


class ExerciseModule(models.IntegerChoices):
    """The three escalating modules of the VNG/COT cyber exercise pack."""

    CONTINUITY = 1, _("Module 1: crisis team and continuity of the gemeente")
    TRIANGLE = 2, _("Module 2: with the driehoek (cybercrime)")
    SOCIETY = 3, _("Module 3: with the ROT (impact on society)")


class TargetGroup(models.TextChoices):
    INWONERS = "inwoners", _("Residents")
    ONDERNEMERS = "ondernemers", _("Businesses")
    JONGEREN = "jongeren", _("Young people")
    AMBTENAREN = "ambtenaren", _("Gemeente staff")


class AwarenessChannel(models.TextChoices):
    SOCIAL_MEDIA = "social_media", _("Social media")
    SCHOOL = "school", _("School lessons")
    WORKSHOP = "workshop", _("Workshop or meeting")
    MAILING = "mailing", _("Mailing or newsletter")
    PHISHING_TEST = "phishing_test", _("Phishing simulation")
    EVENT = "event", _("Event")
    OTHER = "other", _("Other")


class EffectMeasure(models.TextChoices):
    NONE = "", _("Not measured")
    CLICK_RATE = "click_rate", _("Phishing-test click rate (%)")
    SURVEY = "survey", _("Survey: share answering correctly (%)")
