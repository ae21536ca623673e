"""Writing and verifying the audit log (see :class:`~veiligheidsbeeld.core.models.AuditEvent`)."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from .models import AuditEvent

__all__ = ["record", "verify"]

logger = logging.getLogger("veiligheidsbeeld.audit")
GENESIS = "0" * 64


def record(action: str, *, actor=None, gemeente=None, obj=None, object_type: str = "", object_id="", **data):
    """Append an audit event. Call inside the service's transaction so the event lands with the change."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must be called inside the service's transaction")
    last = AuditEvent.objects.select_for_update().order_by("-id").only("hash").first()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    event = AuditEvent(
        created_at=timezone.now(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=getattr(actor, "username", None) or "system",
        gemeente_code=getattr(gemeente, "code", gemeente or ""),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        data=data,
        previous_hash=last.hash if last else GENESIS,
    )
    event.hash = event.compute_hash()
    event.save()
    logger.info("%s actor=%s object=%s:%s", action, event.actor_label, object_type, object_id)
    return event


def verify() -> AuditEvent | None:
    """Return the first event whose chain is broken (altered, removed or reordered), or None when intact."""
    previous = GENESIS
    for event in AuditEvent.objects.order_by("id").iterator():
        if event.previous_hash != previous or event.compute_hash() != event.hash:
            return event
        previous = event.hash
    return None
