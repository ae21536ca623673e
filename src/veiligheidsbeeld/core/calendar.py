"""Legal deadlines: Dutch public holidays, working days and running clocks, in Europe/Amsterdam.

One helper for every domain module (issue texts: "Deadlines are computed by one shared calendar helper").

Public holidays follow the Algemene termijnenwet (Atw) art. 3 lid 1, the list that extends statutory terms:
Nieuwjaarsdag, tweede Paasdag, Hemelvaartsdag, tweede Pinksterdag, Koningsdag (27 April, or 26 April when the 27th
is a Sunday: Wet van 22 januari 2014, Stb. 2014, 32), 5 mei (Bevrijdingsdag) and both Christmas days. Easter
Sunday and Whit Sunday are Sundays anyway. Goede Vrijdag is not in the Atw list; a gemeente whose APV counts it
(or other local days) adds them with ``VEILIGHEIDSBEELD_EXTRA_HOLIDAYS`` (ISO dates or ``MM-DD``). Whether 5 May
counts every year (the Atw) or only every fifth year (many collective agreements) is
``VEILIGHEIDSBEELD_BEVRIJDINGSDAG`` = ``yearly`` (default) | ``lustrum`` | ``never``.

Two kinds of term, kept apart because the law keeps them apart:

- **hours** (AVG art. 33: 72 hours; Cbw: 24 h / 72 h) are elapsed real time, through weekends and the switch to
  and from summer time: :func:`add_hours` works on UTC instants.
- **days, weeks and working days** (Awb, APV terms) are calendar terms on local dates: :func:`add_working_days`,
  :func:`working_days_before` and :func:`extend_to_working_day` (Atw art. 1: a term ending on a Saturday, Sunday or
  holiday runs until the next working day).

:class:`Clock` turns a deadline and an optional completion time into what a screen shows: running, due soon,
overdue, met or late, with the time left.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateutil.easter import easter
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = [
    "AMSTERDAM",
    "Clock",
    "ClockState",
    "add_hours",
    "add_working_days",
    "extend_to_working_day",
    "holidays",
    "is_holiday",
    "is_working_day",
    "local_date",
    "working_days_before",
]

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _bevrijdingsdag_counts(year: int) -> bool:
    rule = getattr(settings, "BEVRIJDINGSDAG", "yearly")
    if rule == "never":
        return False
    if rule == "lustrum":
        return year % 5 == 0
    return True


def _extra_holidays(year: int) -> set[dt.date]:
    days = set()
    for text in getattr(settings, "EXTRA_HOLIDAYS", ()):
        text = str(text).strip()
        if not text:
            continue
        if len(text) == 5:  # MM-DD, every year
            days.add(dt.date(year, int(text[:2]), int(text[3:])))
        else:
            day = dt.date.fromisoformat(text)
            if day.year == year:
                days.add(day)
    return days


@lru_cache(maxsize=64)
def _holidays_cached(year: int, bevrijdingsdag: bool, extra: frozenset) -> dict[dt.date, str]:
    easter_sunday = easter(year)
    koningsdag = dt.date(year, 4, 27)
    if koningsdag.weekday() == 6:
        koningsdag = dt.date(year, 4, 26)
    days = {
        dt.date(year, 1, 1): "Nieuwjaarsdag",
        easter_sunday + dt.timedelta(days=1): "Tweede Paasdag",
        easter_sunday + dt.timedelta(days=39): "Hemelvaartsdag",
        easter_sunday + dt.timedelta(days=50): "Tweede Pinksterdag",
        koningsdag: "Koningsdag",
        dt.date(year, 12, 25): "Eerste Kerstdag",
        dt.date(year, 12, 26): "Tweede Kerstdag",
    }
    if bevrijdingsdag:
        days[dt.date(year, 5, 5)] = "Bevrijdingsdag"
    for day in extra:
        days.setdefault(day, "Lokale feestdag")
    return dict(sorted(days.items()))


def holidays(year: int) -> dict[dt.date, str]:
    """The public holidays of ``year`` that extend terms (date -> Dutch name), sorted by date."""
    return dict(_holidays_cached(year, _bevrijdingsdag_counts(year), frozenset(_extra_holidays(year))))


def is_holiday(day: dt.date) -> bool:
    return day in holidays(day.year)


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday and not a public holiday."""
    return day.weekday() < 5 and not is_holiday(day)


def local_date(moment: dt.datetime) -> dt.date:
    """The calendar date of an aware instant in Europe/Amsterdam."""
    return timezone.localtime(moment, AMSTERDAM).date()


def _aware(moment: dt.datetime) -> dt.datetime:
    if timezone.is_naive(moment):
        raise ValueError("a deadline needs an aware datetime (Europe/Amsterdam or UTC), got {!r}".format(moment))
    return moment


def add_hours(moment: dt.datetime, hours: float) -> dt.datetime:
    """``moment`` plus ``hours`` of elapsed time (weekends, holidays and DST changes included), in Amsterdam time."""
    utc = _aware(moment).astimezone(dt.timezone.utc) + dt.timedelta(hours=hours)
    return utc.astimezone(AMSTERDAM)


def add_working_days(day: dt.date, count: int) -> dt.date:
    """The date ``count`` working days after ``day`` (``count`` >= 0; 0 gives ``day`` itself)."""
    if count < 0:
        raise ValueError("count must be >= 0")
    while count:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def extend_to_working_day(day: dt.date) -> dt.date:
    """Atw art. 1: a term that ends on a Saturday, Sunday or public holiday ends on the next working day."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def working_days_before(moment: dt.datetime, hours: int) -> dt.datetime:
    """The latest instant that lies ``hours`` before ``moment`` when only working days count.

    For notice terms such as the WOM notification in an APV ("48 uur voor het begin, zaterdagen, zondagen en
    feestdagen niet meegerekend"): the clock walks back from ``moment`` through local time and skips every
    minute that falls on a non-working day. A Monday 14:00 demonstration with a 48-hour term needs notice by the
    preceding Thursday 14:00.
    """
    local = timezone.localtime(_aware(moment), AMSTERDAM).replace(tzinfo=None)
    remaining = dt.timedelta(hours=hours)
    day = local.date()
    elapsed = local - dt.datetime.combine(day, dt.time.min)  # the part of ``day`` before ``moment``
    while True:
        if is_working_day(day):
            if elapsed >= remaining:
                result = dt.datetime.combine(day, dt.time.min) + elapsed - remaining
                return result.replace(tzinfo=AMSTERDAM)
            remaining -= elapsed
        day -= dt.timedelta(days=1)
        elapsed = dt.timedelta(days=1)


class ClockState(enum.StrEnum):
    RUNNING = "running", _("running")
    DUE_SOON = "due_soon", _("due soon")
    OVERDUE = "overdue", _("overdue")
    MET = "met", _("met")
    LATE = "late", _("late")

    def __new__(cls, value, label):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


@dataclass(frozen=True)
class Clock:
    """A legal clock: its deadline, and when the duty was done (``None`` while open).

    ``due_soon`` is how close to the deadline an open clock turns from running to due soon.
    """

    deadline: dt.datetime
    done_at: dt.datetime | None = None
    due_soon: dt.timedelta = dt.timedelta(hours=24)

    def state(self, now: dt.datetime | None = None) -> ClockState:
        now = now or timezone.now()
        if self.done_at is not None:
            return ClockState.MET if self.done_at <= self.deadline else ClockState.LATE
        if now > self.deadline:
            return ClockState.OVERDUE
        if self.deadline - now <= self.due_soon:
            return ClockState.DUE_SOON
        return ClockState.RUNNING

    def remaining(self, now: dt.datetime | None = None) -> dt.timedelta:
        """Time left until the deadline (negative when overdue); for a closed clock, the margin it was done by."""
        reference = self.done_at or now or timezone.now()
        return self.deadline - reference

    def is_open(self) -> bool:
        return self.done_at is None
