"""The status workflow of a security incident: the only allowed transitions.

::

    open ──> contained ──> closed
      │                      ▲
      └──────────────────────┘

An incident that flares up again after containment goes back to ``open``; a closed incident stays closed (a new
occurrence is a new incident, so the monthly BIO2 report of a closed month does not change).
"""

from __future__ import annotations

from .choices import IncidentStatus

__all__ = ["ALLOWED_TRANSITIONS", "InvalidTransition", "allowed_next", "check_transition"]

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    IncidentStatus.OPEN: frozenset({IncidentStatus.CONTAINED, IncidentStatus.CLOSED}),
    IncidentStatus.CONTAINED: frozenset({IncidentStatus.OPEN, IncidentStatus.CLOSED}),
    IncidentStatus.CLOSED: frozenset(),  # final
}


class InvalidTransition(ValueError):
    """A status change the workflow does not allow."""


def allowed_next(status: str) -> list[str]:
    return [s for s in IncidentStatus.values if s in ALLOWED_TRANSITIONS[status]]


def check_transition(old: str, new: str) -> None:
    if old not in ALLOWED_TRANSITIONS:
        raise InvalidTransition("unknown status {!r}; valid: {}".format(old, ", ".join(IncidentStatus.values)))
    if new not in ALLOWED_TRANSITIONS[old]:
        allowed = ", ".join(allowed_next(old)) or "none (final status)"
        raise InvalidTransition("status {} cannot change to {!r}; allowed: {}".format(old, new, allowed))
