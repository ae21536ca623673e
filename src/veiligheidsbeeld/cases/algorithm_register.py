"""The Top-X selection as an entry of the Dutch Algoritmeregister (publicatiestandaard 1.0).

The field names are those of the standard (``name``, ``organization``, ``description_short``, ``status``,
``goal``, ``proportionality``, ``human_intervention``, ``risks``, ``lawful_basis``, ``source_data``,
``methods_and_models``, ``contact_email``, ``publication_category``, ...; as read in the register's own schema,
MinBZK/Algoritmeregister ``frontend/public/standards/v1_0_0.json``). Standard 1.0 joins goal and impact in one
field, ``goal`` ("Doel en impact"); risk management is ``risks`` ("Risicobeheer"). The texts are Dutch, the
register's language, and built from the *published* criteria: the newest version, its peildatum and review
interval, and the list of all versions. No counts and no person leave: the entry describes the rules only.

The contact is ``settings.CASES_ALGORITHM_CONTACT`` (an e-mail address or https URL, as the standard asks), else
the organisation of whoever published the newest version.
"""

from __future__ import annotations

from django.conf import settings

__all__ = ["FIELDS", "STANDARD_VERSION", "entry"]

STANDARD_VERSION = "1.0"

#: field -> its title in the standard (the page shows these; the JSON keeps the field names)
FIELDS = {
    "name": "Naam",
    "organization": "Organisatie",
    "description_short": "Korte omschrijving",
    "category": "Thema",
    "status": "Status",
    "begin_date": "Begindatum",
    "publication_category": "Publicatiecategorie",
    "goal": "Doel en impact",
    "proportionality": "Afwegingen",
    "human_intervention": "Menselijke tussenkomst",
    "risks": "Risicobeheer",
    "lawful_basis": "Wettelijke basis",
    "source_data": "Bronnen",
    "methods_and_models": "Methoden en modellen",
    "contact_email": "Contactgegevens",
    "standard_version": "Versie standaard",
}


def entry(gemeente) -> dict | None:
    """The register entry of ``gemeente``'s Top-X selection, or None when no criteria have been published."""
    from .models import TopXCriteria

    versions = list(TopXCriteria.objects.filter(gemeente=gemeente).select_related(
        "published_by__profile__organisation").order_by("version"))
    if not versions:
        return None
    newest, first = versions[-1], versions[0]
    rules = "; ".join(newest.rules)
    history = "; ".join("versie {} (peildatum {}, gepubliceerd {})".format(
        c.version, c.peildatum.isoformat(), c.published_at.date().isoformat()) for c in versions)
    publisher = getattr(getattr(getattr(newest.published_by, "profile", None), "organisation", None), "name", "")
    contact = getattr(settings, "CASES_ALGORITHM_CONTACT", "") or publisher or "Gemeente {}".format(gemeente.name)
    return {
        "name": "Selectie Top-X persoonsgerichte aanpak",
        "organization": "Gemeente {}".format(gemeente.name),
        "description_short": (
            "Vaste, gepubliceerde regels bepalen wie op de Top-X-lijst van de persoonsgerichte aanpak kan komen. "
            "De procesregisseur van het Zorg- en Veiligheidshuis toetst iedere plaatsing en beslist zelf."),
        "category": ["Openbare orde en veiligheid", "Zorg en gezondheid"],
        "status": "In gebruik",
        "begin_date": first.published_at.strftime("%Y-%m"),
        "publication_category": "Impactvolle algoritmes",
        "goal": (
            "Doel: de kleine groep personen die veel high-impact crimes pleegt en problemen heeft op meerdere "
            "leefgebieden vinden, zodat partners samen zorg, begeleiding en waar nodig drang en dwang bieden en "
            "herhaling voorkomen. Impact: wie op de lijst staat, krijgt een procesregisseur en een plan van "
            "aanpak; partners met een deelname delen gegevens over de persoon. Plaatsing kan ingrijpend zijn en "
            "wordt iedere {} maanden opnieuw getoetst.".format(newest.review_months)),
        "proportionality": (
            "De regels zijn gepubliceerd en geversioneerd; iedere plaatsing noemt de versie waaronder zij is "
            "gedaan. Wie niet meer aan de regels voldoet, stroomt uit. Het WODC (2023) vond dat Top600-leden "
            "vaker recidiveren dan vergelijkbare daders; daarom telt de gemeente hoeveel personen binnen 12 en 24 "
            "maanden na uitstroom terugkomen en weegt zij de aanpak periodiek opnieuw."),
        "human_intervention": (
            "Het algoritme beslist niets zelf: de regels wijzen mogelijke kandidaten aan, de procesregisseur "
            "plaatst een persoon op de lijst met een vastgelegde reden en toetst iedere plaatsing op de toetsdatum "
            "(blijft of stroomt uit, met reden). Iedere plaatsing, toets en uitstroom staat in het auditlog."),
        "risks": (
            "Risico's: stigmatisering, ongelijke behandeling en 'net-widening' (zoals het volgen van broers en "
            "zussen, waarmee Amsterdam stopt). Beheersing: gepubliceerde regels zonder zelflerende modellen (WGS), "
            "menselijke beslissing per plaatsing, halfjaarlijkse toets met herinnering, need-to-know per casus, "
            "inzage voor betrokkenen via het WGS-contactpunt en monitoring van recidive na uitstroom."),
        "lawful_basis": (
            "Wet gegevensverwerking door samenwerkingsverbanden (WGS, Stb. 2024, 198) en Besluit (Stb. 2024, 380), "
            "sinds 1 maart 2025; AVG art. 6 lid 1 sub e, art. 9 en 10 met de UAVG; convenant Zorg- en "
            "Veiligheidshuis."),
        "source_data": (
            "Politieregistraties van aanhoudingen en veroordelingen voor high-impact crimes (door de politie "
            "aangeleverd), casusgegevens van het Zorg- en Veiligheidshuis (leefgebieden, risicofactoren)."),
        "methods_and_models": (
            "Regelgebaseerde selectie, geen zelflerend model. Geldende regels (versie {}, peildatum {}): {}. "
            "Toets iedere {} maanden. Versies: {}.".format(newest.version, newest.peildatum.isoformat(), rules,
                                                          newest.review_months, history)),
        "contact_email": contact,
        "standard_version": STANDARD_VERSION,
    }
