"""The status workflow of a measure: the only allowed transitions (issue #8).

::

    gepland ──> lopend ──> afgerond
       │          │
       └──────────┴──────> gestopt

A measure starts ``gepland``. ``afgerond`` and ``gestopt`` are final: a stopped measure that starts again is a
new measure, so its history stays readable. Every transition is kept as a
:class:`~veiligheidsbeeld.programmes.models.MeasureStatusChange` (append-only).
"""

from __future__ import annotations

from .choices import Status

__all__ = ["ALLOWED_TRANSITIONS", "InvalidTransition", "allowed_next", "check_transition"]

#: status -> the statuses a measure may move to from it
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    Status.GEPLAND: frozenset({Status.LOPEND, Status.GESTOPT}),  # #8: start or cancel before it starts
    Status.LOPEND: frozenset({Status.AFGEROND, Status.GESTOPT}),  # #8: finish or stop early
    Status.AFGEROND: frozenset(),  # final
    Status.GESTOPT: frozenset(),  # final
}


class InvalidTransition(ValueError):
    """A status change the workflow does not allow."""


def allowed_next(status: str) -> list[str]:
    """The statuses reachable from ``status`` in one step, in the order of :class:`Status`."""
    return [s for s in Status.values if s in ALLOWED_TRANSITIONS[status]]


def check_transition(old: str, new: str) -> None:
    """Raise :class:`InvalidTransition` unless ``old -> new`` is in :data:`ALLOWED_TRANSITIONS`."""
    if old not in ALLOWED_TRANSITIONS:
        raise InvalidTransition("unknown status {!r}; valid: {}".format(old, ", ".join(Status.values)))
    if new not in ALLOWED_TRANSITIONS[old]:
        allowed = ", ".join(allowed_next(old)) or "none (final status)"
        raise InvalidTransition(f"status {old} cannot change to {new!r}; allowed: {allowed}")
