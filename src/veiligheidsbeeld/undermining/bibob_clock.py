"""The legal clock of a Bibob dossier (Wet Bibob art. 15, 29, 31, 32, 33), as pure functions on dates.

Rules (DOMAINS.md section 3(b); article numbers of the pre-2020 consolidation, checked against the Justis pages):

- **Advice term** (art. 15): the Landelijk Bureau Bibob (LBB) advises within **8 weeks** of the request. When it
  cannot, it names one further term of at most **4 weeks**. The term ends at the end of its last day; a term that
  ends on a Saturday, Sunday or public holiday runs to the next working day (Algemene termijnenwet art. 1,
  :func:`veiligheidsbeeld.core.calendar.extend_to_working_day`).
- **Suspension** (art. 31): the gemeente's own decision term is suspended from the day of the request until the
  advice arrives, but never longer than the advice term (8 weeks, or 8 + the extension; so at most **12 weeks**:
  "Na maximaal twaalf weken eindigt de opschorting").
- **Decision term**: the gemeente's own term (``decision_term_weeks``, e.g. 8 weeks under Awb 4:13 or the term of
  the special law) from receipt of the application, plus the suspension.
- **Reuse** (art. 29): an advice may be used again for another decision on the same betrokkene within **2 years**
  of its date.

Table (tested in ``tests/test_bibob_clock.py``)::

    requested   extension  received     advice deadline  state    suspended (days)
    2026-01-05  0          2026-02-16   2026-03-02       met      42
    2026-01-05  4          2026-03-20   2026-03-30       met      74
    2026-01-05  0          2026-03-09   2026-03-02       late     56 (capped at 8 weeks)
    2026-01-05  4          2026-04-20   2026-03-30       late     84 (capped at 12 weeks)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from veiligheidsbeeld.core.calendar import AMSTERDAM, Clock, ClockState, extend_to_working_day

__all__ = [
    "ADVICE_WEEKS",
    "DUE_SOON",
    "MAX_EXTENSION_WEEKS",
    "REUSE_YEARS",
    "BibobClock",
    "advice_deadline",
    "decision_deadline",
    "reusable_until",
    "suspension_days",
]

ADVICE_WEEKS = 8
MAX_EXTENSION_WEEKS = 4
REUSE_YEARS = 2
#: An open clock turns "due soon" this long before its deadline (a week: time to chase the LBB or decide).
DUE_SOON = dt.timedelta(days=7)


def _check_extension(extension_weeks: int) -> None:
    if not 0 <= extension_weeks <= MAX_EXTENSION_WEEKS:
        raise ValueError(
            "the LBB may extend its advice term by 0 to {} weeks (art. 15), got {}".format(
                MAX_EXTENSION_WEEKS, extension_weeks
            )
        )


def advice_deadline(requested_on: dt.date, extension_weeks: int = 0) -> dt.date:
    """The last day of the LBB's advice term: 8 weeks (+ at most 4) after the request, Atw-extended.

    Examples
    --------
    >>> advice_deadline(dt.date(2026, 1, 5))
    datetime.date(2026, 3, 2)
    >>> advice_deadline(dt.date(2026, 2, 2), 4)  # 2026-04-27 is Koningsdag: the term runs to the 28th
    datetime.date(2026, 4, 28)
    """
    _check_extension(extension_weeks)
    return extend_to_working_day(requested_on + dt.timedelta(weeks=ADVICE_WEEKS + extension_weeks))


def suspension_days(
    requested_on: dt.date | None, received_on: dt.date | None, extension_weeks: int = 0, *, today: dt.date
) -> int:
    """Days the gemeente's decision term is suspended (art. 31): request to advice, capped at the advice term.

    While the advice is awaited, the suspension runs up to ``today`` (never past the cap).
    """
    if requested_on is None:
        return 0
    _check_extension(extension_weeks)
    end = received_on or today
    cap = 7 * (ADVICE_WEEKS + extension_weeks)
    return max(0, min((end - requested_on).days, cap))


def decision_deadline(
    application_on: dt.date, decision_term_weeks: int, suspended_days: int
) -> dt.date:
    """The gemeente's decision term: its own term from the application, plus the suspension, Atw-extended."""
    if decision_term_weeks < 1:
        raise ValueError("the decision term is at least one week, got {}".format(decision_term_weeks))
    return extend_to_working_day(
        application_on + dt.timedelta(weeks=decision_term_weeks) + dt.timedelta(days=suspended_days)
    )


def reusable_until(advice_on: dt.date) -> dt.date:
    """The last day an advice may be reused (art. 29: two years after its date; 29 February -> 28 February)."""
    try:
        return advice_on.replace(year=advice_on.year + REUSE_YEARS)
    except ValueError:
        return advice_on.replace(year=advice_on.year + REUSE_YEARS, day=28)


def _end_of_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=AMSTERDAM)


@dataclass(frozen=True)
class BibobClock:
    """The clocks of one Bibob dossier on ``today``: the LBB advice and the gemeente's decision."""

    application_on: dt.date
    decision_term_weeks: int
    requested_on: dt.date | None = None
    extension_weeks: int = 0
    received_on: dt.date | None = None
    decided_on: dt.date | None = None

    def advice_deadline(self) -> dt.date | None:
        return advice_deadline(self.requested_on, self.extension_weeks) if self.requested_on else None

    def suspended_days(self, today: dt.date) -> int:
        return suspension_days(self.requested_on, self.received_on, self.extension_weeks, today=today)

    def decision_deadline(self, today: dt.date) -> dt.date:
        return decision_deadline(self.application_on, self.decision_term_weeks, self.suspended_days(today))

    def advice_clock(self) -> Clock | None:
        """The LBB's clock (None before the request)."""
        deadline = self.advice_deadline()
        if deadline is None:
            return None
        done = _end_of_day(self.received_on) - dt.timedelta(seconds=1) if self.received_on else None
        return Clock(_end_of_day(deadline), done, due_soon=DUE_SOON)

    def decision_clock(self, today: dt.date) -> Clock:
        done = _end_of_day(self.decided_on) - dt.timedelta(seconds=1) if self.decided_on else None
        return Clock(_end_of_day(self.decision_deadline(today)), done, due_soon=DUE_SOON)

    def advice_state(self, now: dt.datetime) -> ClockState | None:
        clock = self.advice_clock()
        return clock.state(now) if clock else None

    def is_suspended(self, today: dt.date) -> bool:
        """True while the advice is awaited and the cap is not reached."""
        if self.requested_on is None or self.received_on is not None:
            return False
        return (today - self.requested_on).days < 7 * (ADVICE_WEEKS + self.extension_weeks)
