"""The CCV barrier model: a phenomenon as ordered steps, each with opportunities, signals, partners and barriers."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.core.models import GemeenteScoped, Organisation

from ..choices import BarrierStatus

__all__ = ["Barrier", "BarrierModel", "BarrierStep"]


class BarrierModel(GemeenteScoped):
    """A phenomenon (e.g. hennepteelt) modelled as the steps a criminal business process takes."""

    phenomenon = models.CharField(_("phenomenon"), max_length=200)
    template = models.SlugField(_("template"), max_length=40, blank=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["gemeente", "phenomenon"]
        verbose_name = _("barrier model")
        verbose_name_plural = _("barrier models")

    def __str__(self) -> str:
        return self.phenomenon


class BarrierStep(models.Model):
    """One step of the business process, in order."""

    model = models.ForeignKey(BarrierModel, on_delete=models.CASCADE, related_name="steps", verbose_name=_("model"))
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("step"), max_length=120)
    opportunities = models.TextField(_("opportunities"), blank=True)
    signals = models.TextField(_("signals"), blank=True)
    partners = models.TextField(_("partners"), blank=True)

    class Meta:
        ordering = ["model", "order"]
        verbose_name = _("barrier-model step")
        verbose_name_plural = _("barrier-model steps")
        constraints = [
            models.UniqueConstraint(
                fields=["model", "order"],
                name="%(app_label)s_%(class)s_unique_order",
                violation_error_message=_("Two steps cannot have the same position."),
            )
        ]

    def __str__(self) -> str:
        return "{}. {}".format(self.order, self.name)


class Barrier(GemeenteScoped):
    """A measure that blocks a step, with its owner and status, linked to signals and programme measures (#8)."""

    step = models.ForeignKey(BarrierStep, on_delete=models.CASCADE, related_name="barriers", verbose_name=_("step"))
    measure = models.CharField(_("measure"), max_length=300)
    owner = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="undermining_barriers",
        verbose_name=_("owner"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=BarrierStatus.choices, default=BarrierStatus.VOORGESTELD
    )
    signals = models.ManyToManyField(
        "undermining.Signal", blank=True, related_name="barriers", verbose_name=_("signals")
    )
    programme_measures = models.ManyToManyField(
        "programmes.Measure", blank=True, related_name="undermining_barriers", verbose_name=_("programme measures")
    )

    class Meta:
        ordering = ["step", "pk"]
        verbose_name = _("barrier")
        verbose_name_plural = _("barriers")

    def __str__(self) -> str:
        return self.measure
