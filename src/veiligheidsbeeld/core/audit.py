"""Writing and verifying the audit log (see :class:`~veiligheidsbeeld.core.models.AuditEvent`).

Services call :func:`record` inside their transaction. Who asked and from which address comes from the request
context that :class:`veiligheidsbeeld.accounts.middleware.AuditContextMiddleware` sets, so services need no
request argument. Reads of person data are events too (:func:`record_read`).
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .models import AuditEvent

__all__ = ["GENESIS", "PERSON_READ", "ChainProblem", "check", "record", "record_read", "request_context", "verify"]

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
    event.hash = event.compute_hash()
    event.save()
    logger.info("%s actor=%s object=%s:%s", action, event.actor_label, object_type, object_id)
    return event


def record_read(actor, *, person: str, purpose: str, gemeente=None, legal_basis: str = "", **data):
    """Record that ``actor`` looked at the person data of ``person`` (a pseudonym), and why.

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
            PERSON_READ, actor=actor, gemeente=gemeente, object_type="person", object_id=person,
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


def _start_hashes() -> set[str]:
    """Hashes the first remaining event may link to: the genesis, or the head of a pruned prefix."""
    heads = AuditEvent.objects.filter(action=PRUNED).values_list("data", flat=True)
    return {GENESIS} | {d.get("head", "") for d in heads}


def check() -> ChainProblem | None:
    """Return the first break in the chain (edit, removal, insertion or reorder), or ``None`` when intact."""
    previous = None
    previous_time = None
    for event in AuditEvent.objects.order_by("id").iterator():
        if previous is None:
            if event.previous_hash not in _start_hashes():
                return ChainProblem(event, "the first event does not start the chain (earlier events removed)")
        elif event.previous_hash != previous:
            return ChainProblem(event, "does not link to the event before it (removed, inserted or reordered)")
        if event.compute_hash() != event.hash:
            return ChainProblem(event, "its content does not match its hash (altered)")
        if previous_time is not None and event.created_at < previous_time:
            return ChainProblem(event, "is older than the event before it (reordered)")
        previous, previous_time = event.hash, event.created_at
    return None


def verify() -> AuditEvent | None:
    """Return the first event whose chain is broken (altered, removed or reordered), or None when intact."""
    problem = check()
    return problem.event if problem else None
