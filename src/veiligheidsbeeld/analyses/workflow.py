"""The status of an early-warning alert and the changes an analyst may make to it.

Rules (after Signalen's ``workflow.py``): every alert starts as ``nieuw``; an analyst marks it ``bekeken`` (seen),
``opgepakt`` (taken up: action follows) or ``vals-alarm`` (false alarm: no real change behind it). A false alarm
or an alert that was taken up can be reopened (back to ``bekeken``) when new information arrives; nothing ever
returns to ``nieuw``. Every change is kept in :class:`~veiligheidsbeeld.analyses.models.AlertStatusChange`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["AlertStatus", "ALLOWED_STATUS_CHANGES", "InvalidStatusChange", "check_status_change"]


class AlertStatus(models.TextChoices):
    NIEUW = "nieuw", _("new")
    BEKEKEN = "bekeken", _("seen")
    OPGEPAKT = "opgepakt", _("taken up")
    VALS_ALARM = "vals-alarm", _("false alarm")


ALLOWED_STATUS_CHANGES: dict[str, tuple[str, ...]] = {
    AlertStatus.NIEUW: (AlertStatus.BEKEKEN, AlertStatus.OPGEPAKT, AlertStatus.VALS_ALARM),
    AlertStatus.BEKEKEN: (AlertStatus.OPGEPAKT, AlertStatus.VALS_ALARM),
    AlertStatus.OPGEPAKT: (AlertStatus.BEKEKEN, AlertStatus.VALS_ALARM),
    AlertStatus.VALS_ALARM: (AlertStatus.BEKEKEN, AlertStatus.OPGEPAKT),
}
"""Status -> the statuses it may change to."""


class InvalidStatusChange(ValueError):
    """A status change that the transition table does not allow."""


def check_status_change(current: str, new: str) -> None:
    """Raise :class:`InvalidStatusChange` unless ``current -> new`` is in :data:`ALLOWED_STATUS_CHANGES`."""
    if new not in AlertStatus.values:
        raise InvalidStatusChange(
            "status {!r} is not valid; valid: {}".format(new, ", ".join(AlertStatus.values))
        )
    allowed = ALLOWED_STATUS_CHANGES[current]
    if new not in allowed:
        raise InvalidStatusChange(
            "an alert with status {!r} cannot change to {!r}; allowed: {}".format(
                current, new, ", ".join(allowed)
            )
        )
