"""Awareness campaigns against cybercrime: target group, channel, period, reach and effect, budget line."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.core.models import GemeenteScoped

from ..choices import AwarenessChannel, EffectMeasure, TargetGroup

__all__ = ["AwarenessCampaign"]


class AwarenessCampaign(GemeenteScoped):
    """A campaign for residents, businesses, young people or staff, with its reach and measured effect."""

    title = models.CharField(_("title"), max_length=200)
    target_group = models.CharField(_("target group"), max_length=20, choices=TargetGroup.choices)
    channel = models.CharField(_("channel"), max_length=20, choices=AwarenessChannel.choices)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    reach = models.PositiveIntegerField(_("reach"), default=0, help_text=_("Participants or impressions."))
    reach_unit = models.CharField(_("reach counted as"), max_length=40, default="participants")
    effect_measure = models.CharField(_("effect measure"), max_length=20, choices=EffectMeasure.choices,
                                      blank=True, default="")
    effect_before = models.DecimalField(_("before (%)"), max_digits=5, decimal_places=1, null=True, blank=True)
    effect_after = models.DecimalField(_("after (%)"), max_digits=5, decimal_places=1, null=True, blank=True)
    measure = models.ForeignKey(
        "programmes.Measure", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("programme measure (budget line)"),
    )

    class Meta:
        ordering = ["-start", "pk"]
        verbose_name = _("awareness campaign")
        verbose_name_plural = _("awareness campaigns")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="%(app_label)s_%(class)s_end_after_start",
                violation_error_message=_("A campaign ends on or after its start."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def effect_change(self) -> Decimal | None:
        """After minus before, in percentage points (a falling click rate is an improvement)."""
        if self.effect_before is None or self.effect_after is None:
            return None
        return self.effect_after - self.effect_before

    @property
    def improved(self) -> bool | None:
        change = self.effect_change
        if change is None:
            return None
        return change < 0 if self.effect_measure == EffectMeasure.CLICK_RATE else change > 0
