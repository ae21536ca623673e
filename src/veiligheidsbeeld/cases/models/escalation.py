"""Escalation decisions: who raised (or deliberately kept) a case's escalation level, when and why."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import Escalation, Status
from .cases import Case

__all__ = ["EscalationDecision"]


class EscalationDecision(models.Model):
    """A recorded escalation decision (append-only): the level before and after, the status the case was in,
    whether the status term had been exceeded, who decided, when, and the reason (required).

    ``to_level`` equal to ``from_level`` records a decision *not* to escalate (the delay is explained); like an
    escalation it restarts the status term (:mod:`veiligheidsbeeld.cases.terms`)."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="escalation_decisions", verbose_name=_("case")
    )
    status = models.CharField(_("status at the decision"), max_length=20, choices=Status.choices)
    from_level = models.CharField(_("from level"), max_length=20, choices=Escalation.choices)
    to_level = models.CharField(_("to level"), max_length=20, choices=Escalation.choices)
    term_exceeded = models.BooleanField(_("term exceeded"), default=False)
    reason = models.CharField(_("reason"), max_length=500)
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        ordering = ["case", "decided_at", "pk"]
        verbose_name = _("escalation decision")
        verbose_name_plural = _("escalation decisions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""), name="%(app_label)s_%(class)s_has_reason",
                violation_error_message=_("An escalation decision needs its reason."),
            ),
        ]

    def __str__(self) -> str:
        return "{}: {} -> {}".format(self.case, self.from_level, self.to_level)
