"""The local terms of a gemeente (its APV and event policy): one row per gemeente, defaults of Groningen."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.core.models import GemeenteScoped

__all__ = ["PublicOrderSettings"]


class PublicOrderSettings(GemeenteScoped):
    """The gemeente's own terms for public order. Defaults: Groningen (APVG art. 2.4; Nota evenementen 2025)."""

    notice_hours = models.PositiveSmallIntegerField(
        _("WOM notice term (hours)"), default=48, validators=[MinValueValidator(1), MaxValueValidator(24 * 30)],
        help_text=_("Hours before the start a notice must be received (APV). Groningen: 48; Oosterhout: 72."),
    )
    notice_working_days_only = models.BooleanField(
        _("count working days only"), default=True,
        help_text=_("Saturdays, Sundays and public holidays do not count towards the notice term."),
    )
    event_application_weeks = models.PositiveSmallIntegerField(
        _("event application term (weeks)"), default=14, validators=[MaxValueValidator(104)]
    )
    decision_weeks = models.PositiveSmallIntegerField(
        _("decision term (weeks)"), default=8, validators=[MaxValueValidator(52)],
        help_text=_("Awb art. 4:13: eight weeks where no term is set."),
    )
    jaarplanning_large = models.PositiveIntegerField(_("jaarplanning: large event above (visitors)"), default=20000)
    jaarplanning_medium = models.PositiveIntegerField(_("jaarplanning: medium event above (visitors)"), default=2000)
    camera_evaluation_months = models.PositiveSmallIntegerField(
        _("camera evaluation after (months)"), default=12,
        help_text=_("When a camera designation is evaluated (APV and practice; not set by the law)."),
    )

    class Meta:
        ordering = ["gemeente"]
        verbose_name = _("public-order settings")
        verbose_name_plural = _("public-order settings")
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente"], name="%(app_label)s_%(class)s_one_per_gemeente",
                violation_error_message=_("A gemeente has one set of public-order settings."),
            )
        ]

    def __str__(self) -> str:
        return "{} ({} h)".format(self.gemeente.code, self.notice_hours)

    @classmethod
    def for_gemeente(cls, gemeente) -> PublicOrderSettings:
        """The gemeente's settings, or unsaved defaults when it has none."""
        return cls.objects.filter(gemeente=gemeente).first() or cls(gemeente=gemeente)
