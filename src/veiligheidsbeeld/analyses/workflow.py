"""The status of an early-warning alert and the changes an analyst may make to it.

Rules (after Signalen's ``workflow.py``): every alert starts as ``nieuw``; an analyst marks it ``bekeken`` (seen),
``opgepakt`` (taken up: action follows) or ``vals-alarm`` (false alarm: no real change behind it). A false alarm
or an alert that was taken up can be reopened (back to ``bekeken``) when new information arrives; nothing ever
returns to ``nieuw``. Work that was taken up ends as ``afgerond`` (done), which can be reopened too.
Every change is kept in :class:`~veiligheidsbeeld.analyses.models.AlertStatusChange`.

Partner organisations (issue 20): a ketenpartner may change the status of an alert that is assigned to its own
organisation, and only along :data:`PARTNER_STATUS_CHANGES` (take it up, finish it); the rest is the analyst's.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = [
    "AlertStatus",
    "ALLOWED_STATUS_CHANGES",
    "PARTNER_STATUS_CHANGES",
    "InvalidStatusChange",
    "check_status_change",
]


class AlertStatus(models.TextChoices):
    NIEUW = "nieuw", _("new")
    BEKEKEN = "bekeken", _("seen")
    OPGEPAKT = "opgepakt", _("taken up")
    VALS_ALARM = "vals-alarm", _("false alarm")
    AFGEROND = "afgerond", _("completed")


ALLOWED_STATUS_CHANGES: dict[str, tuple[str, ...]] = {
    AlertStatus.NIEUW: (AlertStatus.BEKEKEN, AlertStatus.OPGEPAKT, AlertStatus.VALS_ALARM),
    AlertStatus.BEKEKEN: (AlertStatus.OPGEPAKT, AlertStatus.VALS_ALARM),
    AlertStatus.OPGEPAKT: (AlertStatus.BEKEKEN, AlertStatus.VALS_ALARM, AlertStatus.AFGEROND),
    AlertStatus.VALS_ALARM: (AlertStatus.BEKEKEN, AlertStatus.OPGEPAKT),
    AlertStatus.AFGEROND: (AlertStatus.BEKEKEN, AlertStatus.OPGEPAKT),
}
"""Status -> the statuses it may change to."""

PARTNER_STATUS_CHANGES: dict[str, tuple[str, ...]] = {
    AlertStatus.NIEUW: (AlertStatus.OPGEPAKT,),
    AlertStatus.BEKEKEN: (AlertStatus.OPGEPAKT,),
    AlertStatus.OPGEPAKT: (AlertStatus.AFGEROND,),
    AlertStatus.VALS_ALARM: (),
    AlertStatus.AFGEROND: (AlertStatus.OPGEPAKT,),
}
"""Status -> the statuses a partner organisation may change it to, on an alert assigned to it (issue 20)."""


class InvalidStatusChange(ValueError):
    """A status change that the transition table does not allow."""


def check_status_change(current: str, new: str, *, partner: bool = False) -> None:
    """Raise :class:`InvalidStatusChange` unless ``current -> new`` is in :data:`ALLOWED_STATUS_CHANGES` (with
    ``partner``: in :data:`PARTNER_STATUS_CHANGES`)."""
    if new not in AlertStatus.values:
        raise InvalidStatusChange(
            "status {!r} is not valid; valid: {}".format(new, ", ".join(AlertStatus.values))
        )
    allowed = (PARTNER_STATUS_CHANGES if partner else ALLOWED_STATUS_CHANGES)[current]
    if new not in allowed:
        raise InvalidStatusChange(
            "an alert with status {!r} cannot change to {!r}; allowed: {}".format(
                current, new, ", ".join(allowed)
            )
        )
