"""Verward gedrag: the Wvggz report's clocks (exploratory investigation, crisis measure 3 days / 3 weeks)."""

from __future__ import annotations

import datetime as dt

import pytest

from veiligheidsbeeld.cases import services
from veiligheidsbeeld.core.calendar import AMSTERDAM

pytestmark = pytest.mark.django_db


def at(*args):
    return dt.datetime(*args, tzinfo=AMSTERDAM)


# (crisis started, continuation granted, expected end): elapsed time, through the switch to winter time
CASES = [
    (at(2026, 12, 4, 22, 0), None, at(2026, 12, 7, 22, 0)),  # 3 days = 72 hours, over a weekend
    (at(2026, 10, 23, 12, 0), None, at(2026, 10, 26, 11, 0)),  # DST ends 25 Oct: 72 elapsed hours end at 11:00
    (at(2026, 12, 4, 22, 0), at(2026, 12, 7, 10, 0), at(2026, 12, 28, 10, 0)),  # voortzetting: 3 weeks
]


@pytest.mark.parametrize("started, extended, end", CASES)
def test_crisis_measure_clock(case, coordinator, started, extended, end):
    report = services.record_wvggz_report(case, received_at=started - dt.timedelta(days=1), actor=coordinator)
    report = services.update_wvggz_report(report, actor=coordinator, outcome="crisismaatregel",
                                          crisis_started_at=started, crisis_extended_at=extended)
    assert report.crisis_deadline() == end
    assert report.crisis_clock().state(end + dt.timedelta(minutes=1)) == "overdue"
    report = services.update_wvggz_report(report, actor=coordinator, crisis_ended_at=end - dt.timedelta(hours=1))
    assert report.crisis_clock().state() == "met"


def test_exploration_clock_and_refusals(case, coordinator, settings):
    received = at(2026, 12, 1, 9, 0)
    report = services.record_wvggz_report(case, received_at=received, actor=coordinator)
    assert report.exploration_clock().deadline == received + dt.timedelta(days=14)
    settings.WVGGZ_EXPLORATION_DAYS = 10
    assert report.exploration_clock().deadline == received + dt.timedelta(days=10)
    assert report.crisis_clock() is None
    with pytest.raises(services.Refused, match="voortzetting"):
        services.update_wvggz_report(report, actor=coordinator, crisis_extended_at=received)
    report.refresh_from_db()
    services.update_wvggz_report(report, actor=coordinator, crisis_started_at=received)
    with pytest.raises(services.Refused):
        services.update_wvggz_report(report, actor=coordinator, crisis_ended_at=received - dt.timedelta(hours=1))


def test_wvggz_clock_reaches_the_coordinator_as_a_todo(case, coordinator):
    from django.utils import timezone

    from veiligheidsbeeld.cases.module import todos

    report = services.record_wvggz_report(case, received_at=timezone.now(), actor=coordinator)
    services.update_wvggz_report(report, actor=coordinator, crisis_started_at=timezone.now())
    titles = [t.title for t in todos(coordinator)]
    assert any("Wvggz" in t and case.reference in t for t in titles), titles


def test_the_wvggz_section_links_to_the_e33_figures(client, case, coordinator):
    """Issue 16 item 8: from a Wvggz report to the E33 registrations (police code E33, verward gedrag) in the
    veiligheidsbeeld."""
    from django.utils import timezone

    services.record_wvggz_report(case, received_at=timezone.now(), actor=coordinator)
    link = "?thema=verward-gedrag"
    client.force_login(coordinator)
    page = client.get("/casussen/{}/".format(case.pk)).content.decode()
    assert "Wvggz" in page and link in page
    assert client.get("/" + link).status_code == 200
