"""The legal clocks of an incident: hours are elapsed hours, through weekends and the summer-time switches.

Summer time 2026 starts on Sunday 29 March (02:00 CET -> 03:00 CEST) and ends on Sunday 25 October
(03:00 CEST -> 02:00 CET). Each row: when the clock starts (Amsterdam wall clock), and the expected deadline
(Amsterdam wall clock). Computed by hand: 72 elapsed hours over the spring switch end one wall-clock hour later,
over the autumn switch one hour earlier.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from veiligheidsbeeld.core.calendar import AMSTERDAM, ClockState
from veiligheidsbeeld.cyber import services

from .conftest import local

pytestmark = pytest.mark.django_db

AP_CASES = [
    # aware at (local)              AP deadline (local)            why
    (local(2026, 3, 6, 16), local(2026, 3, 9, 16), "Friday afternoon: the weekend counts, Monday 16:00"),
    (local(2026, 3, 27, 12), local(2026, 3, 30, 13), "over the switch to summer time: 13:00 CEST"),
    (local(2026, 10, 23, 12), local(2026, 10, 26, 11), "over the switch to winter time: 11:00 CET"),
    (local(2026, 12, 24, 9), local(2026, 12, 27, 9), "over Christmas: holidays count too"),
    (local(2026, 3, 29, 1, 30), local(2026, 4, 1, 2, 30), "starting in the night of the switch itself"),
]


@pytest.mark.parametrize("aware, deadline, why", AP_CASES, ids=[c[2] for c in AP_CASES])
def test_ap_clock_is_72_elapsed_hours(make_incident, aware, deadline, why):
    incident = make_incident(discovered_at=aware)
    breach = services.record_breach(incident, aware_at=aware, risk="risk", persons_affected=3)
    assert breach.ap_deadline == deadline, why
    utc = dt.timezone.utc
    assert breach.ap_deadline.astimezone(utc) - aware.astimezone(utc) == dt.timedelta(hours=72)  # elapsed
    assert breach.ap_deadline.astimezone(AMSTERDAM).hour == deadline.hour


CBW_CASES = [
    # aware at            early warning (24 h)       notification (72 h)         final report (1 month after notif.)
    (local(2026, 3, 28, 10), local(2026, 3, 29, 11), local(2026, 3, 31, 11), local(2026, 4, 30, 11)),
    (local(2026, 10, 24, 10), local(2026, 10, 25, 9), local(2026, 10, 27, 9), local(2026, 11, 27, 9)),
    (local(2026, 1, 29, 8), local(2026, 1, 30, 8), local(2026, 2, 1, 8), local(2026, 3, 1, 8)),
]


@pytest.mark.parametrize("aware, early, notification, final", CBW_CASES)
def test_cbw_clocks_24h_72h_and_a_month(make_incident, aware, early, notification, final):
    incident = make_incident(discovered_at=aware)
    cbw = services.record_cbw(incident, aware_at=aware)
    assert cbw.early_warning_deadline == early
    assert cbw.notification_deadline == notification
    assert cbw.final_report_deadline == final  # from the notification deadline while nothing is sent


def test_final_report_month_runs_from_the_sent_notification_in_wall_clock_time(make_incident):
    """Notification sent 10 March 14:00 CET: the final report is due 10 April 14:00 CEST (a calendar month)."""
    aware = local(2026, 3, 8, 9)
    incident = make_incident(discovered_at=aware)
    cbw = services.record_cbw(incident, aware_at=aware, early_warning_at=local(2026, 3, 8, 20),
                              notification_at=local(2026, 3, 10, 14))
    assert cbw.final_report_deadline == local(2026, 4, 10, 14)
    states = [clock.state(now=local(2026, 3, 12, 9)) for _label, clock in cbw.clocks()]
    assert states == [ClockState.MET, ClockState.MET, ClockState.RUNNING]


def test_clock_states_met_late_overdue_and_due_soon(make_incident):
    aware = local(2026, 3, 6, 16)  # Friday; deadline Monday 9 March 16:00
    incident = make_incident(discovered_at=aware)
    breach = services.record_breach(incident, aware_at=aware, risk="risk")
    clock = breach.ap_clock()
    assert clock.state(now=local(2026, 3, 7, 10)) == ClockState.RUNNING
    assert clock.state(now=local(2026, 3, 8, 17)) == ClockState.DUE_SOON  # within 24 h
    assert clock.state(now=local(2026, 3, 9, 16, 1)) == ClockState.OVERDUE
    on_time = services.record_breach(incident, ap_notified_at=local(2026, 3, 9, 15, 59))
    assert on_time.ap_clock().state() == ClockState.MET and not on_time.notified_late


def test_a_late_notification_needs_its_reason(make_incident):
    aware = local(2026, 3, 6, 16)
    incident = make_incident(discovered_at=aware)
    services.record_breach(incident, aware_at=aware, risk="high")
    with pytest.raises(ValidationError) as error:
        services.record_breach(incident, ap_notified_at=local(2026, 3, 10, 10))
    assert "late_reason" in error.value.message_dict
    breach = services.record_breach(incident, ap_notified_at=local(2026, 3, 10, 10), late_reason="Scope unclear")
    assert breach.notified_late and breach.ap_clock().state() == ClockState.LATE


def test_every_breach_is_documented_even_when_not_notified(make_incident):
    """AVG art. 33(5): a breach without risk is not notified, but is registered with its risk assessment."""
    incident = make_incident()
    with pytest.raises(ValidationError) as error:
        services.record_breach(incident, aware_at=incident.discovered_at, risk="unlikely")
    assert "risk_reasoning" in error.value.message_dict
    breach = services.record_breach(incident, aware_at=incident.discovered_at, risk="unlikely",
                                    risk_reasoning="Encrypted laptop, wiped remotely")
    assert breach.ap_clock() is None and incident.clocks() == []
    assert incident.is_breach


def test_reports_cannot_precede_awareness(make_incident):
    incident = make_incident()
    with pytest.raises(ValidationError):
        services.record_cbw(incident, aware_at=local(2026, 3, 10, 9), early_warning_at=local(2026, 3, 10, 8))
    with pytest.raises(ValidationError):
        services.record_cbw(incident, aware_at=local(2026, 3, 10, 9), final_report_at=local(2026, 3, 20, 8))
    with pytest.raises(ValidationError):
        services.record_breach(incident, aware_at=local(2026, 3, 10, 9), risk="risk",
                               ap_notified_at=local(2026, 3, 9, 9))
