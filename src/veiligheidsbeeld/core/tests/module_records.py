"""Records of the four domain modules in one year, for the tests of the modules' indicators (issues 16-19).

The numbers are chosen so that every module has one figure at or above the disclosure threshold (5) and one
below it, and every breakdown a small cell; :data:`EXPECTED` holds the reference values (no policy) computed by
hand from what :func:`make_module_records` creates.
"""

from __future__ import annotations

import datetime as dt

from veiligheidsbeeld.core.calendar import AMSTERDAM


def _at(year, month, day, hour=12):
    return dt.datetime(year, month, day, hour, tzinfo=AMSTERDAM)


#: Reference values without a disclosure policy: key -> value, and key -> {breakdown label (English): count}.
EXPECTED = {
    # cases: 6 complex cases + 2 Top-X registered in the year (residues), days to plan 10, 20, ..., 80
    "cases.registered": 8,
    "cases.days_to_plan": 45.0,
    # 8 residues x 4 domains measured, 3 improved each -> 24 of 32 = 75 %
    "cases.domains_improved": 75.0,
    # public order: 7 notices, 6 on time; 2 events of class B; 6 tension signals (5 in Wijk 0, 1 in Wijk 1)
    "publicorder.notices": 7,
    "publicorder.notices_on_time": 85.7,
    "publicorder.events": 2,
    "publicorder.tension_signals": 6,
    # undermining: 5 drugs + 1 fraud signals; 3 Bibob tests, advice after 50, 60 and 70 days
    "undermining.signals": 6,
    "undermining.bibob_tests": 3,
    "undermining.bibob_advice_days": 60.0,
    "undermining.interventions": 0,
    # the 6 signals: 5 without SBI code ("?") in a buurt of Wijk 0, the fraud one of section I in Wijk 1; no Bibob
    # decision, no barrier yet
    "undermining.signals_by_sector": 6,
    "undermining.signals_by_wijk": 6,
    "undermining.bibob_decisions": 0,
    "undermining.barriers": 0,
    # cyber: 6 incidents (5 fraud of medium severity, 1 malicious code of high severity), 2 exercises
    "cyber.incidents": 6,
    "cyber.incidents_by_severity": 6,
    "cyber.campaign_reach": 0,
    "cyber.exercises": 2,
}
EXPECTED_ROWS = {
    "cases.registered": {"Complex case (PGA)": 6, "Top-X": 2},
    "publicorder.tension_signals": {"Wijk 0": 5, "Wijk 1": 1},
    "undermining.signals": {"Drugs (cannabis, synthetic)": 5, "Fraud": 1},
    "undermining.signals_by_sector": {"?": 5, "I": 1},
    "undermining.signals_by_wijk": {"Wijk 0": 5, "Wijk 1": 1},
    "cyber.incidents": {"Fraud": 5, "Malicious code": 1},
    "cyber.incidents_by_severity": {"medium": 5, "high": 1},
}


def make_module_records(gemeente, year: int) -> None:
    """Create the records behind :data:`EXPECTED` in ``year`` (and one record of every kind the year before,
    which must not count)."""
    from veiligheidsbeeld.areas.models import Area
    from veiligheidsbeeld.cases.models import CaseResidue
    from veiligheidsbeeld.cyber import services as cyber
    from veiligheidsbeeld.cyber.models import Exercise
    from veiligheidsbeeld.publicorder import services as publicorder
    from veiligheidsbeeld.undermining.models import BibobDossier, Signal

    wijk0 = Area.objects.get(gemeente=gemeente, level="wijk", code__endswith="00")
    wijk1 = Area.objects.get(gemeente=gemeente, level="wijk", code__endswith="01")
    buurt = Area.objects.filter(parent=wijk0).order_by("code").first()
    for k, case_type in enumerate(["complexe_casus"] * 6 + ["top_x"] * 2):
        CaseResidue.objects.create(gemeente=gemeente, case_type=case_type, wijk_code=wijk0.code,
                                   registered_year=year, days_to_plan=10 * (k + 1), domains_measured=4,
                                   domains_improved=3)
    CaseResidue.objects.create(gemeente=gemeente, case_type="top_x", wijk_code=wijk0.code,
                               registered_year=year - 1, days_to_plan=500)

    for k in range(7):
        start = _at(year, 6, 1 + k, 14)
        # the notice term is 48 hours: the last one arrives a day before the start, too late
        received = start - dt.timedelta(days=1 if k == 6 else 10)
        publicorder.register_notice(
            gemeente, kind="betoging", received_at=received, organiser_name="Fictieve Organisator",
            organiser_contact="fictief@example.org", leader_name="Fictieve Leider", starts_at=start,
            ends_at=start + dt.timedelta(hours=2), place="Marktplein", wijk=wijk0, expected_participants=50)
    for k in range(2):
        event = publicorder.register_event(
            gemeente, name="Feest {}".format(k), kind="melding", received_on=dt.date(year, 3, 1),
            starts_at=_at(year, 5, 1 + k), ends_at=_at(year, 5, 1 + k, 23), location="Park", wijk=wijk0,
            visitors=500)
        event.risk_class = "B"
        event.save()
    for k, wijk in enumerate([wijk0] * 5 + [wijk1]):
        publicorder.record_signal(gemeente, received_on=dt.date(year, 4, 1 + k), source_type="wij", wijk=wijk,
                                  theme="polarisatie", phase="latent", urgency="low", summary="Spanning (fictief)")
    publicorder.record_signal(gemeente, received_on=dt.date(year - 1, 4, 1), source_type="wij", wijk=wijk1,
                              theme="polarisatie", phase="latent", urgency="low", summary="Vorig jaar (fictief)")

    other_buurt = Area.objects.filter(parent=wijk1).order_by("code").first()
    for k, theme in enumerate(["drugs"] * 5 + ["fraude"]):
        fraud = theme == "fraude"  # a restaurant (SBI 56101, section I) in a buurt of Wijk 1
        Signal.objects.create(gemeente=gemeente, source="Handhaving", received_on=dt.date(year, 2, 1 + k),
                              theme=theme, area=other_buurt if fraud else buurt, sbi_code="56101" if fraud else "")
    Signal.objects.create(gemeente=gemeente, source="Politie", received_on=dt.date(year - 1, 2, 1), theme="omg")
    for k in range(3):
        requested = dt.date(year, 1, 10 + k)
        BibobDossier.objects.create(
            gemeente=gemeente, reference="BB-{}-{}".format(year, k), decision_kind="alcoholwet",
            subject="Horecavergunning (fictief)", application_on=dt.date(year, 1, 2 + k),
            advice_requested_on=requested, advice_received_on=requested + dt.timedelta(days=50 + 10 * k))

    for k, category in enumerate(["fraud"] * 5 + ["malicious-code"]):
        cyber.create_incident(gemeente, title="Incident {} (fictief)".format(k), discovered_at=_at(year, 3, 1 + k),
                              reported_via="meldloket", process_owner="Proceseigenaar (fictief)", category=category,
                              type="phishing", impact_confidentiality=3 if category == "malicious-code" else 2)
    cyber.create_incident(gemeente, title="Vorig jaar (fictief)", discovered_at=_at(year - 1, 3, 1),
                          reported_via="meldloket", process_owner="Proceseigenaar (fictief)", category="fraud",
                          type="phishing", impact_confidentiality=2)
    for k in range(2):
        Exercise.objects.create(gemeente=gemeente, title="Oefening {}".format(k), held_on=dt.date(year, 9, 1 + k),
                                **_exercise_fields())


def _exercise_fields() -> dict:
    """The required fields of an exercise beyond title and date (read from the model, so a new optional field
    does not break these tests)."""
    from veiligheidsbeeld.cyber.models import Exercise

    fields = {}
    for field in Exercise._meta.concrete_fields:
        if field.name in ("id", "gemeente", "title", "held_on") or field.null or field.blank or field.has_default():
            continue
        if field.choices:
            fields[field.name] = field.choices[0][0]
        elif field.get_internal_type() in ("CharField", "TextField"):
            fields[field.name] = "fictief"
    return fields
