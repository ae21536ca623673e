"""The status workflow of a case: the only allowed transitions (issue 16, DOMAINS.md §1b).

::

    aangemeld -> triage -> bekendheidscheck -> verrijking -> casusoverleg -> plan_vastgesteld -> uitvoering
                   |                                                                               |
                   v                                                                               v
              terugverwezen (final)                                             afgeschaald -> afgesloten

Plus: a case may be closed from triage, known-check, enrichment and case meeting (the partners found no ground to
continue), a scaled-down case may go back to execution (relapse, while it is not closed), and the plan may be
revisited from execution (new case meeting). ``afgesloten`` and ``terugverwezen`` are final. Scaling down and
closing end every participation (:func:`ends_participations`).
"""

from __future__ import annotations

from .choices import Status

__all__ = ["ALLOWED_TRANSITIONS", "ENDS_PARTICIPATIONS", "InvalidTransition", "allowed_next", "check_transition"]

S = Status
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.AANGEMELD: frozenset({S.TRIAGE}),  # registered before Monday 12:00, triaged on Tuesday
    S.TRIAGE: frozenset({S.TERUGVERWEZEN, S.BEKENDHEIDSCHECK, S.AFGESLOTEN}),  # criteria not met: referred back
    S.TERUGVERWEZEN: frozenset(),  # final: back to the reporting organisation
    S.BEKENDHEIDSCHECK: frozenset({S.VERRIJKING, S.CASUSOVERLEG, S.AFGESLOTEN}),  # nobody knows the person: to ICO
    S.VERRIJKING: frozenset({S.CASUSOVERLEG, S.AFGESLOTEN}),
    S.CASUSOVERLEG: frozenset({S.PLAN_VASTGESTELD, S.AFGESLOTEN}),
    S.PLAN_VASTGESTELD: frozenset({S.UITVOERING}),
    S.UITVOERING: frozenset({S.CASUSOVERLEG, S.AFGESCHAALD, S.AFGESLOTEN}),
    S.AFGESCHAALD: frozenset({S.UITVOERING, S.AFGESLOTEN}),  # relapse during monitoring, or done
    S.AFGESLOTEN: frozenset(),  # final
}

#: Statuses that end every participation of the case (need-to-know ends with the partners' work).
ENDS_PARTICIPATIONS = frozenset({S.AFGESCHAALD, S.AFGESLOTEN, S.TERUGVERWEZEN})


class InvalidTransition(ValueError):
    """A status change the workflow does not allow."""


def allowed_next(status: str) -> list[str]:
    """The statuses reachable from ``status`` in one step, in workflow order."""
    return [s for s in Status.values if s in ALLOWED_TRANSITIONS[status]]


def check_transition(old: str, new: str) -> None:
    if old not in ALLOWED_TRANSITIONS:
        raise InvalidTransition("unknown status {!r}; valid: {}".format(old, ", ".join(Status.values)))
    if new not in ALLOWED_TRANSITIONS[old]:
        allowed = ", ".join(allowed_next(old)) or "none (final status)"
        raise InvalidTransition("status {} cannot change to {!r}; allowed: {}".format(old, new, allowed))
