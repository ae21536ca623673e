"""Signalen: what the gemeente and its partners notice of undermining, weighed and routed (RIEC or own approach)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.areas.models import Area
from veiligheidsbeeld.core.encryption import EncryptedTextField
from veiligheidsbeeld.core.models import GemeenteScoped

from ..choices import Exploitation, SignalStatus, SignalTheme, Weighing

__all__ = ["Signal", "SignalStatusChange", "sbi_section"]

sbi_validator = RegexValidator(r"^\d{2}(\d{1,3})?$", _("An SBI code is 2 to 5 digits, e.g. 5610 (restaurants)."))

#: SBI 2008 division (first two digits) ranges -> section letter (CBS, Standaard Bedrijfsindeling 2008).
_SECTIONS = [
    (1, 3, "A"), (6, 9, "B"), (10, 33, "C"), (35, 35, "D"), (36, 39, "E"), (41, 43, "F"), (45, 47, "G"),
    (49, 53, "H"), (55, 56, "I"), (58, 63, "J"), (64, 66, "K"), (68, 68, "L"), (69, 75, "M"), (77, 82, "N"),
    (84, 84, "O"), (85, 85, "P"), (86, 88, "Q"), (90, 93, "R"), (94, 96, "S"), (97, 98, "T"), (99, 99, "U"),
]


def sbi_section(code: str) -> str:
    """The SBI section letter of an SBI code: ``sbi_section("5610") == "I"`` (horeca); ``""`` when unknown."""
    if not code or not code[:2].isdigit():
        return ""
    division = int(code[:2])
    for low, high, letter in _SECTIONS:
        if low <= division <= high:
            return letter
    return ""


class Signal(GemeenteScoped):
    """A signal of undermining. The exact address is kept encrypted and shown only inside a dossier; every
    aggregate uses the buurt (``area``)."""

    source = models.CharField(_("source"), max_length=120, help_text=_("Who reported it, e.g. Handhaving, Politie."))
    received_on = models.DateField(_("received on"))
    theme = models.CharField(_("theme"), max_length=16, choices=SignalTheme.choices)
    exploitation = models.CharField(
        _("form of exploitation"), max_length=10, choices=Exploitation.choices, blank=True,
        help_text=_("Only for human trafficking."),
    )
    sbi_code = models.CharField(_("SBI code"), max_length=5, blank=True, validators=[sbi_validator])
    area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.PROTECT, related_name="undermining_signals",
        verbose_name=_("buurt"),
    )
    address = EncryptedTextField(_("address"), blank=True, help_text=_("Shown only inside a dossier."))
    description = EncryptedTextField(_("description"), blank=True)
    entities = models.ManyToManyField(
        "undermining.Entity", blank=True, related_name="signals", verbose_name=_("linked entities")
    )
    dossier = models.ForeignKey(
        "undermining.Dossier", null=True, blank=True, on_delete=models.SET_NULL, related_name="signals",
        verbose_name=_("dossier"),
    )
    weighing = models.CharField(_("weighing"), max_length=8, choices=Weighing.choices, blank=True)
    weighing_note = models.TextField(_("weighing note"), blank=True)
    status = models.CharField(_("status"), max_length=14, choices=SignalStatus.choices, default=SignalStatus.ONTVANGEN)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("received by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        constraints = [
            models.CheckConstraint(
                condition=Q(exploitation="") | Q(theme=SignalTheme.MENSENHANDEL),
                name="%(app_label)s_%(class)s_exploitation_only_for_trafficking",
                violation_error_message=_("A form of exploitation belongs to human trafficking only."),
            ),
        ]

    def __str__(self) -> str:
        return "{} {} ({})".format(self.received_on, self.get_theme_display(), self.get_status_display())

    @property
    def sbi_section(self) -> str:
        return sbi_section(self.sbi_code)


class SignalStatusChange(models.Model):
    """One status transition of a signal (append-only)."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="history", verbose_name=_("signal"))
    old_status = models.CharField(_("old status"), max_length=14, choices=SignalStatus.choices, blank=True)
    new_status = models.CharField(_("new status"), max_length=14, choices=SignalStatus.choices)
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("changed by")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["signal", "changed_at", "pk"]
        verbose_name = _("signal status change")
        verbose_name_plural = _("signal status changes")

    def __str__(self) -> str:
        return "{} -> {}".format(self.old_status or "-", self.new_status)
