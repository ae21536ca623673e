"""Top-X: versioned criteria, inflow under the newest version, periodic review, outflow with reason, to-dos."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from veiligheidsbeeld.cases import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def topx_case(small_gemeente, orgs, coordinator):
    case = services.register_case(small_gemeente, case_type="top_x", reporter=orgs["politie"], actor=coordinator,
                                  coordinator=coordinator)
    return case


def test_criteria_are_versioned_and_placements_keep_theirs(small_gemeente, coordinator, topx_case, case):
    with pytest.raises(services.Refused, match="selectiecriteria"):
        services.place_on_topx(topx_case, reason="x", actor=coordinator)
    v1 = services.publish_topx_criteria(small_gemeente, rules=["1 HIC-aanhouding in 5 jaar"],
                                        peildatum=dt.date(2026, 1, 1), actor=coordinator)
    placement = services.place_on_topx(topx_case, reason="voldoet", actor=coordinator, on=dt.date(2026, 8, 31))
    v2 = services.publish_topx_criteria(small_gemeente, rules=["2 HIC-aanhoudingen"], peildatum=dt.date(2026, 7, 1),
                                        actor=coordinator, review_months=3)
    assert (v1.version, v2.version) == (1, 2)
    placement.refresh_from_db()
    assert placement.criteria == v1 and placement.next_review == dt.date(2027, 2, 28)  # 6 months, end of month
    v1.refresh_from_db()
    assert v1.rules == ["1 HIC-aanhouding in 5 jaar"]
    with pytest.raises(services.Refused, match="Top-X-casus"):
        services.place_on_topx(case, reason="x", actor=coordinator)  # a complex case
    with pytest.raises(ValidationError):
        services.place_on_topx(topx_case, reason="again", actor=coordinator)  # on the list already


def test_review_keeps_or_lets_flow_out_with_reason(small_gemeente, coordinator, topx_case):
    services.publish_topx_criteria(small_gemeente, rules=["r"], peildatum=dt.date(2026, 1, 1), actor=coordinator)
    placement = services.place_on_topx(topx_case, reason="voldoet", actor=coordinator, on=dt.date(2026, 1, 15))
    placement = services.review_topx(placement, stays=True, reason="", actor=coordinator, on=dt.date(2026, 7, 15))
    assert placement.next_review == dt.date(2027, 1, 15)
    with pytest.raises(ValidationError):
        services.review_topx(placement, stays=False, reason=" ", actor=coordinator)
    placement = services.review_topx(placement, stays=False, reason="voldoet niet meer aan de criteria",
                                     actor=coordinator, on=dt.date(2027, 1, 15))
    assert placement.outflow_on == dt.date(2027, 1, 15)
    with pytest.raises(services.Refused):
        services.review_topx(placement, stays=True, reason="", actor=coordinator)


def test_review_reaches_the_coordinator_and_the_page_shows_the_estimate(client, small_gemeente, coordinator,
                                                                       topx_case):
    from veiligheidsbeeld.cases.module import todos

    services.publish_topx_criteria(small_gemeente, rules=["r"], peildatum=dt.date(2026, 1, 1), actor=coordinator)
    services.place_on_topx(topx_case, reason="voldoet", actor=coordinator, on=dt.date(2025, 1, 1))
    review = [t for t in todos(coordinator) if "Top-X" in t.title]
    assert len(review) == 1 and review[0].overdue
    client.force_login(coordinator)
    page = client.get("/casussen/top-x/").content.decode()
    assert topx_case.reference in page and "middle=1" in page
    response = client.post("/casussen/top-x/", {"form": "criteria", "rules": "a\nb", "peildatum": "2026-12-01",
                                                "review_months": 6})
    assert response.status_code == 302
    assert "Version 2" in client.get("/casussen/top-x/").content.decode() or \
        "Versie 2" in client.get("/casussen/top-x/").content.decode()


def test_topx_size_and_flow_are_module_indicators(small_gemeente, orgs, coordinator, topx_case):
    """Issue 16 item 10: Top-X size and in/outflow in the veiligheidsbeeld, counted per year, small counts hidden."""
    from veiligheidsbeeld.cases.indicators import module_indicators, topx_flow
    from veiligheidsbeeld.core.disclosure import DisclosurePolicy

    services.publish_topx_criteria(small_gemeente, rules=["r"], peildatum=dt.date(2025, 1, 1), actor=coordinator)
    other = services.register_case(small_gemeente, case_type="top_x", reporter=orgs["politie"], actor=coordinator,
                                   coordinator=coordinator)
    services.place_on_topx(topx_case, reason="voldoet", actor=coordinator, on=dt.date(2025, 3, 1))
    leaving = services.place_on_topx(other, reason="voldoet", actor=coordinator, on=dt.date(2026, 2, 1))
    services.review_topx(leaving, stays=False, reason="voldoet niet meer", actor=coordinator, on=dt.date(2026, 6, 1))
    flow = topx_flow(small_gemeente, 2025, today=dt.date(2026, 12, 6))
    assert (flow.size, flow.inflow, flow.outflow) == (1, 1, 0)
    flow = topx_flow(small_gemeente, 2026, today=dt.date(2026, 12, 6))
    assert (flow.size, flow.inflow, flow.outflow) == (1, 1, 1)
    flow = topx_flow(small_gemeente, 2026, today=dt.date(2026, 3, 1))  # the running year, on 1 March
    assert flow.size == 2
    shown = {i.key: i for i in module_indicators(small_gemeente, 2026, None)}
    assert (shown["cases.topx_size"].value, shown["cases.topx_outflow"].value) == (1, 1)
    hidden = {i.key: i for i in module_indicators(small_gemeente, 2026, DisclosurePolicy())}
    assert hidden["cases.topx_size"].value is None and hidden["cases.topx_size"].status == "x"


def test_counts_that_add_up_are_hidden_together(small_gemeente, topx_case):
    """Open + closed = registered: with 1 open case hidden, the closed count is hidden too (else registered minus
    closed gives the open count back); the Top-X size, inflow and outflow are linked the same way."""
    from django.utils import timezone

    from veiligheidsbeeld.cases.indicators import module_indicators
    from veiligheidsbeeld.cases.models import CaseResidue
    from veiligheidsbeeld.core.disclosure import DisclosurePolicy

    year = timezone.localdate().year
    for _ in range(7):
        CaseResidue.objects.create(gemeente=small_gemeente, case_type="top_x", wijk_code="", registered_year=year)
    shown = {i.key: i for i in module_indicators(small_gemeente, year, None)}
    assert (shown["cases.registered"].value, shown["cases.active"].value, shown["cases.closed"].value) == (8, 1, 7)
    hidden = {i.key: i for i in module_indicators(small_gemeente, year, DisclosurePolicy())}
    assert hidden["cases.registered"].value == 8
    assert hidden["cases.active"].value is None and hidden["cases.closed"].value is None
    # nothing on the Top-X list: zeros are no small counts and stay shown
    assert [hidden[k].value for k in ("cases.topx_size", "cases.topx_inflow", "cases.topx_outflow")] == [0, 0, 0]
