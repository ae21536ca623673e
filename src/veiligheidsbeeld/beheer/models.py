"""Settings a beheerder changes in the browser (issue 21): retention periods per record type."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["RetentionPeriod"]


class RetentionPeriod(models.Model):
    """A retention period set by a beheerder; it overrides ``settings.RETENTION_DAYS`` for its category."""

    category = models.CharField(_("category"), max_length=60, unique=True)
    days = models.PositiveIntegerField(_("days"))
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("changed by"),
    )

    class Meta:
        ordering = ["category"]
        verbose_name = _("retention period")
        verbose_name_plural = _("retention periods")

    def __str__(self) -> str:
        return "{}: {}".format(self.category, self.days)
