"""The monthly BIO2 report of a fictitious month (March 2026) lists exactly that month's incidents and clocks.

Month boundaries are Amsterdam midnight; March 2026 also contains the switch to summer time (29 March).
"""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest

from veiligheidsbeeld.core.calendar import ClockState
from veiligheidsbeeld.cyber import services
from veiligheidsbeeld.cyber.models import Action
from veiligheidsbeeld.cyber.reporting import ensia_evidence, indicators, month_bounds, monthly_report

from .conftest import local

pytestmark = pytest.mark.django_db

NOW = local(2026, 6, 1, 12)  # the report is made later: March is a closed month


@pytest.fixture
def march(make_incident, small_gemeente):
    """Incidents around March 2026; the dict names which ones the March report must list."""
    made = {
        # discovered                                     in March?
        "feb_last_minute": make_incident(local(2026, 2, 28, 23, 59), title="Feb 28 23:59"),  # no
        "mar_first_minute": make_incident(local(2026, 3, 1, 0, 0), title="Mar 1 00:00"),  # yes (= 28 Feb 23:00 UTC)
        "mar_mid": make_incident(local(2026, 3, 15, 12), title="Mar 15"),  # yes
        "mar_last_minute": make_incident(local(2026, 3, 31, 23, 59), title="Mar 31 23:59"),  # yes
        "apr_first": make_incident(local(2026, 4, 1, 0, 0), title="Apr 1 00:00"),  # no
    }
    # A breach aware 27 Feb 10:00: its AP deadline (2 March 10:00) falls in March, notified in time.
    services.record_breach(made["feb_last_minute"], aware_at=local(2026, 2, 27, 10), risk="risk",
                           ap_notified_at=local(2026, 3, 1, 9))
    # A breach aware 15 March: deadline 18 March 12:00; notified 19 March, late with a reason.
    services.record_breach(made["mar_mid"], aware_at=local(2026, 3, 15, 12), risk="high",
                           ap_notified_at=local(2026, 3, 19, 9), late_reason="Supplier confirmed late (fictief)")
    # A breach aware 31 March 23:59: deadline 3 April (April's clock, not March's).
    services.record_breach(made["mar_last_minute"], aware_at=local(2026, 3, 31, 23, 59), risk="risk")
    # A significant incident of 1 March: early warning due 2 March (sent after the month closed: overdue in
    # March), notification due 4 March, final report due in April (not March).
    services.record_cbw(made["mar_first_minute"], aware_at=local(2026, 3, 1, 0, 0))
    services.record_cbw(made["mar_first_minute"], early_warning_at=local(2026, 4, 2, 9),
                        notification_at=local(2026, 4, 2, 10))
    # A breach documented only (no clock at all).
    services.record_breach(made["apr_first"], aware_at=local(2026, 4, 1, 0, 0), risk="unlikely",
                           risk_reasoning="no risk")
    # Actions (their time of adding set as if they were added then): done in February (not open at the end of
    # March); done 10 April (open at the end of March); added in April (not in March's report); still open.
    def action(description, added, done=None):
        row = services.add_action(incident=made["mar_mid"], description=description, owner="Owner (fictief)",
                                  due=dt.date(2026, 3, 20))
        Action.objects.filter(pk=row.pk).update(created_at=added, done_on=done)

    action("done in February", local(2026, 2, 10, 9), dt.date(2026, 2, 20))
    action("done 31 March", local(2026, 3, 2, 9), dt.date(2026, 3, 31))
    action("done in April", local(2026, 3, 2, 9), dt.date(2026, 4, 10))
    action("added in April", local(2026, 4, 2, 9))
    action("open", local(2026, 3, 20, 9))
    return made


def test_month_bounds_are_amsterdam_midnight():
    start, end = month_bounds(2026, 3)
    assert start == local(2026, 3, 1) and end == local(2026, 4, 1)
    assert end.astimezone(dt.timezone.utc) - start.astimezone(dt.timezone.utc) == dt.timedelta(days=31, hours=-1)


def test_the_march_report_lists_exactly_the_incidents_and_clocks_of_march(march, small_gemeente):
    report = monthly_report(small_gemeente, 2026, 3, now=NOW)
    assert [i.title for i in report.incidents] == ["Mar 1 00:00", "Mar 15", "Mar 31 23:59"]
    clocks = [(row.incident.title, row.label, row.state) for row in report.clocks]
    assert clocks == [
        ("Mar 1 00:00", "Cbw early warning (24 h)", ClockState.OVERDUE),  # due 2 March 00:00; sent 2 April
        ("Feb 28 23:59", "AP notification (72 h)", ClockState.MET),  # deadline 2 March 10:00
        ("Mar 1 00:00", "Cbw notification (72 h)", ClockState.OVERDUE),
        ("Mar 15", "AP notification (72 h)", ClockState.LATE),  # deadline 18 March, notified 19 March
    ]
    assert report.clocks_met == 1 and report.clocks_missed == 3
    assert [a.description for a in report.open_actions] == ["done in April", "open"]


def test_april_gets_the_clocks_of_april(march, small_gemeente):
    report = monthly_report(small_gemeente, 2026, 4, now=NOW)
    assert [i.title for i in report.incidents] == ["Apr 1 00:00"]
    clocks = [(row.incident.title, row.label, row.state) for row in report.clocks]
    # the AP clock of 31 March 23:59 runs out on 3 April 23:59 (never notified); the Cbw final report is due a
    # month after the notification of 2 April, so it belongs to May
    assert clocks == [("Mar 31 23:59", "AP notification (72 h)", ClockState.OVERDUE)]
    may = monthly_report(small_gemeente, 2026, 5, now=NOW)
    assert [(row.label, row.deadline) for row in may.clocks] == [("Cbw final report (1 month)", local(2026, 5, 2, 10))]


def test_report_of_another_gemeente_is_empty(march, make_incident):
    from conftest import build_small_gemeente

    other = build_small_gemeente("GM0997", "Verredorp", x0=7.0)
    report = monthly_report(other, 2026, 3, now=NOW)
    assert report.incidents == [] and report.clocks == [] and report.open_actions == []


def test_indicators_share_of_breaches_in_time(march, small_gemeente):
    figures = indicators(small_gemeente, 2026, now=NOW)
    assert figures.incidents == 5
    # notifiable breaches discovered in 2026: Feb (in time), Mar 15 (late), Mar 31 (not notified) -> 1 of 3
    assert (figures.breaches_in_time, figures.breaches_to_notify, figures.breaches_documented_only) == (1, 3, 1)
    assert round(figures.share_breaches_in_time, 1) == 33.3
    assert sum(sum(c.values()) for c in figures.by_category.values()) == 5


def test_exercise_actions_closed_on_time(small_gemeente):
    exercise = services.create_exercise(small_gemeente, title="Oefening (fictief)", module=1,
                                        held_on=dt.date(2026, 2, 1))
    on_time = services.add_action(exercise=exercise, description="a", owner="x", due=dt.date(2026, 3, 1))
    late = services.add_action(exercise=exercise, description="b", owner="x", due=dt.date(2026, 3, 1))
    services.add_action(exercise=exercise, description="c", owner="x", due=dt.date(2026, 4, 1))  # open, overdue
    services.add_action(exercise=exercise, description="d", owner="x", due=dt.date(2026, 9, 1))  # not due yet
    services.complete_action(on_time, done_on=dt.date(2026, 2, 28))
    services.complete_action(late, done_on=dt.date(2026, 3, 2))
    figures = indicators(small_gemeente, 2026, now=NOW)
    assert figures.exercises == 1 and figures.exercises_by_module[1] == 1
    assert (figures.actions_on_time, figures.actions_due) == (1, 3)


def test_ensia_evidence_has_a_monthly_report_per_closed_month(march, small_gemeente):
    evidence = ensia_evidence(small_gemeente, 2026, now=NOW)
    assert [m.month for m in evidence.months] == [1, 2, 3, 4, 5, 6]
    assert len(evidence.incidents) == 5


def test_online_victimisation_from_the_imported_survey_with_intervals(tmp_path, small_gemeente, client, make_user):
    """A Veiligheidsmonitor export (the shape `import survey` reads) with online and other indicators: the
    overview shows the online ones, the gemeente against Nederland, with value +- margin."""
    from django.core.management import call_command

    from veiligheidsbeeld.cyber.reporting import victimisation

    path = tmp_path / "vm.csv"
    path.write_text(
        "Onderwerp,Perioden,Waarde_Proefdorp_2023,Waarde_Nederland_2023,Marges_Proefdorp_2023,Marges_Nederland_2023\n"
        '|Slachtofferschap online criminaliteit,%,"17,4","16,0","1,9","0,2"\n'
        '||Hacken,%,"5,1","5,5","1,0","0,1"\n'
        '|Voelt zich wel eens onveilig,%,"30,1","31,0","2,0","0,2"\n', encoding="utf-8")
    call_command("import", "survey", str(path), "--gemeente", "GM0999", stdout=StringIO())
    rows = victimisation(small_gemeente)
    assert [(r.indicator, r.region, r.value) for r in rows] == [
        ("Hacken", "Nederland", 5.5), ("Hacken", "Proefdorp", 5.1),
        ("Slachtofferschap online criminaliteit", "Nederland", 16.0),
        ("Slachtofferschap online criminaliteit", "Proefdorp", 17.4),
    ]
    proefdorp = rows[3]
    assert (round(proefdorp.low, 1), round(proefdorp.high, 1), proefdorp.year) == (15.5, 19.3, 2023)
    client.force_login(make_user("bestuur"))
    page = client.get("/cyber/").content.decode()
    assert "17,4" in page and "15,5 – 19,3" in page and "onveilig" not in page
