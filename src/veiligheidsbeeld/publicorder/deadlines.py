"""The legal and local terms of public order, as pure functions on :mod:`veiligheidsbeeld.core.calendar`.

Rules (each tested against a commented input/expected table in ``tests/test_deadlines.py``):

- **WOM notice** (APV, on the basis of WOM art. 4): the kennisgeving must be received at least ``hours`` before
  the start. Groningen (APVG art. 2.4): 48 hours, Saturdays, Sundays and public holidays not counted; other
  gemeenten differ (Oosterhout: 72 hours), so the hours and whether non-working days count are settings per
  gemeente (:class:`~veiligheidsbeeld.publicorder.models.PublicOrderSettings`). A notice received exactly at the
  deadline is on time.
- **Event application**: at least ``weeks`` (Groningen: 14) before the first event day.
- **Jaarplanning** of large events (Groningen, Nota vergunningen evenementen 2025): more than 20,000 visitors
  before 1 March of the year before the event, more than 2,000 before 1 October of the year before.
- **Decision term**: without a term of its own the Awb's 8 weeks (art. 4:13) from receipt; a term ending on a
  Saturday, Sunday or public holiday runs to the next working day (Algemene termijnenwet art. 1).
"""

from __future__ import annotations

import datetime as dt

from veiligheidsbeeld.core.calendar import AMSTERDAM, extend_to_working_day, working_days_before

__all__ = [
    "awb_decision_due",
    "event_application_due",
    "jaarplanning_due",
    "notice_deadline",
    "notice_on_time",
]


def notice_deadline(starts_at: dt.datetime, hours: int = 48, *, working_days_only: bool = True) -> dt.datetime:
    """The latest instant a WOM notice may be received for a manifestation starting at ``starts_at``.

    Examples
    --------
    >>> import datetime as dt
    >>> from veiligheidsbeeld.core.calendar import AMSTERDAM
    >>> notice_deadline(dt.datetime(2027, 4, 28, 14, tzinfo=AMSTERDAM)).isoformat()  # Koningsdag 27 April
    '2027-04-23T14:00:00+02:00'
    """
    if working_days_only:
        return working_days_before(starts_at, hours)
    return (starts_at.astimezone(dt.timezone.utc) - dt.timedelta(hours=hours)).astimezone(AMSTERDAM)


def notice_on_time(
    received_at: dt.datetime, starts_at: dt.datetime, hours: int = 48, *, working_days_only: bool = True
) -> bool:
    """Whether a notice received at ``received_at`` met the term (received at the deadline itself is on time)."""
    return received_at <= notice_deadline(starts_at, hours, working_days_only=working_days_only)


def event_application_due(first_day: dt.date, weeks: int = 14) -> dt.date:
    """The last day to apply for an event permit: ``weeks`` before the first event day."""
    return first_day - dt.timedelta(weeks=weeks)


def jaarplanning_due(first_day: dt.date, visitors: int, *, large: int = 20000, medium: int = 2000) -> dt.date | None:
    """The jaarplanning registration date for an event of ``visitors``, or ``None`` below ``medium``.

    More than ``large`` visitors: 1 March of the year before; more than ``medium``: 1 October of the year before.
    """
    if visitors > large:
        return dt.date(first_day.year - 1, 3, 1)
    if visitors > medium:
        return dt.date(first_day.year - 1, 10, 1)
    return None


def awb_decision_due(received_on: dt.date, weeks: int = 8) -> dt.date:
    """The decision term: ``weeks`` after receipt, extended to a working day (Atw art. 1)."""
    return extend_to_working_day(received_on + dt.timedelta(weeks=weeks))
