"""Retention: remove or anonymise what has been kept longer than its category allows (``settings.RETENTION_DAYS``).

Categories and what happens when the period is over:

``audit_events``
    Events older than the period are deleted. First an ``audit_pruned`` event records the hash of the newest
    deleted event, so the remaining chain still verifies (:func:`veiligheidsbeeld.core.audit.check`).
``rejected_rows``
    Quarantined import rows (which hold the raw row) are deleted, counted from their import.
``person_references``
    Registrations marked as personal data lose their attributes (the person references) and become
    ``intern``; their counts, and so the cube, stay.
``uploads``
    Files in the uploads folder (``MEDIA_ROOT``) are deleted.

:func:`run` does all of it in one transaction with one ``retention_run`` audit event, or only counts with
``dry_run=True``; :func:`write_report` writes what it did to a JSON file in ``REPORTS_ROOT``. Both the command
(``veiligheidsbeeld retention run``) and the scheduled background task
(:func:`veiligheidsbeeld.core.tasks.retention_task`, run by ``veiligheidsbeeld worker``) use the two.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from . import audit
from .models import AuditEvent

__all__ = ["CATEGORIES", "Outcome", "configured_categories", "run", "write_report"]


@dataclass(frozen=True)
class Outcome:
    """What retention did (or would do) for one category."""

    category: str
    days: int
    cutoff: dt.datetime
    action: str
    count: int


def _audit_events(cutoff, dry_run):
    due = AuditEvent.objects.filter(created_at__lt=cutoff).order_by("id")
    newest = due.last()
    if newest is None or dry_run:
        return due.count()
    # The pruned marker must not itself be due, and the remaining chain must start right after ``newest``.
    due = AuditEvent.objects.filter(id__lte=newest.pk)
    count = due.count()
    first_remaining = AuditEvent.objects.filter(id__gt=newest.pk).order_by("id").values_list("id", flat=True).first()
    audit.record(
        audit.PRUNED, object_type="core.auditevent", object_id=newest.pk, head=newest.hash, removed=count,
        first_remaining=first_remaining,
    )
    due.delete()
    return count


def _rejected_rows(cutoff, dry_run):
    from veiligheidsbeeld.registrations.models import RejectedRow

    due = RejectedRow.objects.filter(batch__created_at__lt=cutoff)
    return due.count() if dry_run else due.delete()[0]


def _person_references(cutoff, dry_run):
    from veiligheidsbeeld.registrations.models import Confidentiality, Registration

    due = Registration.objects.filter(
        confidentiality=Confidentiality.PERSOONSGEGEVENS, period_start__lt=cutoff.date()
    )
    return due.count() if dry_run else due.update(attributes={}, confidentiality=Confidentiality.INTERN)


def _uploads(cutoff, dry_run):
    root = Path(settings.MEDIA_ROOT)
    due = (
        [p for p in root.rglob("*") if p.is_file() and p.stat().st_mtime < cutoff.timestamp()]
        if root.exists()
        else []
    )
    if not dry_run:
        transaction.on_commit(lambda: [p.unlink(missing_ok=True) for p in due])
    return len(due)


#: category -> (what happens, handler(cutoff, dry_run) -> count).
CATEGORIES = {
    "audit_events": ("deleted (chain re-anchored)", _audit_events),
    "rejected_rows": ("deleted", _rejected_rows),
    "person_references": ("anonymised", _person_references),
    "uploads": ("deleted", _uploads),
}


def _categories() -> tuple[dict[str, int], dict]:
    """:func:`configured_categories` with the periods a beheerder set in the browser (issue 21, stored in
    :class:`veiligheidsbeeld.beheer.models.RetentionPeriod`) in place of the configured ones."""
    from veiligheidsbeeld.beheer.services import retention_overrides

    days, categories = configured_categories()
    return days | {k: v for k, v in retention_overrides().items() if k in categories}, categories


def configured_categories() -> tuple[dict[str, int], dict]:
    """The period in days and the (action, handler) of every category: the core ones above, then those of the
    registered domain modules (:mod:`veiligheidsbeeld.core.modules`), whose default period
    ``settings.RETENTION_DAYS`` may override by name."""
    from .modules import retention_categories

    configured = dict(settings.RETENTION_DAYS)
    missing = set(CATEGORIES) - set(configured)
    modules = {c.name: c for c in retention_categories()}
    unknown = set(configured) - set(CATEGORIES) - set(modules)
    if missing or unknown:
        raise ValueError(
            "RETENTION_DAYS must have the categories {} (and may set {}); missing {}, unknown {}".format(
                ", ".join(sorted(CATEGORIES)), ", ".join(sorted(modules)) or "no others",
                ", ".join(sorted(missing)) or "none", ", ".join(sorted(unknown)) or "none",
            )
        )
    days = {name: configured.get(name, c.default_days) for name, c in modules.items()} | configured
    categories = dict(CATEGORIES) | {name: (c.action, c.handler) for name, c in modules.items()}
    return days, categories


def run(
    *, dry_run: bool = False, now: dt.datetime | None = None, actor=None, trigger: str = "command"
) -> list[Outcome]:
    """Apply every category's retention period; with ``dry_run`` only count what is due.

    ``trigger`` (``command`` or ``schedule``) is recorded in the ``retention_run`` audit event.

    Raises
    ------
    ValueError
        When ``settings.RETENTION_DAYS`` misses a category or names an unknown one.
    """
    days, categories = _categories()
    now = now or timezone.now()
    outcomes = []
    with transaction.atomic():
        for category, (action, handler) in categories.items():
            cutoff = now - dt.timedelta(days=days[category])
            count = handler(cutoff, dry_run)
            outcomes.append(
                Outcome(category, days[category], cutoff, action if not dry_run else "due", count)
            )
        if not dry_run:
            audit.record(
                "retention_run", actor=actor, trigger=trigger, outcomes=[asdict(o) for o in outcomes]
            )
    return outcomes


def write_report(outcomes: list[Outcome], *, dry_run: bool, now: dt.datetime | None = None) -> Path:
    """Write ``outcomes`` to ``REPORTS_ROOT/retention-<time>[-dry-run].json``; returns the path (never overwrites)."""
    now = now or timezone.now()
    folder = Path(settings.REPORTS_ROOT)
    folder.mkdir(parents=True, exist_ok=True)
    suffix = "-dry-run" if dry_run else ""
    path = folder / "retention-{:%Y%m%dT%H%M%S}{}.json".format(now, suffix)
    n = 1
    while path.exists():
        n += 1
        path = folder / "retention-{:%Y%m%dT%H%M%S}-{}{}.json".format(now, n, suffix)
    content = {"dry_run": dry_run, "written_at": now, "outcomes": [asdict(o) for o in outcomes]}
    path.write_text(json.dumps(content, cls=DjangoJSONEncoder, indent=2))
    return path
