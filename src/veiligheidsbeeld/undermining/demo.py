"""Fictitious undermining records for the demo gemeente: signals, one RIEC dossier with a network, Bibob dossiers
in every clock state (running, due soon, overdue, met, late) plus one reusing an advice, a barrier model, and
fictitious KWB indicators for the vulnerability composite. Every name is clearly fictitious; the BSNs pass the
eleven test but lie in the 99999xxxx test range."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from veiligheidsbeeld.areas.models import Area

from . import services
from .choices import (
    AdviceOutcome,
    BibobDecision,
    EntitySchema,
    InterventionKind,
    LinkSchema,
    LinkWeight,
    SignalStatus,
    SignalTheme,
)
from .models import AreaIndicator

__all__ = ["build"]

SOURCES = ("Handhaving (fictief)", "Politie (fictief)", "Meldpunt ondermijning (fictief)", "Woningcorporatie (fictief)",
           "Belastingdienst (fictief)")
#: theme -> SBI codes that fit it (horeca, kapsalons, autohandel, vastgoed, uitzendbureaus, afvalverwerking)
SBI = {
    SignalTheme.DRUGS: ("5630", "4711", ""), SignalTheme.WITWASSEN: ("6810", "9602", "4511"),
    SignalTheme.FRAUDE: ("7820", "4120", ""), SignalTheme.MILIEU: ("3821", "3831"),
    SignalTheme.OMG: ("5630", "9313"), SignalTheme.MENSENHANDEL: ("9604", "7820", "5610"),
}
LEGAL = "Convenant RIEC Noord art. 4 (fictief); WGS art. 2.1"


def _bsn(value: str) -> str:
    """A test BSN, or "" when no pseudonymisation key is configured (the demo then records no BSN at all)."""
    from veiligheidsbeeld.core.pseudonyms import PseudonymKeyMissing, key_from_settings

    try:
        key_from_settings()
    except PseudonymKeyMissing:
        return ""
    return value


def _signals(gemeente, users, today, rng) -> list:
    buurten = list(Area.objects.filter(gemeente=gemeente, level="buurt").order_by("code"))
    actor = users.get("analist")
    signals = []
    themes = list(SignalTheme.values)
    for i in range(36):
        theme = themes[i % len(themes)] if i < 12 else rng.choice(themes)
        buurt = rng.choice(buurten[: max(1, len(buurten) // 3)] if rng.random() < 0.5 else buurten)
        signal = services.receive_signal(
            gemeente, actor=actor, source=rng.choice(SOURCES),
            received_on=today - dt.timedelta(days=rng.randint(5, 600)), theme=theme,
            exploitation=rng.choice(["seksueel", "arbeid", "crimineel"]) if theme == SignalTheme.MENSENHANDEL else "",
            sbi_code=rng.choice(SBI[theme]), area=buurt,
            address="Nepstraat {} (fictief), {}".format(rng.randint(1, 120), gemeente.name),
            description="Fictief signaal {} voor de demo.".format(i + 1),
        )
        if i % 3:
            signal = services.change_signal_status(signal, SignalStatus.GEWOGEN, actor=actor,
                                                   weighing=rng.choice(["laag", "midden", "hoog"]), note="demo")
            if i % 3 == 2:
                signal = services.change_signal_status(
                    signal, rng.choice([SignalStatus.NAAR_RIEC, SignalStatus.EIGEN_AANPAK]), actor=actor)
        signals.append(signal)
    return signals


def _dossier(gemeente, users, organisations, signals):
    team = [users[name] for name in ("politie", "procesregisseur") if name in users]
    dossier = services.create_dossier(
        gemeente, actor=users.get("beleidsadviseur"), reference="RIEC-DEMO-001",
        title="Fictieve Holding en kapsalons (fictief)",
        strategy="Barrières opwerpen: Bibob-toets bij vergunningen, boekenonderzoek, strafrechtelijk onderzoek.",
        team=team, partners=[o for k, o in organisations.items() if k in ("politie",)],
    )
    add = services.add_entity
    jan = add(dossier, schema=EntitySchema.PERSON, caption="Jan Fictief", bsn=_bsn("999990019"),
              properties={"birthDate": ["1979-04-01"], "nationality": ["nl"]})
    marie = add(dossier, schema=EntitySchema.PERSON, caption="Marie Voorbeeld", bsn=_bsn("999990020"),
                properties={"birthDate": ["1984-09-12"]})
    holding = add(dossier, schema=EntitySchema.COMPANY, caption="Fictief Holding B.V.",
                  properties={"registrationNumber": ["99000001"], "legalForm": ["Besloten vennootschap"],
                              "jurisdiction": ["nl"]})
    salon = add(dossier, schema=EntitySchema.COMPANY, caption="Kapsalon Nep V.O.F.",
                properties={"registrationNumber": ["99000002"], "sector": ["9602"], "jurisdiction": ["nl"]})
    address = add(dossier, schema=EntitySchema.ADDRESS, caption="Nepstraat 1, 9999 ZZ Voorbeeldstad (fictief)",
                  properties={"street": ["Nepstraat 1"], "postalCode": ["9999 ZZ"], "city": ["Voorbeeldstad"],
                              "country": ["nl"], "keywords": ["bag:9999010000000001"]})
    house = add(dossier, schema=EntitySchema.REAL_ESTATE, caption="Woning Nepstraat 3 (fictief)",
                properties={"cadastralCode": ["VBS00 A 1234"], "propertyType": ["woning"], "country": ["nl"]})
    car = add(dossier, schema=EntitySchema.VEHICLE, caption="XX-999-X",
              properties={"model": ["fictief model"], "type": ["personenauto"]})
    link = services.add_link
    link(dossier, schema=LinkSchema.OWNERSHIP, source=jan, target=holding, percentage=100,
         start_date=dt.date(2019, 3, 1), provenance="KvK-uittreksel 2026-10 (fictief)", legal_basis=LEGAL,
         weight=LinkWeight.BEVESTIGD, role="enig aandeelhouder")
    link(dossier, schema=LinkSchema.OWNERSHIP, source=holding, target=salon, percentage=60,
         provenance="KvK-uittreksel 2026-10 (fictief)", legal_basis=LEGAL, weight=LinkWeight.BEVESTIGD)
    link(dossier, schema=LinkSchema.DIRECTORSHIP, source=marie, target=salon, role="vennoot",
         start_date=dt.date(2023, 6, 1), provenance="KvK-uittreksel 2026-10 (fictief)", legal_basis=LEGAL,
         weight=LinkWeight.BEVESTIGD)
    link(dossier, schema=LinkSchema.FAMILY, source=jan, target=marie, role="partner",
         provenance="BRP-bevraging (fictief)", legal_basis=LEGAL, weight=LinkWeight.AANNEMELIJK)
    link(dossier, schema=LinkSchema.OWNERSHIP, source=holding, target=house, percentage=100,
         provenance="Kadaster (fictief)", legal_basis=LEGAL, weight=LinkWeight.BEVESTIGD)
    link(dossier, schema=LinkSchema.OWNERSHIP, source=jan, target=car, provenance="RDW (fictief)",
         legal_basis=LEGAL, weight=LinkWeight.BEVESTIGD)
    link(dossier, schema=LinkSchema.UNKNOWN_LINK, source=salon, target=address, role="vestigingsadres",
         provenance="Signaal handhaving (fictief)", legal_basis=LEGAL, weight=LinkWeight.ONBEVESTIGD)
    owners = {"bestuurlijk": organisations.get("gemeente"), "strafrechtelijk": organisations.get("politie"),
              "fiscaal": organisations.get("gemeente")}
    for kind, text in ((InterventionKind.BESTUURLIJK, "Bibob-toets exploitatievergunning"),
                       (InterventionKind.FISCAAL, "Boekenonderzoek (Belastingdienst, fictief)"),
                       (InterventionKind.STRAFRECHTELIJK, "Opsporingsonderzoek witwassen (fictief)")):
        services.add_intervention(dossier, actor=users.get("beleidsadviseur"), kind=kind, description=text,
                                  owner=owners[kind], planned_on=timezone.localdate() + dt.timedelta(days=30))
    for signal in signals[:3]:
        if signal.status == SignalStatus.ONTVANGEN:
            signal = services.change_signal_status(signal, SignalStatus.GEWOGEN, actor=users.get("analist"),
                                                   weighing="hoog")
        if signal.status == SignalStatus.GEWOGEN:
            services.change_signal_status(signal, SignalStatus.NAAR_RIEC, actor=users.get("analist"),
                                          dossier=dossier)
    return dossier


def _bibob(gemeente, users, today) -> dict:
    owner = users.get("beleidsadviseur")
    week = dt.timedelta(weeks=1)

    def make(ref, subject, kind, application_on, **fields):
        return services.create_bibob_dossier(
            gemeente, actor=owner, reference=ref, subject=subject, decision_kind=kind, application_on=application_on,
            responsible=owner, betrokkene_name=fields.pop("name", "Nep Horeca B.V. (fictief)"),
            betrokkene_address="Nepstraat 7, 9999 ZZ Voorbeeldstad (fictief)", legal_form="Besloten vennootschap",
            relation="zelf", **fields)

    made = {}
    # running: advice requested ten days ago
    d = make("BIB-DEMO-1", "Exploitatievergunning Café Nep (fictief)", "exploitatie", today - 2 * week,
             kvk_number="99000011")
    made["running"] = services.request_advice(d, today - dt.timedelta(days=10), actor=owner)
    # due soon: the advice is due within a week
    d = make("BIB-DEMO-2", "Alcoholwetvergunning Snackbar Nep (fictief)", "alcoholwet", today - 9 * week,
             kvk_number="99000012")
    made["due_soon"] = services.request_advice(d, today - 8 * week + dt.timedelta(days=3), actor=owner)
    # overdue: ten weeks, no extension, no advice
    d = make("BIB-DEMO-3", "Omgevingsvergunning loods Nepweg (fictief)", "omgeving", today - 11 * week,
             kvk_number="99000013")
    d = services.request_advice(d, today - 10 * week, actor=owner)
    made["overdue"] = services.notify_art32(d, today - 10 * week + dt.timedelta(days=2), actor=owner)
    # met: advice within 8 weeks, lesser danger -> conditions after a zienswijze
    d = make("BIB-DEMO-4", "Exploitatievergunning Shishalounge Nep (fictief)", "exploitatie", today - 20 * week,
             kvk_number="99000014", bsn=_bsn("999990032"), name="Piet Proef (fictief)")
    d = services.request_advice(d, today - 19 * week, actor=owner)
    d = services.notify_art32(d, today - 19 * week, actor=owner)
    d = services.receive_advice(d, today - 13 * week, AdviceOutcome.MINDERE_MATE, actor=owner)
    d = services.request_zienswijze(d, today - 12 * week, actor=owner)
    d = services.receive_zienswijze(d, today - 10 * week, actor=owner)
    made["met"] = services.decide_bibob(d, BibobDecision.VOORSCHRIFTEN, today - 9 * week, actor=owner)
    # late: extended by 4 weeks and still late; serious danger -> refused
    d = make("BIB-DEMO-5", "Vastgoedtransactie Nepplein 2 (fictief)", "vastgoed", today - 30 * week,
             kvk_number="99000015")
    d = services.request_advice(d, today - 29 * week, actor=owner)
    d = services.extend_advice(d, 4, actor=owner)
    d = services.receive_advice(d, today - 15 * week, AdviceOutcome.ERNSTIG_A, actor=owner)
    d = services.request_zienswijze(d, today - 14 * week, actor=owner)
    made["late"] = services.decide_bibob(d, BibobDecision.GEWEIGERD, today - 11 * week, actor=owner)
    # reuse (art. 29): a new application of the same betrokkene within 2 years
    d = make("BIB-DEMO-6", "Terrasvergunning Shishalounge Nep (fictief)", "exploitatie", today - week,
             kvk_number="99000014", bsn=_bsn("999990032"), name="Piet Proef (fictief)")
    made["reuse"] = services.reuse_advice(d, made["met"], actor=owner)
    services.disclose_bibob(made["late"], recipient_kind="bezwaar", recipient="Bezwaarcommissie (fictief)",
                            purpose="Bezwaar tegen de weigering", actor=owner)
    return {state: dossier.reference for state, dossier in made.items()}


def _barriers(gemeente, users, organisations, signals):
    from veiligheidsbeeld.programmes.models import Measure

    model = services.model_from_template(gemeente, "hennep", actor=users.get("beleidsadviseur"))
    steps = list(model.steps.order_by("order"))
    measures = list(Measure.objects.filter(gemeente=gemeente, priority_code="ondermijning")[:1])
    drugs = [s for s in signals if s.theme == SignalTheme.DRUGS][:2]
    services.add_barrier(steps[1], measure="Screening bij verhuur bedrijfspanden (fictief)",
                         owner=organisations.get("gemeente"), status="actief", signals=drugs,
                         programme_measures=measures, actor=users.get("beleidsadviseur"))
    services.add_barrier(steps[3], measure="Afspraken met netbeheerder over afwijkend verbruik (fictief)",
                         owner=organisations.get("politie"), status="voorgesteld",
                         actor=users.get("beleidsadviseur"))
    return model


def _indicators(gemeente, rng) -> int:
    rows = []
    for wijk in Area.objects.filter(gemeente=gemeente, level="wijk"):
        values = {"woz": rng.uniform(180_000, 420_000), "rented_share": rng.uniform(20, 70),
                  "business_establishments": rng.uniform(80, 400), "population_change": rng.uniform(-3, 4)}
        rows.extend(AreaIndicator(area_code=wijk.code, year=timezone.localdate().year - 1, indicator=name,
                                  value=round(value, 1), source="demo (fictitious)") for name, value in values.items())
    AreaIndicator.objects.filter(area_code__in=[r.area_code for r in rows]).delete()
    AreaIndicator.objects.bulk_create(rows)
    return len(rows)


def build(gemeente, users, organisations) -> dict:
    rng = random.Random(18)
    today = timezone.localdate()
    signals = _signals(gemeente, users, today, rng)
    dossier = _dossier(gemeente, users, organisations, signals)
    bibob = _bibob(gemeente, users, today)
    model = _barriers(gemeente, users, organisations, signals)
    indicators = _indicators(gemeente, rng)
    return {"signals": len(signals), "dossier": dossier.reference, "entities": dossier.entities.count(),
            "links": dossier.links.count(), "bibob": bibob, "barrier_model": model.phenomenon,
            "area_indicators": indicators}
