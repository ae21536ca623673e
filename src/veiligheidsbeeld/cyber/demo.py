"""Fictitious records of the cyber module for the demo gemeente (Voorbeeldstad): incidents with their clocks (one
data breach notified late, with its reason), a crisis plan with an exercise and its actions, and campaigns.

Every time is relative to the moment the demo is built, so the clocks on the screens are running, met or late
whatever the day. All names are fictitious and say so.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from veiligheidsbeeld.core.calendar import AMSTERDAM

from . import services
from .choices import IncidentStatus

__all__ = ["build"]


def _at(now: dt.datetime, days: float, hour: int = 10) -> dt.datetime:
    """``days`` before ``now`` at ``hour`` o'clock, Amsterdam time."""
    local = (now - dt.timedelta(days=days)).astimezone(AMSTERDAM)
    return local.replace(hour=hour, minute=0, second=0, microsecond=0)


def build(gemeente, users: dict, organisations: dict, *, now: dt.datetime | None = None) -> dict:
    """Add the demo records; returns counts for the demo summary."""
    now = now or timezone.now()
    actor = users.get("ciso")
    owner = "Proceseigenaar Sociaal Domein (fictief)"

    phishing = services.create_incident(
        gemeente, actor=actor, title="Phishingmail aan medewerkers met valse inlogpagina (fictief)",
        description="Veertig medewerkers kregen een mail met een nagemaakte inlogpagina; twee vulden hun "
                    "wachtwoord in. Accounts direct geblokkeerd.",
        discovered_at=_at(now, 75, 9), reported_via="meldloket", process_owner="Proceseigenaar I&A (fictief)",
        category="fraud", type="phishing", impact_confidentiality=2, impact_integrity=1,
    )
    services.add_action(incident=phishing, description="Multifactorauthenticatie voor webmail afdwingen",
                        owner="Teamleider I&A (fictief)", due=(now - dt.timedelta(days=45)).date(), actor=actor)
    services.change_status(phishing, IncidentStatus.CLOSED, actor=actor, at=_at(now, 60))

    # The breach notified late: aware on a Friday afternoon, AP notified the next Tuesday (more than 72 hours).
    friday = _at(now, 40, 16)
    friday -= dt.timedelta(days=(friday.weekday() - 4) % 7)
    breach = services.create_incident(
        gemeente, actor=actor, title="E-mail met Wmo-gegevens aan verkeerde ontvanger (fictief)",
        description="Een overzicht met namen en indicaties van 57 fictieve Wmo-cliënten is naar een externe "
                    "ontvanger gemaild.",
        discovered_at=friday, reported_via="meldloket", process_owner=owner,
        category="information-content-security", type="Unauthorised-information-access",
        impact_confidentiality=3,
    )
    services.record_breach(
        breach, actor=actor, aware_at=friday, persons_affected=57, data_categories=["contact", "special"],
        risk="high", risk_reasoning="Gezondheidsgegevens (art. 9) van kwetsbare inwoners.",
        ap_notified_at=friday + dt.timedelta(days=4, hours=-6), ap_reference="m0000000-fictief",
        late_reason="De ontvanger bevestigde pas maandagmiddag dat de mail was verwijderd; tot dan was de "
                    "omvang onduidelijk. De proceseigenaar was in het weekend niet bereikbaar (fictief).",
        subjects_informed_at=friday + dt.timedelta(days=5),
    )
    services.add_action(incident=breach, description="Automatische aanvulling van e-mailadressen uitzetten",
                        owner="Functioneel beheer Sociaal Domein (fictief)",
                        due=(now - dt.timedelta(days=20)).date(), actor=actor)
    services.change_status(breach, IncidentStatus.CONTAINED, actor=actor)

    laptop = services.create_incident(
        gemeente, actor=actor, title="Versleutelde laptop verloren in de trein (fictief)",
        discovered_at=_at(now, 12, 8), reported_via="servicedesk", process_owner="Proceseigenaar Burgerzaken (fictief)",
        category="other", type="other", impact_availability=1,
    )
    services.record_breach(
        laptop, actor=actor, aware_at=_at(now, 12, 8), persons_affected=0, data_categories=["contact"], risk="unlikely",
        risk_reasoning="Volledige schijfversleuteling en op afstand gewist; geen risico voor betrokkenen "
                       "(gedocumenteerd, niet gemeld, art. 33(5)).",
    )

    ransomware = services.create_incident(
        gemeente, actor=actor, title="Ransomware bij leverancier van het zaaksysteem (fictief)",
        description="Leverancier 'Voorbeeld Software BV' (fictief) meldt versleutelde servers; het zaaksysteem "
                    "is niet beschikbaar.",
        discovered_at=_at(now, 2, 7), reported_via="supplier", process_owner="Proceseigenaar Dienstverlening (fictief)",
        category="malicious-code", type="ransomware", impact_availability=3, impact_integrity=2,
        crisis_level="crisis_team",
    )
    services.record_cbw(ransomware, actor=actor, aware_at=_at(now, 2, 7),
                        early_warning_at=_at(now, 2, 7) + dt.timedelta(hours=5))
    services.add_action(incident=ransomware, description="Noodprocedure papieren aanvragen activeren",
                        owner="Teamleider KCC (fictief)", due=(now + dt.timedelta(days=2)).date(), actor=actor)

    ddos = services.create_incident(
        gemeente, actor=actor, title="DDoS-aanval op de website (fictief)", discovered_at=_at(now, 1, 13),
        reported_via="monitoring", process_owner="Proceseigenaar Communicatie (fictief)", category="availability",
        type="ddos", impact_availability=2, cvd_source="",
    )

    plan = services.create_plan(
        gemeente, actor=actor, version="1.0", status="adopted", adopted_on=(now - dt.timedelta(days=200)).date(),
        scenarios="Ransomware legt de gemeentelijke dienstverlening stil\n"
                  "Uitval van een vitale leverancier (zaaksysteem, BRP-koppeling)\n"
                  "Grootschalig datalek met publicatie van gegevens van inwoners",
        escalation_criteria="Uitval van dienstverlening langer dan 24 uur\n"
                            "Gevolgen buiten de gemeentelijke organisatie (maatschappelijke impact)\n"
                            "Betrokkenheid van vitale aanbieders of meerdere gemeenten: opschalen naar ROT/GBT",
        roles="Voorzitter cybercrisisteam: gemeentesecretaris (fictief)\n"
              "CISO: informatiebeveiliger (fictief)\nFG: functionaris gegevensbescherming (fictief)\n"
              "Woordvoerder: afdeling Communicatie (fictief)\nLiaison Veiligheidsregio: AOV'er (fictief)",
        cold_phase="Back-ups offline getest per kwartaal; contracten met incident-response partij.",
    )
    exercise = services.create_exercise(
        gemeente, actor=actor, plan=plan, title="Oefening ransomware in het zaaksysteem (fictief)", module=1,
        held_on=(now - dt.timedelta(days=90)).date(),
        participants="Cybercrisisteam, Communicatie, I&A (fictief)",
        evaluation="Het team schaalde snel op; de telefoonlijst was verouderd en back-ups bleken niet offline.",
    )
    findings = [
        ("Telefoonlijst crisisteam verouderd", "Telefoonlijst bijwerken en elk kwartaal controleren",
         "Secretaris crisisteam (fictief)", -60, -65),
        ("Back-ups niet offline beschikbaar", "Offline back-up van het zaaksysteem inrichten",
         "Teamleider I&A (fictief)", -30, -21),
        ("Rol van de woordvoerder onduidelijk", "Communicatieparagraaf in het crisisplan opnemen",
         "Afdeling Communicatie (fictief)", 14, None),
        ("Geen afspraken met de leverancier over melden", "Meldplicht in het contract met de leverancier",
         "Inkoop (fictief)", -5, None),
    ]
    for finding, description, action_owner, due_days, done_days in findings:
        action = services.add_action(exercise=exercise, finding=finding, description=description,
                                     owner=action_owner, due=(now + dt.timedelta(days=due_days)).date(), actor=actor)
        if done_days is not None:
            services.complete_action(action, done_on=(now + dt.timedelta(days=done_days)).date(), actor=actor)

    from veiligheidsbeeld.programmes.models import Measure

    line = Measure.objects.filter(gemeente=gemeente, priority_code="digitale-veiligheid",
                                  title__icontains="jongeren").first()
    year_start = dt.date(now.year, 1, 1)
    campaigns = [
        dict(title="Gastlessen 'Hack je niet gek' op vmbo-scholen (fictief)", target_group="jongeren",
             channel="school", reach=450, reach_unit="leerlingen", effect_measure="survey",
             effect_before=Decimal("48.0"), effect_after=Decimal("71.0"), measure=line),
        dict(title="Phishingtest medewerkers (fictief)", target_group="ambtenaren", channel="phishing_test",
             reach=1200, reach_unit="medewerkers", effect_measure="click_rate", effect_before=Decimal("23.0"),
             effect_after=Decimal("9.5")),
        dict(title="Workshop cyberweerbaarheid voor mkb (fictief)", target_group="ondernemers", channel="workshop",
             reach=60, reach_unit="deelnemers", measure=line),
        dict(title="Campagne 'Eerst checken, dan klikken' (fictief)", target_group="inwoners",
             channel="social_media", reach=18000, reach_unit="vertoningen"),
    ]
    for n, fields in enumerate(campaigns):
        start = year_start + dt.timedelta(days=30 * n)
        services.create_campaign(gemeente, actor=actor, start=start, end=start + dt.timedelta(days=45), **fields)
    return {"incidents": 5, "breaches": 2, "significant": 1, "crisis_plans": 1, "exercises": 1,
            "actions": 3 + len(findings), "campaigns": len(campaigns), "open": ddos.reference}
