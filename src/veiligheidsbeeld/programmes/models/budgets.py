"""Budgets of a measure per year and funding source: planned and spent."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..choices import FundingSource
from .measures import Measure

__all__ = ["Budget"]


class Budget(models.Model):
    """Planned and spent euros of one measure in one year from one funding source."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="budgets", verbose_name=_("measure"))
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("funding source"), max_length=12, choices=FundingSource.choices)
    planned = models.DecimalField(_("planned (EUR)"), max_digits=12, decimal_places=2, default=0)
    spent = models.DecimalField(_("spent (EUR)"), max_digits=12, decimal_places=2, default=0)
    is_example = models.BooleanField(_("example value"), default=False)

    class Meta:
        ordering = ["measure", "year", "source"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "year", "source"],
                name="%(app_label)s_%(class)s_unique_year_source",
                violation_error_message=_("This measure has a budget from this source for this year already."),
            ),
            models.CheckConstraint(
                condition=Q(planned__gte=0) & Q(spent__gte=0),
                name="%(app_label)s_%(class)s_not_negative",
                violation_error_message=_("Amounts cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.year} {self.get_source_display()}"
