"""Tension signals (spanningssignalen) from the sleutelfiguren network, WIJ, wijkagenten, boa's and online."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.areas.models import Area
from veiligheidsbeeld.core.models import GemeenteScoped

from ..choices import SignalPhase, SignalSource, SignalTheme, SignalUrgency

__all__ = ["TensionSignal"]


class TensionSignal(GemeenteScoped):
    """A signal of social tension in a wijk. A sleutelfiguur appears only as a keyed pseudonym, never by name."""

    received_on = models.DateField(_("received on"))
    source_type = models.CharField(_("source"), max_length=20, choices=SignalSource.choices)
    source_pseudonym = models.CharField(
        _("key figure (network code)"), max_length=16, blank=True,
        validators=[RegexValidator(r"^SF-[A-Z0-9]{2,12}$", _("A key figure is known by a network code such as SF-017."))],
        help_text=_("The network code of the key figure (SF-...); the name is never stored."),
    )
    wijk = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+", verbose_name=_("wijk"))
    theme = models.CharField(_("theme"), max_length=20, choices=SignalTheme.choices)
    phase = models.CharField(_("phase"), max_length=20, choices=SignalPhase.choices)
    urgency = models.CharField(_("urgency"), max_length=10, choices=SignalUrgency.choices)
    summary = models.TextField(_("signal"))
    interpretation = models.TextField(_("interpretation (duiding)"), blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("registered by"),
    )

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("tension signal")
        verbose_name_plural = _("tension signals")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(source_type="sleutelfiguur") | models.Q(source_pseudonym=""),
                name="%(app_label)s_%(class)s_code_only_for_key_figures",
                violation_error_message=_("Only a signal of a key figure carries a network code."),
            )
        ]

    def __str__(self) -> str:
        return "{} {} ({})".format(self.get_theme_display(), self.wijk.name, self.received_on.isoformat())
