"""Append-only, hash-chained audit log written by the services in the same transaction as the change."""

from __future__ import annotations

import hashlib
import hmac
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["AuditEvent"]

#: Fields added after the first release; hashed only when set, so events written before still verify.
EXTENSION_FIELDS = ("organisation", "purpose", "legal_basis", "client_address", "changes")


class AuditEvent(models.Model):
    """One audited action. Each event carries the hash of the previous one, so edits and deletions show."""

    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("actor")
    )
    actor_label = models.CharField(_("actor label"), max_length=150, help_text=_("User name or 'system'."))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    gemeente_code = models.CharField(_("gemeente"), max_length=6, blank=True)
    action = models.CharField(_("action"), max_length=80, help_text=_("<object>_<past verb>, e.g. import_completed"))
    object_type = models.CharField(_("object type"), max_length=80, blank=True)
    object_id = models.CharField(_("object id"), max_length=80, blank=True)
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    client_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    changes = models.JSONField(
        _("changes"), default=dict, blank=True, encoder=DjangoJSONEncoder, help_text=_("{field: [old, new]}")
    )
    data = models.JSONField(_("details"), default=dict, encoder=DjangoJSONEncoder)
    previous_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)
    key_id = models.CharField(
        _("key id"), max_length=32, blank=True, default="", db_default="",
        help_text=_("Id of the audit key that signed the event (HMAC-SHA256); empty for events of before the keyed "
                    "chain, which `audit rekey` signs."),
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["action", "object_type", "object_id"], name="core_audit_action_object")]

    def __str__(self) -> str:
        return "{} {} {}".format(self.created_at, self.actor_label, self.action)

    def compute_hash(self, key: bytes | None = None) -> str:
        """The event's HMAC-SHA256 with ``key`` over every column but ``id`` and ``hash`` (order is covered by
        ``previous_hash``); without a key the plain SHA-256 of the events written before the keyed chain."""
        if key is not None:
            payload = {
                "previous_hash": self.previous_hash,
                "created_at": self.created_at.isoformat() if self.created_at else "",
                "actor_id": self.actor_id,
                "actor_label": self.actor_label,
                "organisation": self.organisation,
                "gemeente_code": self.gemeente_code,
                "action": self.action,
                "object_type": self.object_type,
                "object_id": self.object_id,
                "purpose": self.purpose,
                "legal_basis": self.legal_basis,
                "client_address": self.client_address,
                "changes": self.changes,
                "data": self.data,
                "key_id": self.key_id,
            }
            encoded = json.dumps(payload, sort_keys=True, cls=DjangoJSONEncoder)
            return hmac.new(key, encoded.encode("utf-8"), hashlib.sha256).hexdigest()
        return self.compute_legacy_hash()

    def compute_legacy_hash(self) -> str:
        """Plain SHA-256 of the events written before the keyed chain (recomputable by anyone: not proof)."""
        payload = [
            self.previous_hash,
            self.created_at.isoformat() if self.created_at else "",
            self.actor_label,
            self.gemeente_code,
            self.action,
            self.object_type,
            self.object_id,
            self.data,
        ]
        extensions = {name: getattr(self, name) for name in EXTENSION_FIELDS if getattr(self, name)}
        if extensions:
            payload.append(extensions)
        encoded = json.dumps(payload, sort_keys=True, cls=DjangoJSONEncoder)
        return hashlib.sha256(encoded.encode("utf-8")).hexdigest()
