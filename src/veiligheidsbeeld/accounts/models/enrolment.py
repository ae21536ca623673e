"""One-time enrolment codes for the second factor, issued by an administrator (issue 15, finding 5)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["EnrolmentCode", "hash_enrolment_code"]


def hash_enrolment_code(code: str) -> str:
    """Only the SHA-256 of a code is stored (like API tokens): a copy of the database cannot enrol anyone."""
    return hashlib.sha256(code.strip().upper().replace("-", "").encode("utf-8")).hexdigest()


class EnrolmentCode(models.Model):
    """Lets one account set up its authenticator once, before it expires. The password alone never does."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolment_codes", verbose_name=_("user")
    )
    code_hash = models.CharField(_("code hash (SHA-256)"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("enrolment code")
        verbose_name_plural = _("enrolment codes")

    def __str__(self) -> str:
        return "{} until {}".format(self.user, self.expires_at)

    @property
    def usable(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()
