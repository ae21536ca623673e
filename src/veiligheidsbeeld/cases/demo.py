"""Fictitious cases for the demo gemeente Voorbeeldstad (:func:`veiligheidsbeeld.core.modules.demo_builders`).

Clearly fictitious people ("Fictief" surnames) with BSNs from the test range 99999xxxx that pass the eleven test.
The ``procesregisseur`` coordinates every case; the ``wijkteam`` partner has a participation in one case only and an
open known-check in its inbox; the ``politie`` partner answered a known-check and enriched one case, and its
participation ended when that case was scaled down. One case carries an escalation decision.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from veiligheidsbeeld.areas.models import Area, AreaLevel

from . import services
from .choices import Status

__all__ = ["build_demo_cases"]

PATH = {  # the workflow path to each demo status
    Status.AANGEMELD: [],
    Status.TRIAGE: [Status.TRIAGE],
    Status.BEKENDHEIDSCHECK: [Status.TRIAGE, Status.BEKENDHEIDSCHECK],
    Status.UITVOERING: [Status.TRIAGE, Status.BEKENDHEIDSCHECK, Status.VERRIJKING, Status.CASUSOVERLEG,
                        Status.PLAN_VASTGESTELD, Status.UITVOERING],
    Status.AFGESCHAALD: [Status.TRIAGE, Status.BEKENDHEIDSCHECK, Status.VERRIJKING, Status.CASUSOVERLEG,
                         Status.PLAN_VASTGESTELD, Status.UITVOERING, Status.AFGESCHAALD],
    Status.TERUGVERWEZEN: [Status.TRIAGE, Status.TERUGVERWEZEN],
}

CASES = [
    # type, target status, days ago, person (bsn, name, birth date, role), criteria
    ("complexe_casus", Status.UITVOERING, 120, ("999990019", "Jan Fictief", "1988-04-02"), "123"),
    ("verward_gedrag", Status.BEKENDHEIDSCHECK, 9, ("999990020", "Sanne Fictief-de Proef", "1979-11-23"), "123"),
    ("top_x", Status.AFGESCHAALD, 300, ("999990032", "Kees Voorbeeld (fictief)", "1999-07-14"), "123"),
    ("risicojeugd", Status.AANGEMELD, 2, ("999990044", "Demi Testpersoon (fictief)", "2009-02-28"), "4"),
    ("huiselijk_geweld", Status.TRIAGE, 5, ("999990056", "Ali Fictief", "1984-06-06"), "123"),
    ("nazorg", Status.TERUGVERWEZEN, 40, ("999990068", "Piet Proefnaam (fictief)", "1970-01-30"), "1"),
]


def build_demo_cases(gemeente, users: dict, organisations: dict) -> dict:
    coordinator = users["procesregisseur"]
    zvh, politie, wijkteam = organisations["zvh"], organisations["politie"], organisations["wijkteam"]
    wijken = list(Area.objects.filter(gemeente=gemeente, level=AreaLevel.WIJK).order_by("code")[:4])
    now = timezone.now()
    made = []
    for i, (case_type, target, days_ago, (bsn, name, born, ), criteria) in enumerate(CASES):
        start = now - dt.timedelta(days=days_ago)
        case = services.register_case(
            gemeente, case_type=case_type, reporter=wijkteam if i % 2 else politie, actor=coordinator,
            coordinator=coordinator, wijk=wijken[i % len(wijken)] if wijken else None,
            reason="Fictieve aanmelding voor de demo: zorgen over meerdere leefgebieden.",
            goal="Stabiliseren van huisvesting en financiën; voorkomen van nieuwe incidenten (fictief).",
            criteria={"multiproblem": "1" in criteria, "chains": "2" in criteria, "system": "3" in criteria,
                      "area": "4" in criteria},
            risk_factors=["schulden", "verslaving"] if i % 2 == 0 else ["thuissituatie"],
            protective_factors=["netwerk"], registered_at=start,
        )
        person = services.add_person(case, bsn=bsn, name=name, birth_date=born, role="hoofdbetrokkene",
                                     address="Proefstraat {} (fictief), Voorbeeldstad".format(i + 1),
                                     informed=i != 1, not_informed_reason="" if i != 1 else "veiligheid",
                                     actor=coordinator)
        step = start
        for status in PATH[target]:
            step = step + dt.timedelta(days=max(1, days_ago // 12))
            if status == Status.VERRIJKING:
                check = services.ask_known_check(case, person, politie, actor=coordinator)
                services.answer_known_check(check, known=True, actor=coordinator)
                services.enrich(case, person, source=politie, category="strafrechtelijk",
                                content="Fictief: drie registraties van overlast in het afgelopen jaar.",
                                legal_basis="WGS art. 2.7; convenant ZVH art. 6", purpose="verrijking casus",
                                actor=coordinator)
            if status == Status.PLAN_VASTGESTELD:
                services.record_meeting(case, kind="ico", held_on=step.date(), participants=[zvh, politie, wijkteam],
                                        decisions="Plan van aanpak vastgesteld (fictief).",
                                        actions="Wijkteam: schuldhulp; politie: wijkagent houdt contact.",
                                        ad_hoc=[("M. Fictief", "Woningcorporatie (fictief)", step)],
                                        actor=coordinator)
                services.add_intervention(case, domain="Financiën", goal="Schuldhulptraject gestart (fictief)",
                                          kind="zorg", owner=wijkteam, due=(now + dt.timedelta(days=30)).date(),
                                          actor=coordinator)
                services.add_intervention(case, domain="Justitie", goal="Gedragsaanwijzing bespreken (fictief)",
                                          kind="drang", owner=politie, due=(now - dt.timedelta(days=3)).date(),
                                          actor=coordinator)
            if status == Status.UITVOERING and target == Status.AFGESCHAALD:
                services.grant_participation(case, politie, categories=["gewoon", "strafrechtelijk"],
                                             legal_basis="WGS art. 2.7", purpose="uitvoering plan van aanpak",
                                             actor=coordinator, valid_from=step)
            services.change_status(case, status, actor=coordinator, at=step)
        if target in (Status.UITVOERING, Status.AFGESCHAALD):
            for k, offset in enumerate((days_ago - 10, days_ago // 2, 5)):
                scores = {d: min(5, 2 + (k if j % 3 else 0)) for j, d in enumerate(
                    ["Financiën", "Werk & opleiding", "Huisvesting", "Geestelijke gezondheid", "Middelengebruik",
                     "Sociaal netwerk", "Justitie"])}
                services.add_measurement(case, person, instrument="zrm",
                                         measured_on=(now - dt.timedelta(days=offset)).date(), scores=scores,
                                         actor=coordinator)
        if target == Status.BEKENDHEIDSCHECK:  # an open question in the wijkteam's inbox (due in 2 working days)
            services.ask_known_check(case, person, wijkteam, actor=coordinator, at=now - dt.timedelta(hours=20))
        if target == Status.TRIAGE:  # a recorded escalation decision (it restarts the triage term)
            services.decide_escalation(case, "tactisch", actor=coordinator, at=now - dt.timedelta(days=1),
                                       reason="Afstemming met Veilig Thuis loopt vast (fictief)")
        if case_type == "verward_gedrag":  # a melding explored in time, and a crisis measure with a running clock
            report = services.record_wvggz_report(case, received_at=now - dt.timedelta(days=8), actor=coordinator)
            services.update_wvggz_report(report, actor=coordinator, outcome="crisismaatregel",
                                         explored_at=now - dt.timedelta(days=6),
                                         crisis_started_at=now - dt.timedelta(hours=30))
        if target == Status.UITVOERING:
            services.grant_participation(case, wijkteam, categories=["gewoon", "zorg"],
                                         legal_basis="WGS art. 2.7; convenant ZVH art. 6",
                                         purpose="uitvoering plan van aanpak", actor=coordinator)
            case.next_review = (now + dt.timedelta(days=14)).date()
            case.save(update_fields=["next_review"])
        if case_type == "top_x":  # published criteria, inflow and one review (it stays)
            services.publish_topx_criteria(gemeente, actor=coordinator, peildatum=(start - dt.timedelta(days=30)).date(),
                                           rules=["Ten minste 1 aanhouding voor een high impact crime in 5 jaar",
                                                  "Ten minste 3 veroordelingen (onder 21 jaar: 2)",
                                                  "Problemen op ten minste 2 leefgebieden (fictief voorbeeld)"])
            placement = services.place_on_topx(case, reason="Voldoet aan de criteria v1 (fictief)",
                                               actor=coordinator, on=start.date())
            services.review_topx(placement, stays=True, reason="", actor=coordinator,
                                 on=(now - dt.timedelta(days=120)).date())
        made.append(case.reference)
    return {"cases": len(made), "wijkteam_participations": 1, "coordinator": coordinator.get_username()}
