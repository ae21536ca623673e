"""The Bibob clock (issue #18 Done when: advice on time, extended, late; suspension capped; reuse within and after
2 years). Wet Bibob art. 15, 29, 31; Algemene termijnenwet art. 1."""

from __future__ import annotations

import datetime as dt

import pytest

from veiligheidsbeeld.core.calendar import AMSTERDAM, ClockState
from veiligheidsbeeld.undermining.bibob_clock import (
    BibobClock,
    advice_deadline,
    decision_deadline,
    reusable_until,
    suspension_days,
)

D = dt.date
NOW = dt.datetime(2026, 6, 1, 12, tzinfo=AMSTERDAM)

# requested, extension weeks, received, advice deadline, state, suspended days (decision term on hold)
CASES = [
    # on time: 6 weeks; the decision term is on hold those 42 days
    (D(2026, 1, 5), 0, D(2026, 2, 16), D(2026, 3, 2), ClockState.MET, 42),
    # received on the last day of the term: still on time
    (D(2026, 1, 5), 0, D(2026, 3, 2), D(2026, 3, 2), ClockState.MET, 56),
    # extended by 4 weeks, received within the extension
    (D(2026, 1, 5), 4, D(2026, 3, 20), D(2026, 3, 30), ClockState.MET, 74),
    # late without extension: suspension capped at 8 weeks (56 days)
    (D(2026, 1, 5), 0, D(2026, 3, 9), D(2026, 3, 2), ClockState.LATE, 56),
    # late after the extension: suspension capped at 12 weeks (84 days)
    (D(2026, 1, 5), 4, D(2026, 4, 20), D(2026, 3, 30), ClockState.LATE, 84),
    # still awaited long after the deadline: overdue; suspension ended at the cap
    (D(2026, 1, 5), 0, None, D(2026, 3, 2), ClockState.OVERDUE, 56),
    # awaited, deadline in three days: due soon; suspension runs to today
    (D(2026, 4, 9), 0, None, D(2026, 6, 4), ClockState.DUE_SOON, 53),
    # awaited, weeks to go: running
    (D(2026, 5, 18), 0, None, D(2026, 7, 13), ClockState.RUNNING, 14),
]


@pytest.mark.parametrize("requested, extension, received, deadline, state, suspended", CASES)
def test_advice_clock(requested, extension, received, deadline, state, suspended):
    clock = BibobClock(application_on=requested, decision_term_weeks=8, requested_on=requested,
                       extension_weeks=extension, received_on=received)
    assert clock.advice_deadline() == deadline
    assert clock.advice_state(NOW) == state
    assert clock.suspended_days(NOW.date()) == suspended


def test_advice_term_ending_on_a_holiday_runs_to_the_next_working_day():
    # 2 Feb + 12 weeks = Monday 27 April 2026, Koningsdag (Atw art. 1, art. 3 lid 1)
    assert advice_deadline(D(2026, 2, 2), 4) == D(2026, 4, 28)
    # 8 weeks from a Saturday request end on a Saturday: Monday
    assert advice_deadline(D(2026, 1, 3)) == D(2026, 3, 2)


@pytest.mark.parametrize("weeks", [-1, 5, 12])
def test_extension_beyond_four_weeks_is_refused(weeks):
    with pytest.raises(ValueError, match="0 to 4 weeks"):
        advice_deadline(D(2026, 1, 5), weeks)


def test_suspension_never_exceeds_twelve_weeks():
    for days in range(0, 400, 7):
        assert suspension_days(D(2026, 1, 5), None, 4, today=D(2026, 1, 5) + dt.timedelta(days=days)) <= 84
    assert suspension_days(None, None, today=D(2026, 6, 1)) == 0


def test_decision_deadline_adds_the_suspension():
    # application 5 Jan, own term 8 weeks -> 2 March; advice took 42 days -> 13 April (Monday)
    assert decision_deadline(D(2026, 1, 5), 8, 0) == D(2026, 3, 2)
    assert decision_deadline(D(2026, 1, 5), 8, 42) == D(2026, 4, 13)
    clock = BibobClock(application_on=D(2026, 1, 5), decision_term_weeks=8, requested_on=D(2026, 1, 12),
                       received_on=D(2026, 2, 23))
    assert clock.decision_deadline(D(2026, 6, 1)) == D(2026, 4, 13)
    assert clock.is_suspended(D(2026, 2, 1)) is False  # received
    waiting = BibobClock(application_on=D(2026, 1, 5), decision_term_weeks=8, requested_on=D(2026, 1, 12))
    assert waiting.is_suspended(D(2026, 2, 1)) and not waiting.is_suspended(D(2026, 3, 9))


@pytest.mark.parametrize("advice, until", [
    (D(2024, 3, 15), D(2026, 3, 15)),
    (D(2024, 2, 29), D(2026, 2, 28)),  # leap day
])
def test_reusable_for_two_years(advice, until):
    assert reusable_until(advice) == until
