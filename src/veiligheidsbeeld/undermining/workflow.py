"""The status workflow of a signal: the only allowed transitions (issue #18 item 1).

::

    ontvangen ──> gewogen ──> naar_riec ────> afgesloten
                     │    └─> eigen_aanpak ─> afgesloten
                     └──────────────────────> afgesloten

A signal is weighed before it is routed or closed (the weighing is required on the way to ``gewogen``), so every
closed signal carries a weighing. ``afgesloten`` is final. Every transition is kept as a
:class:`~veiligheidsbeeld.undermining.models.SignalStatusChange` (append-only).
"""

from __future__ import annotations

from .choices import SignalStatus

__all__ = ["ALLOWED_TRANSITIONS", "InvalidTransition", "allowed_next", "check_transition"]

S = SignalStatus
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.ONTVANGEN: frozenset({S.GEWOGEN}),  # #18: weigh first
    S.GEWOGEN: frozenset({S.NAAR_RIEC, S.EIGEN_AANPAK, S.AFGESLOTEN}),  # #18: route, or close after weighing
    S.NAAR_RIEC: frozenset({S.AFGESLOTEN}),
    S.EIGEN_AANPAK: frozenset({S.AFGESLOTEN}),
    S.AFGESLOTEN: frozenset(),  # final
}


class InvalidTransition(ValueError):
    """A status change the workflow does not allow."""


def allowed_next(status: str) -> list[str]:
    return [s for s in SignalStatus.values if s in ALLOWED_TRANSITIONS[status]]


def check_transition(old: str, new: str) -> None:
    """Raise :class:`InvalidTransition` unless ``old -> new`` is in :data:`ALLOWED_TRANSITIONS`."""
    if old not in ALLOWED_TRANSITIONS:
        raise InvalidTransition("unknown status {!r}; valid: {}".format(old, ", ".join(SignalStatus.values)))
    if new not in ALLOWED_TRANSITIONS[old]:
        allowed = ", ".join(allowed_next(old)) or "none (final status)"
        raise InvalidTransition("status {} cannot change to {!r}; allowed: {}".format(str(old), str(new), allowed))
