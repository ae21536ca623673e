"""Writing and verifying the audit log (see :class:`~veiligheidsbeeld.core.models.AuditEvent`).

Services call :func:`record` inside their transaction. Who asked and from which address comes from the request
context that :class:`veiligheidsbeeld.accounts.middleware.AuditContextMiddleware` sets, so services need no
request argument. Reads of person data are events too (:func:`record_read`).
"""

from __future__ import annotations

import contextlib
import contextvars
import hmac
import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from . import audit_keys
from .models import AuditEvent

__all__ = [
    "GENESIS", "PERSON_READ", "ChainProblem", "check", "head", "record", "record_read", "rekey", "request_context",
    "verify",
]

logger = logging.getLogger("veiligheidsbeeld.audit")
GENESIS = "0" * 64
#: Action of a read of person data (the FG review page lists these).
PERSON_READ = "person_data_viewed"
#: Action written by retention when it removes the oldest events; the chain then starts at ``data["head"]``.
PRUNED = "audit_pruned"

_client_address: contextvars.ContextVar[str | None] = contextvars.ContextVar("audit_client_address", default=None)


@contextlib.contextmanager
def request_context(client_address: str | None):
    """Within this block, events carry ``client_address`` (set per request by the middleware)."""
    token = _client_address.set(client_address)
    try:
        yield
    finally:
        _client_address.reset(token)


def _organisation_of(actor) -> str:
    profile = getattr(actor, "profile", None) if getattr(actor, "is_authenticated", False) else None
    return profile.organisation.name if profile is not None else ""


def record(
    action: str,
    *,
    actor=None,
    gemeente=None,
    obj=None,
    object_type: str = "",
    object_id="",
    purpose: str = "",
    legal_basis: str = "",
    changes: dict | None = None,
    **data,
):
    """Append an audit event. Call inside the service's transaction so the event lands with the change.

    Parameters
    ----------
    action : str
        ``<object>_<past verb>``, e.g. ``import_completed``.
    actor : User, optional
        Who did it; ``None`` for the system.
    gemeente : Gemeente or str, optional
        The gemeente (or its code) the event belongs to.
    obj : Model, optional
        The object acted on (sets ``object_type`` and ``object_id``).
    purpose, legal_basis : str
        Why, where given (required for reads of person data, see :func:`record_read`).
    changes : dict, optional
        ``{field: [old, new]}`` of a change.
    **data
        Further details (JSON-serialisable).
    """
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
        organisation=_organisation_of(actor),
        gemeente_code=getattr(gemeente, "code", gemeente or ""),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        purpose=purpose,
        legal_basis=legal_basis,
        client_address=_client_address.get(),
        changes=changes or {},
        data=data,
        previous_hash=last.hash if last else GENESIS,
    )
    ring = audit_keys.keyring()
    event.key_id = ring.current
    event.hash = event.compute_hash(ring.key(ring.current))
    event.save()
    logger.info("%s actor=%s object=%s:%s", action, event.actor_label, object_type, object_id)
    return event


def record_read(
    actor, *, person: str, purpose: str, gemeente=None, legal_basis: str = "", object_type: str = "person", **data
):
    """Record that ``actor`` looked at the person data of ``person`` (a pseudonym, or with ``object_type`` the id
    of another object that may hold person data, such as a quarantined row), and why.

    Runs in its own transaction when called outside one (reads usually are).

    Raises
    ------
    ValueError
        When ``purpose`` or ``person`` is empty: a read of person data always has a stated purpose.
    """
    if not person or not purpose.strip():
        raise ValueError("a read of person data needs the person's pseudonym and a purpose")
    with transaction.atomic():
        return record(
            PERSON_READ, actor=actor, gemeente=gemeente, object_type=object_type, object_id=person,
            purpose=purpose.strip(), legal_basis=legal_basis, **data,
        )


@dataclass(frozen=True)
class ChainProblem:
    """The first event where the chain breaks, and why."""

    event: AuditEvent
    reason: str

    def __str__(self) -> str:
        return "event #{} ({} {} at {}): {}".format(
            self.event.pk, self.event.action, self.event.actor_label, self.event.created_at.isoformat(), self.reason
        )


def _prune_heads(first: AuditEvent) -> set[str]:
    """Heads a pruned chain may start from: only for ``first`` (the first remaining event), and only from an
    ``audit_pruned`` event that names it (``first_remaining``, or for markers written before that field, a newest
    removed event just before it). The marker is itself verified as part of the chain, so it cannot be forged
    without the key."""
    heads = set()
    for marker in AuditEvent.objects.filter(action=PRUNED, id__gte=first.pk).only("object_id", "data"):
        data = marker.data or {}
        if "first_remaining" in data:  # None: the marker itself became the first event (everything else removed)
            names_first = (data["first_remaining"] or marker.pk) == first.pk
        else:
            names_first = str(marker.object_id).isdigit() and int(marker.object_id) < first.pk
        if names_first and data.get("head"):
            heads.add(data["head"])
    return heads


def check(*, legacy_ok: bool = False) -> ChainProblem | None:
    """Return the first break in the chain (edit, removal, insertion or reorder), or ``None`` when intact.

    Every event must carry a valid HMAC of a key in the key ring (:mod:`.audit_keys`); events of before the keyed
    chain (no key id) are a break unless ``legacy_ok`` (used by :func:`rekey`, which signs them).
    """
    ring = audit_keys.keyring()
    previous = None
    previous_time = None
    for event in AuditEvent.objects.order_by("id").iterator():
        if previous is None:
            if event.previous_hash != GENESIS and event.previous_hash not in _prune_heads(event):
                return ChainProblem(event, "the first event does not start the chain (earlier events removed)")
        elif event.previous_hash != previous:
            return ChainProblem(event, "does not link to the event before it (removed, inserted or reordered)")
        if not event.key_id:
            if not legacy_ok:
                return ChainProblem(event, "is not signed with an audit key (written before the keyed chain: run "
                                           "`veiligheidsbeeld audit rekey` once, see docs/adr/0010; or forged)")
            expected = event.compute_legacy_hash()
        elif event.key_id not in ring.keys:
            return ChainProblem(event, "is signed with key {!r}, which is not in the key ring".format(event.key_id))
        else:
            expected = event.compute_hash(ring.key(event.key_id))
        if not hmac.compare_digest(expected, event.hash):
            return ChainProblem(event, "its content does not match its hash (altered)")
        if previous_time is not None and event.created_at < previous_time:
            return ChainProblem(event, "is older than the event before it (reordered)")
        previous, previous_time = event.hash, event.created_at
    return None


def verify() -> AuditEvent | None:
    """Return the first event whose chain is broken (altered, removed or reordered), or None when intact."""
    problem = check()
    return problem.event if problem else None


def head() -> dict:
    """The newest event as ``{"id", "hash", "created_at", "key_id", "events"}``: publish it daily outside the
    installation (e.g. mailed to the FG or written to a write-once store) and pass it to ``audit verify --head``."""
    last = AuditEvent.objects.order_by("-id").first()
    return {
        "id": last.pk if last else 0,
        "hash": last.hash if last else GENESIS,
        "created_at": last.created_at.isoformat() if last else None,
        "key_id": last.key_id if last else "",
        "events": AuditEvent.objects.count(),
    }


def check_head(noted: str) -> str | None:
    """Check an externally kept head (``<id>:<hash>`` as printed by ``audit head``, or a bare hash).

    Returns None when the head is still in the chain, or when it lies in a part removed by retention (a verified
    ``audit_pruned`` event covers its id); otherwise the reason it is not (the newest events were removed or the
    chain was rewritten).
    """
    noted = noted.strip()
    event_id, sep, digest = noted.rpartition(":")
    if not sep:
        event_id, digest = "", noted
    if AuditEvent.objects.filter(hash=digest).exists():
        if event_id and not AuditEvent.objects.filter(hash=digest, pk=int(event_id)).exists():
            return "the noted head {} is in the chain under another id".format(noted)
        return None
    if event_id.isdigit():
        first = AuditEvent.objects.order_by("id").first()
        if first is not None and int(event_id) < first.pk and first.previous_hash in _prune_heads(first):
            return None  # removed by retention, which the verified chain records
    return "the noted head {} is no longer in the chain (newest events removed, or the log rewritten)".format(noted)


def rekey() -> int:
    """Sign the whole chain with the current key (for events of before the keyed chain); returns the count.

    The chain is verified first (old events with their plain SHA-256, keyed ones with their key) and nothing is
    written when it is broken. Records an ``audit_rekeyed`` event with the old head. Note the old head first
    (``audit verify``) and check it with ``audit rekey --legacy-head``: the plain chain alone proves nothing.
    """
    with transaction.atomic():
        AuditEvent.objects.select_for_update().order_by("-id").first()
        problem = check(legacy_ok=True)
        if problem is not None:
            raise ValueError("the audit log is broken, not re-signed: {}".format(problem))
        ring = audit_keys.keyring()
        key = ring.key(ring.current)
        old_head = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first() or GENESIS
        previous = None
        count = 0
        for event in AuditEvent.objects.order_by("id"):
            if previous is not None:
                event.previous_hash = previous
            event.key_id = ring.current
            event.hash = event.compute_hash(key)
            AuditEvent.objects.filter(pk=event.pk).update(
                previous_hash=event.previous_hash, key_id=event.key_id, hash=event.hash
            )
            previous = event.hash
            count += 1
        record("audit_rekeyed", object_type="core.auditevent", old_head=old_head, events=count, key_id=ring.current)
    return count
