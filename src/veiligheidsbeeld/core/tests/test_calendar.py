"""The shared deadline calendar: Atw holidays, working-day terms, elapsed-hour clocks across DST."""

from __future__ import annotations

import datetime as dt

import pytest

from veiligheidsbeeld.core import calendar
from veiligheidsbeeld.core.calendar import AMSTERDAM, Clock, ClockState


def at(*args):
    return dt.datetime(*args, tzinfo=AMSTERDAM)


def test_holidays_2026_match_the_published_dates():
    days = calendar.holidays(2026)
    assert days == {
        dt.date(2026, 1, 1): "Nieuwjaarsdag",
        dt.date(2026, 4, 6): "Tweede Paasdag",
        dt.date(2026, 4, 27): "Koningsdag",
        dt.date(2026, 5, 5): "Bevrijdingsdag",
        dt.date(2026, 5, 14): "Hemelvaartsdag",
        dt.date(2026, 5, 25): "Tweede Pinksterdag",
        dt.date(2026, 12, 25): "Eerste Kerstdag",
        dt.date(2026, 12, 26): "Tweede Kerstdag",
    }


def test_koningsdag_moves_to_saturday_when_the_27th_is_a_sunday():
    assert dt.date(2025, 4, 26) in calendar.holidays(2025)  # 27 April 2025 was a Sunday
    assert dt.date(2025, 4, 27) not in calendar.holidays(2025)
    assert dt.date(2025, 6, 9) in calendar.holidays(2025)  # tweede Pinksterdag after Easter 20 April


def test_bevrijdingsdag_rule_and_extra_days_are_settings(settings):
    settings.BEVRIJDINGSDAG = "lustrum"
    assert dt.date(2026, 5, 5) not in calendar.holidays(2026)
    assert dt.date(2025, 5, 5) in calendar.holidays(2025)
    settings.EXTRA_HOLIDAYS = ["04-03", "2026-12-31"]
    assert calendar.is_holiday(dt.date(2026, 4, 3)) and calendar.is_holiday(dt.date(2027, 4, 3))
    assert calendar.is_holiday(dt.date(2026, 12, 31)) and not calendar.is_holiday(dt.date(2027, 12, 31))


def test_working_days_skip_weekends_and_holidays():
    assert calendar.add_working_days(dt.date(2026, 4, 24), 1) == dt.date(2026, 4, 28)  # Fri -> (Mon Koningsdag) Tue
    assert calendar.add_working_days(dt.date(2026, 12, 24), 2) == dt.date(2026, 12, 29)
    assert calendar.extend_to_working_day(dt.date(2026, 12, 25)) == dt.date(2026, 12, 28)
    assert calendar.extend_to_working_day(dt.date(2026, 12, 29)) == dt.date(2026, 12, 29)


def test_notice_term_before_a_monday_demonstration_ends_on_thursday():
    assert calendar.working_days_before(at(2026, 12, 7, 14, 0), 48) == at(2026, 12, 3, 14, 0)


def test_notice_term_skips_koningsdag():
    # Tuesday 28 April 2026 10:00: 10 h on Tuesday, Monday is Koningsdag, the weekend does not count,
    # 24 h on Friday, the remaining 14 h on Thursday.
    assert calendar.working_days_before(at(2026, 4, 28, 10, 0), 48) == at(2026, 4, 23, 10, 0)


def test_notice_term_starting_at_midnight():
    assert calendar.working_days_before(at(2026, 12, 8, 0, 0), 24) == at(2026, 12, 7, 0, 0)


def test_hours_are_elapsed_time_through_the_switch_to_summer_time():
    # Saturday 28 March 2026 12:00 CET; the clocks go forward on Sunday 29 March.
    deadline = calendar.add_hours(at(2026, 3, 28, 12, 0), 72)
    assert deadline == dt.datetime(2026, 3, 31, 11, 0, tzinfo=dt.timezone.utc)
    assert deadline.hour == 13  # 13:00 CEST on the wall clock


def test_hours_are_elapsed_time_through_the_switch_to_winter_time():
    deadline = calendar.add_hours(at(2026, 10, 24, 12, 0), 72)  # clocks go back on Sunday 25 October
    # 12:00 CEST is 10:00 UTC; 72 hours later is 10:00 UTC on Tuesday, 11:00 CET on the wall clock.
    assert deadline == dt.datetime(2026, 10, 27, 10, 0, tzinfo=dt.timezone.utc)
    assert deadline.hour == 11


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="aware"):
        calendar.add_hours(dt.datetime(2026, 1, 1), 24)


def test_clock_states():
    deadline = at(2026, 12, 10, 12, 0)
    assert Clock(deadline).state(at(2026, 12, 8, 12, 0)) is ClockState.RUNNING
    assert Clock(deadline).state(at(2026, 12, 9, 13, 0)) is ClockState.DUE_SOON
    assert Clock(deadline).state(at(2026, 12, 10, 12, 1)) is ClockState.OVERDUE
    assert Clock(deadline, done_at=at(2026, 12, 10, 11, 0)).state() is ClockState.MET
    assert Clock(deadline, done_at=at(2026, 12, 11, 9, 0)).state() is ClockState.LATE
    assert Clock(deadline).remaining(at(2026, 12, 10, 10, 0)) == dt.timedelta(hours=2)
    assert str(ClockState.LATE.label) in ("late", "te laat")
