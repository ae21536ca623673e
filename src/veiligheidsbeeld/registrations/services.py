"""Writing registrations: one import batch per call, in one transaction with the cube and the audit event."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction

from veiligheidsbeeld.core import audit

from . import cube
from .models import ImportBatch, Registration

__all__ = ["ImportSummary", "file_hash", "import_registrations"]

CHUNK = 5000


@dataclass
class ImportSummary:
    batch: int | None
    rows: int = 0
    accepted: int = 0
    rejected: int = 0
    duplicates: int = 0
    total_count: int = 0
    rejected_reasons: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "batch": self.batch,
            "rows": self.rows,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "duplicates": self.duplicates,
            "total_count": self.total_count,
            "rejected_reasons": dict(self.rejected_reasons),
        }


def file_hash(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@transaction.atomic
def import_registrations(batch: ImportBatch, registrations: Iterable[Registration], *, actor=None) -> ImportSummary:
    """Store validated registrations of a saved batch, skipping duplicates, and update the cube.

    ``registrations`` are unsaved :class:`Registration` objects of the batch's gemeente. A registration whose
    ``(source_system, source_ref)`` exists already (in an earlier batch or earlier in this one) is a duplicate.
    """
    summary = ImportSummary(batch=batch.pk)
    increments: Counter = Counter()
    seen: set[tuple[str, str]] = set()
    chunk: list[Registration] = []

    def flush():
        refs = {(r.source_system, r.source_ref) for r in chunk}
        existing = set(
            Registration.objects.filter(
                gemeente=batch.gemeente,
                source_system__in={s for s, _ in refs},
                source_ref__in={r for _, r in refs},
            ).values_list("source_system", "source_ref")
        )
        fresh = []
        for r in chunk:
            key = (r.source_system, r.source_ref)
            if key in existing or key in seen:
                summary.duplicates += 1
                continue
            seen.add(key)
            fresh.append(r)
            increments[cube.key_of(r)] += r.count
            summary.total_count += r.count
        Registration.objects.bulk_create(fresh, batch_size=CHUNK)
        summary.accepted += len(fresh)
        chunk.clear()

    for registration in registrations:
        registration.batch = batch
        registration.gemeente_id = batch.gemeente_id
        summary.rows += 1
        chunk.append(registration)
        if len(chunk) >= CHUNK:
            flush()
    if chunk:
        flush()
    cube.add_to_cube(increments)
    batch.rows, batch.accepted, batch.duplicates = summary.rows, summary.accepted, summary.duplicates
    batch.save(update_fields=["rows", "accepted", "duplicates"])
    audit.record(
        "import_completed",
        actor=actor,
        gemeente=batch.gemeente,
        obj=batch,
        file=batch.file_name,
        accepted=summary.accepted,
        duplicates=summary.duplicates,
    )
    return summary
