"""Status terms and escalation (issue 16): working-day clocks over weekends and holidays, the proposal to the next
level, and the escalation as a recorded decision (who, when, why) that restarts the clock."""

from __future__ import annotations

import datetime as dt

import pytest

from veiligheidsbeeld.cases import services
from veiligheidsbeeld.cases.terms import status_term
from veiligheidsbeeld.core.calendar import AMSTERDAM

from .conftest import walk

pytestmark = pytest.mark.django_db


def at(*args):
    return dt.datetime(*args, tzinfo=AMSTERDAM)


@pytest.mark.parametrize("statuses, entered, deadline", [
    # status reached              entered               deadline (working days, end of day)
    (["triage"], at(2026, 12, 18, 10), at(2026, 12, 28, 23, 59)),  # 5: Christmas and a weekend skipped
    (["triage", "bekendheidscheck"], at(2026, 4, 22, 9), at(2026, 4, 30, 23, 59)),  # 5: Koningsdag 27-4 skipped
    (["triage", "bekendheidscheck", "verrijking"], at(2026, 5, 4, 9), at(2026, 5, 20, 23, 59)),  # 10: 5 May, Ascension
    (["triage", "bekendheidscheck", "casusoverleg"], at(2026, 12, 1, 9), at(2026, 12, 30, 23, 59)),  # 20
])
def test_term_runs_in_working_days(case, coordinator, statuses, entered, deadline):
    case = walk(case, statuses, coordinator, at=entered)
    term = status_term(case)
    assert term.deadline == deadline and term.started_at == entered
    assert not term.exceeded(deadline) and term.exceeded(deadline + dt.timedelta(minutes=2))


def test_no_term_in_execution(case, coordinator):
    case = walk(case, ["triage", "bekendheidscheck", "casusoverleg", "plan_vastgesteld"], coordinator)
    assert status_term(case) is None


def test_terms_are_configurable(case, coordinator, settings):
    settings.CASES_STATUS_TERMS = {"triage": 1, "casusoverleg": None}
    case = walk(case, ["triage"], coordinator, at=at(2026, 12, 4, 9))  # Friday
    assert status_term(case).deadline == at(2026, 12, 7, 23, 59)  # Monday
    settings.CASES_STATUS_TERMS = {"bogus": 3}
    with pytest.raises(ValueError, match="bogus"):
        status_term(case)


def test_exceeded_term_proposes_the_next_level_and_a_decision_restarts_it(case, coordinator):
    case = walk(case, ["triage"], coordinator, at=at(2026, 12, 18, 10))
    late = at(2026, 12, 29, 9)
    term = status_term(case, late)
    assert term.exceeded(late) and term.proposal == "tactisch"
    with pytest.raises(services.Refused):
        services.decide_escalation(case, "tactisch", actor=coordinator, reason="  ", at=late)
    decision = services.decide_escalation(case, "tactisch", actor=coordinator, reason="Geen plek bij de GGZ",
                                          at=late)
    assert (decision.from_level, decision.to_level, decision.decided_by, decision.decided_at,
            decision.term_exceeded, decision.status) == ("uitvoering", "tactisch", coordinator, late, True, "triage")
    case.refresh_from_db()
    term = status_term(case, late)
    assert case.escalation == "tactisch" and term.escalated_at == late
    assert term.deadline == at(2027, 1, 6, 23, 59)  # 5 working days from Tuesday 29-12: New Year's Day skipped
    assert not term.exceeded(late) and term.proposal == "bestuurlijk"
    # the top level proposes nothing higher
    services.decide_escalation(case, "bestuurlijk", actor=coordinator, reason="Stuurgroep", at=late)
    case.refresh_from_db()
    assert status_term(case, late).proposal is None


def test_a_decision_not_to_escalate_is_recorded_too(case, coordinator):
    case = walk(case, ["triage"], coordinator, at=at(2026, 12, 18, 10))
    decision = services.decide_escalation(case, "uitvoering", actor=coordinator, reason="Wacht op rapport",
                                          at=at(2026, 12, 30, 9))
    assert decision.from_level == decision.to_level == "uitvoering" and decision.term_exceeded


def test_board_case_page_and_todos_show_the_exceeded_term(client, case, coordinator):
    from veiligheidsbeeld.core.modules import todos_for

    long_ago = dt.datetime.now(tz=AMSTERDAM) - dt.timedelta(days=40)
    case = walk(case, ["triage", "bekendheidscheck"], coordinator, at=long_ago)
    client.force_login(coordinator)
    board = client.get("/casussen/triage/").content.decode()
    assert "Termijn overschreden" in board and case.reference in board and "tactisch" in board.lower()
    page = client.get("/casussen/{}/".format(case.pk)).content.decode()
    assert "Termijn overschreden." in page and "Voorstel" in page
    items = [t for t in todos_for(coordinator) if case.reference in t.title and t.overdue
             and "escaleren" in t.title.lower()]
    assert len(items) == 1
    # the page's form records the decision
    response = client.post("/casussen/{}/".format(case.pk), {"form": "escalation", "escalation": "tactisch",
                                                             "note": "Partners reageren niet"})
    assert response.status_code == 302
    assert case.escalation_decisions.get().reason == "Partners reageren niet"
    assert not [t for t in todos_for(coordinator) if case.reference in t.title and t.overdue
                and "escaleren" in t.title.lower()]
    # without a reason: refused, nothing recorded
    client.post("/casussen/{}/".format(case.pk), {"form": "escalation", "escalation": "bestuurlijk"})
    assert case.escalation_decisions.count() == 1
