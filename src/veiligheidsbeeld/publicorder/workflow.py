"""Transition tables of the public-order module: the grounds the WOM allows per decision, the steps of the
7-stappenmodel and the life of a notice. Each edge cites its source.

Decision grounds (WOM, BWBR0004318)::

    voorschrift, beperking (art. 5 lid 1)  -> an art. 2 interest: health, traffic, disorder
    verbod (art. 5 lid 2)                  -> a late notice, late data, or an art. 2 interest
    aanwijzing (art. 6)                    -> an art. 2 interest
    beeindiging (art. 7)                   -> breach (no notice, ban, requirement or instruction), or an art. 2
                                              interest

7-stappenmodel::

    1 ──> 2A ──> 2B ──> 3 ──> 4 ──> 5 ──> 6 ──> 7 ──> closed
           │                  │            ^    │
           └──> closed        └──> 7       └────┘ (back to execution when monitoring shows a relapse)

Notice::

    received ──> held ──> evaluated
        └──> withdrawn
"""

from __future__ import annotations

from .choices import DecisionGround as G
from .choices import DecisionKind as K
from .choices import DemonstrationStatus as D
from .choices import Step as S

__all__ = [
    "ALLOWED_GROUNDS", "NAME_LIST_STEPS", "NOTICE_TRANSITIONS", "STEP_TRANSITIONS", "InvalidTransition",
    "check_ground", "check_notice_transition", "check_step", "step_index",
]

ART_2 = frozenset({G.HEALTH, G.TRAFFIC, G.DISORDER})

#: decision kind -> the grounds the WOM allows for it
ALLOWED_GROUNDS: dict[str, frozenset[str]] = {
    K.VOORSCHRIFT: ART_2,  # art. 5 lid 1
    K.BEPERKING: ART_2,  # art. 5 lid 1
    K.VERBOD: ART_2 | {G.LATE_NOTICE, G.LATE_DATA},  # art. 5 lid 2 a, b, c
    K.AANWIJZING: ART_2,  # art. 6
    K.BEEINDIGING: ART_2 | {G.BREACH},  # art. 7 a, b, c
}

#: step -> the steps a group may move to
STEP_TRANSITIONS: dict[str, frozenset[str]] = {
    S.S1: frozenset({S.S2A}),
    S.S2A: frozenset({S.S2B, S.CLOSED}),  # 2A: not problematic -> closed
    S.S2B: frozenset({S.S3}),
    S.S3: frozenset({S.S4}),
    S.S4: frozenset({S.S5, S.S7}),  # no priority -> scale down
    S.S5: frozenset({S.S6}),
    S.S6: frozenset({S.S7}),
    S.S7: frozenset({S.CLOSED, S.S6}),  # monitoring shows a relapse -> execute again
    S.CLOSED: frozenset(),
}

#: steps at which the name list exists (from 2B: "2B name list + groepsscan")
NAME_LIST_STEPS = frozenset({S.S2B, S.S3, S.S4, S.S5, S.S6, S.S7})

NOTICE_TRANSITIONS: dict[str, frozenset[str]] = {
    D.RECEIVED: frozenset({D.HELD, D.WITHDRAWN}),
    D.HELD: frozenset({D.EVALUATED}),
    D.EVALUATED: frozenset(),
    D.WITHDRAWN: frozenset(),
}


class InvalidTransition(ValueError):
    """A change the tables above do not allow (message lists the valid options)."""


def step_index(step: str) -> int:
    return list(S.values).index(step)


def check_ground(kind: str, ground: str) -> None:
    """Raise :class:`InvalidTransition` unless ``ground`` is a ground the WOM allows for a decision of ``kind``."""
    if kind not in ALLOWED_GROUNDS:
        raise InvalidTransition("unknown decision kind {!r}; valid: {}".format(kind, ", ".join(K.values)))
    allowed = [g for g in G.values if g in ALLOWED_GROUNDS[kind]]
    if not ground:
        raise InvalidTransition("a {} needs a ground; allowed: {}".format(kind, ", ".join(allowed)))
    if ground not in ALLOWED_GROUNDS[kind]:
        raise InvalidTransition("{!r} is no ground for a {}; allowed: {}".format(ground, kind, ", ".join(allowed)))


def _check(table, old, new, what):
    if old not in table:
        raise InvalidTransition("unknown {} {!r}".format(what, old))
    if new not in table[old]:
        allowed = ", ".join(sorted(table[old])) or "none (final)"
        raise InvalidTransition("{} {} cannot change to {!r}; allowed: {}".format(what, old, new, allowed))


def check_step(old: str, new: str) -> None:
    _check(STEP_TRANSITIONS, old, new, "step")


def check_notice_transition(old: str, new: str) -> None:
    _check(NOTICE_TRANSITIONS, old, new, "status")
