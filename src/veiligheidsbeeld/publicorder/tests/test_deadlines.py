"""The notice, application, jaarplanning and decision terms (publicorder/deadlines.py), table-driven.

Reference dates: Koningsdag 2027 is Tuesday 27 April; Easter Monday 2026 is 6 April; Christmas 2026 falls on
Friday 25 and Saturday 26 December (Algemene termijnenwet art. 3; core/calendar.py).
"""

from __future__ import annotations

import datetime as dt

import pytest

from veiligheidsbeeld.publicorder.deadlines import (
    awb_decision_due,
    event_application_due,
    jaarplanning_due,
    notice_deadline,
    notice_on_time,
)

from .conftest import at

# (start of the manifestation, hours, working days only, expected deadline, why)
NOTICE_CASES = [
    (at(2026, 12, 7, 14), 48, True, at(2026, 12, 3, 14), "Monday 14:00 -> Thursday 14:00 (weekend skipped)"),
    (at(2026, 12, 9, 14), 48, True, at(2026, 12, 7, 14), "Wednesday -> Monday, no weekend in between"),
    (at(2027, 4, 28, 14), 48, True, at(2027, 4, 23, 14),
     "Wednesday after Koningsdag (Tue 27-4): Wed 14h + Mon 24h + Fri 10h -> Friday 14:00"),
    (at(2027, 4, 27, 12), 48, True, at(2027, 4, 23, 0), "on Koningsdag itself: no hours that day, Mon + Fri"),
    (at(2026, 4, 7, 10), 48, True, at(2026, 4, 2, 10), "Tuesday after Easter Monday: Tue 10h + Fri 24h + Thu 14h"),
    (at(2026, 12, 28, 9), 48, True, at(2026, 12, 23, 9), "Monday after Christmas (Fri 25, Sat 26): Thu + Wed"),
    (at(2026, 12, 7, 14), 72, True, at(2026, 12, 2, 14), "Oosterhout's 72 hours: Monday -> Wednesday"),
    (at(2026, 12, 7, 14), 48, False, at(2026, 12, 5, 14), "an APV counting every day: Saturday 14:00"),
    (at(2026, 3, 30, 12), 48, False, at(2026, 3, 28, 11), "elapsed hours through the switch to summer time"),
]


@pytest.mark.parametrize("start, hours, working, expected, why", NOTICE_CASES, ids=[c[-1] for c in NOTICE_CASES])
def test_notice_deadline(start, hours, working, expected, why):
    assert notice_deadline(start, hours, working_days_only=working) == expected, why


def test_friday_evening_notice_for_a_monday_demonstration_is_late():
    monday = at(2026, 12, 7, 14)
    assert not notice_on_time(at(2026, 12, 4, 19), monday)  # Friday 19:00: the deadline was Thursday 14:00
    assert notice_on_time(at(2026, 12, 3, 14), monday)  # exactly at the deadline is on time
    assert not notice_on_time(at(2026, 12, 3, 14, 1), monday)


def test_notice_around_koningsdag():
    wednesday = at(2027, 4, 28, 14)
    assert notice_on_time(at(2027, 4, 23, 13), wednesday)
    assert not notice_on_time(at(2027, 4, 26, 9), wednesday)  # Monday morning: Koningsdag does not count


# (first event day, visitors, expected jaarplanning date)
JAARPLANNING = [
    (dt.date(2027, 7, 10), 25000, dt.date(2026, 3, 1)),
    (dt.date(2027, 7, 10), 20000, dt.date(2026, 10, 1)),  # "more than 20,000": exactly 20,000 is medium
    (dt.date(2027, 7, 10), 2001, dt.date(2026, 10, 1)),
    (dt.date(2027, 7, 10), 2000, None),
]


@pytest.mark.parametrize("first_day, visitors, expected", JAARPLANNING)
def test_jaarplanning(first_day, visitors, expected):
    assert jaarplanning_due(first_day, visitors) == expected


def test_application_and_decision_terms():
    assert event_application_due(dt.date(2027, 6, 12)) == dt.date(2027, 3, 6)  # 14 weeks before
    assert awb_decision_due(dt.date(2026, 10, 30)) == dt.date(2026, 12, 28)  # 8 weeks = Fri 25-12 -> Mon 28-12
    assert awb_decision_due(dt.date(2026, 11, 4)) == dt.date(2026, 12, 30)  # a Wednesday stays
