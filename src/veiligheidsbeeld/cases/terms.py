"""Status terms and escalation proposals of the casusregie (issue 16: "late escalation" is GCOS's known weakness).

Every status has a maximum time in working days (``core.calendar``: weekends and Dutch public holidays do not
count). The Django setting ``CASES_STATUS_TERMS`` overrides the defaults per status; a status without a term has
no clock. The clock of a case starts when it entered its current status, and restarts at every escalation decision
taken in that status (the next level gets the same time to unblock the case). A term ends at the end of its last
working day (23:59 Europe/Amsterdam). Past it, the case is flagged *termijn overschreden* with a proposal to
escalate to the next level: uitvoering -> tactisch -> bestuurlijk. The escalation itself is a recorded decision
(:func:`veiligheidsbeeld.cases.services.decide_escalation`).

A known-check asked of a partner is due ``CASES_KNOWN_CHECK_DAYS`` working days (default 2) after it was asked,
also at the end of that day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from veiligheidsbeeld.core.calendar import AMSTERDAM, Clock, add_working_days, local_date

from .choices import Escalation, Status

__all__ = [
    "DEFAULT_KNOWN_CHECK_DAYS", "DEFAULT_STATUS_TERMS", "ESCALATION_ORDER", "StatusTerm", "known_check_due",
    "next_level", "status_term", "status_terms",
]

#: Working days a case may stay in a status before it is flagged (issue 16; ⚠ local agreements, not law).
DEFAULT_STATUS_TERMS: dict[str, int] = {
    Status.TRIAGE: 5,
    Status.BEKENDHEIDSCHECK: 5,
    Status.VERRIJKING: 10,
    Status.CASUSOVERLEG: 20,  # from the case meeting to the adopted plan
}
DEFAULT_KNOWN_CHECK_DAYS = 2
ESCALATION_ORDER = [Escalation.UITVOERING, Escalation.TACTISCH, Escalation.BESTUURLIJK]


def status_terms() -> dict[str, int]:
    """The terms in force: the defaults, overridden per status by ``settings.CASES_STATUS_TERMS``."""
    terms = dict(DEFAULT_STATUS_TERMS)
    for status, days in (getattr(settings, "CASES_STATUS_TERMS", None) or {}).items():
        if status not in Status.values:
            raise ValueError("CASES_STATUS_TERMS: unknown status {!r}; valid: {}".format(
                status, ", ".join(Status.values)))
        if days is None:
            terms.pop(status, None)
        else:
            terms[status] = int(days)
    return terms


def end_of_working_days(moment: dt.datetime, days: int) -> dt.datetime:
    """The end (23:59 Amsterdam) of the ``days``-th working day after the local date of ``moment``."""
    return dt.datetime.combine(add_working_days(local_date(moment), days), dt.time(23, 59), tzinfo=AMSTERDAM)


def known_check_due(asked_at: dt.datetime) -> dt.datetime:
    days = int(getattr(settings, "CASES_KNOWN_CHECK_DAYS", DEFAULT_KNOWN_CHECK_DAYS))
    return end_of_working_days(asked_at, days)


def next_level(level: str) -> str | None:
    """The escalation level above ``level``; None at the top (bestuurlijk)."""
    index = ESCALATION_ORDER.index(level)
    return ESCALATION_ORDER[index + 1] if index + 1 < len(ESCALATION_ORDER) else None


@dataclass(frozen=True)
class StatusTerm:
    """The clock of a case in its current status."""

    status: str
    days: int
    started_at: dt.datetime
    deadline: dt.datetime
    escalated_at: dt.datetime | None  # the last escalation decision in this status (the clock restarted there)
    proposal: str | None  # the level to escalate to when the term is exceeded (None: at the top already)

    def clock(self) -> Clock:
        return Clock(self.deadline, due_soon=dt.timedelta(days=1))

    def exceeded(self, now: dt.datetime | None = None) -> bool:
        return (now or timezone.now()) > self.deadline


def status_term(case, now: dt.datetime | None = None) -> StatusTerm | None:
    """The term of ``case`` in its current status, or None when the status has no term."""
    days = status_terms().get(case.status)
    if days is None:
        return None
    entered = (case.history.filter(new_status=case.status).order_by("-changed_at", "-pk")
               .values_list("changed_at", flat=True).first()) or case.registered_at
    decided = (case.escalation_decisions.filter(status=case.status, decided_at__gte=entered)
               .order_by("-decided_at", "-pk").values_list("decided_at", flat=True).first())
    started = decided or entered
    return StatusTerm(case.status, days, started, end_of_working_days(started, days), decided,
                      next_level(case.escalation))
