"""API tokens of partner systems: scoped, hashed at rest, expiring and revocable."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.core.models import Gemeente, Organisation

__all__ = ["SCOPE_PATTERN", "ApiToken", "hash_token"]

#: A scope names an API resource (the router basename) and an access level, e.g. ``area:read``.
SCOPE_PATTERN = r"^[a-z][a-z0-9-]*:(read|write)$"
scope_validator = RegexValidator(
    SCOPE_PATTERN, _("A scope is <resource>:read or <resource>:write, e.g. area:read.")
)


def hash_token(plaintext: str) -> str:
    """The SHA-256 hex digest stored instead of the token (tokens are 256-bit random, so no salt is needed)."""
    return hashlib.sha256(plaintext.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    """A bearer token a partner system uses for the API on behalf of a (service) account.

    Only the SHA-256 of the token is stored; the plaintext is shown once when it is created. The token can do
    no more than its account, and is narrowed further to its gemeenten and scopes.
    """

    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, e.g. the system."))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("account"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="api_tokens", verbose_name=_("organisation")
    )
    gemeenten = models.ManyToManyField(Gemeente, related_name="api_tokens", verbose_name=_("gemeenten"))
    scopes = models.JSONField(_("scopes"), default=list, help_text=_("List of <resource>:read|write."))
    prefix = models.CharField(
        _("prefix"), max_length=8, help_text=_("First characters, to recognise a token.")
    )
    key_hash = models.CharField(_("key hash (SHA-256)"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="%(app_label)s_%(class)s_expires_after_creation",
                violation_error_message=_("A token must expire after it was created."),
            )
        ]

    def __str__(self) -> str:
        return "{} ({}…)".format(self.name, self.prefix)

    def is_active(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now and self.user.is_active
