"""Writing registrations: one import batch per call, in one transaction with the cube and the audit event.

Rules
-----
- Every row of a file ends up exactly once as accepted, rejected (kept in quarantine) or duplicate:
  ``accepted + rejected + duplicates == rows``.
- A file whose content (SHA-256) was imported already into an active batch of the same importer and gemeente
  changes nothing (:attr:`ImportOutcome.status` ``"unchanged"``).
- ``replace`` supersedes an earlier batch: its registrations, survey results and cube counts are removed in the
  transaction that stores the new batch.
- A dry run does everything, then rolls the transaction back.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from veiligheidsbeeld.core import audit

from . import bulk, cube
from .importers.base import Importer, RegistrationFrame
from .importers.errors import Reason, Rejection
from .models import BatchStatus, ImportBatch, PerceptionResult, Registration, RejectedRow, RejectionStatus

__all__ = [
    "ImportOutcome",
    "ImportSummary",
    "file_hash",
    "import_registrations",
    "run_import",
    "run_records",
    "resubmit_rejected_row",
    "supersede_batch",
]

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


@dataclass
class ImportOutcome:
    """What :func:`run_import` did: ``status`` is ``imported``, ``unchanged`` or ``dry-run``."""

    summary: ImportSummary
    status: str
    batch: ImportBatch | None = None
    superseded: ImportBatch | None = None


def file_hash(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@transaction.atomic
def import_registrations(batch: ImportBatch, registrations: Iterable, *, actor=None,
                         dry_run: bool = False) -> ImportSummary:
    """Store the rows of a saved batch, skipping duplicates, keeping rejections, and update the cube.

    ``registrations`` yields unsaved :class:`Registration` objects of the batch's gemeente, and may also yield
    :class:`~.importers.errors.Rejection` (kept as :class:`RejectedRow`) and unsaved :class:`PerceptionResult`
    objects. A registration whose ``(source_system, source_ref)`` exists already (in an earlier batch or earlier
    in this one) is a duplicate; a survey result is a duplicate when its region, indicator, unit and period are
    stored already. A ``dry_run`` records no ``import_completed`` event (nor its log line): nothing is completed.
    """
    summary = ImportSummary(batch=batch.pk)
    reasons: Counter = Counter()
    increments: Counter = Counter()
    chunk: list = []

    def flush():
        fresh = _fresh_registrations(batch, [r for r in chunk if isinstance(r, Registration)], summary)
        for r in fresh:
            increments[cube.key_of(r)] += r.count
            summary.total_count += r.count
        bulk.insert_registrations(fresh)
        results = _fresh_results(batch, [r for r in chunk if isinstance(r, PerceptionResult)], summary)
        PerceptionResult.objects.bulk_create(results, batch_size=CHUNK)
        summary.accepted += len(fresh) + len(results)
        rejected = [_rejected_row(batch, r) for r in chunk if isinstance(r, Rejection)]
        for row in rejected:
            reasons.update({reason["code"] for reason in row.reasons})
        RejectedRow.objects.bulk_create(rejected, batch_size=CHUNK)
        summary.rejected += len(rejected)
        chunk.clear()

    owner = {"batch_id": batch.pk, "gemeente_id": batch.gemeente_id}
    with bulk.import_cache():
        for item in registrations:
            if isinstance(item, RegistrationFrame):
                flush()  # earlier rows first, so duplicates are decided in file order
                stored = bulk.store_frame(batch, item)
                summary.rows += item.frame.height
                summary.accepted += stored.accepted
                summary.duplicates += stored.duplicates
                summary.total_count += stored.total_count
                increments.update(stored.increments)
                continue
            if isinstance(item, Registration | PerceptionResult):
                item.__dict__.update(owner)  # unsaved, of the batch's gemeente: no cached relation to reset
            summary.rows += 1
            chunk.append(item)
            if len(chunk) >= CHUNK:
                flush()
        if chunk:
            flush()
    cube.add_to_cube(increments)
    summary.rejected_reasons = dict(sorted(reasons.items()))
    batch.rows, batch.accepted, batch.duplicates = summary.rows, summary.accepted, summary.duplicates
    batch.rejected, batch.total_count, batch.rejected_reasons = (
        summary.rejected, summary.total_count, summary.rejected_reasons
    )
    batch.save(update_fields=["rows", "accepted", "duplicates", "rejected", "total_count", "rejected_reasons"])
    if dry_run:
        return summary
    audit.record(
        "import_completed",
        actor=actor,
        gemeente=batch.gemeente,
        obj=batch,
        file=batch.file_name,
        accepted=summary.accepted,
        rejected=summary.rejected,
        duplicates=summary.duplicates,
    )
    return summary


def _fresh_registrations(batch, chunk: list[Registration], summary: ImportSummary) -> list[Registration]:
    if not chunk:
        return []
    existing = bulk.existing_refs(batch.gemeente_id, chunk)
    fresh = []
    for r in chunk:
        key = (r.source_system, r.source_ref)
        if key in existing:
            summary.duplicates += 1
            continue
        existing.add(key)
        fresh.append(r)
    return fresh


def _result_key(r: PerceptionResult) -> tuple:
    return (r.region, r.indicator, r.unit, r.precision, r.period_start)


def _fresh_results(batch, chunk: list[PerceptionResult], summary: ImportSummary) -> list[PerceptionResult]:
    if not chunk:
        return []
    existing = set(
        PerceptionResult.objects.filter(
            gemeente=batch.gemeente, indicator__in={r.indicator for r in chunk}, region__in={r.region for r in chunk}
        ).values_list("region", "indicator", "unit", "precision", "period_start")
    )
    fresh = []
    for r in chunk:
        if _result_key(r) in existing:
            summary.duplicates += 1
            continue
        existing.add(_result_key(r))
        fresh.append(r)
    return fresh


def _rejected_row(batch, rejection: Rejection) -> RejectedRow:
    return RejectedRow(
        gemeente_id=batch.gemeente_id,
        batch=batch,
        row_number=rejection.row_number,
        raw=rejection.raw,
        reasons=[reason.as_dict() for reason in rejection.reasons],
    )


def supersede_batch(old: ImportBatch, new: ImportBatch, *, actor=None) -> int:
    """Remove an active batch's registrations, survey results and cube counts; mark it superseded by ``new``.

    Must run inside the transaction that stores ``new``. Returns the number of registrations removed.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("supersede_batch must run inside the import's transaction")
    registrations = Registration.objects.filter(batch=old)
    cube.subtract_from_cube(cube.contributions(registrations))
    RejectedRow.objects.filter(registration__batch=old).update(registration=None)
    removed, _ = registrations.delete()
    PerceptionResult.objects.filter(batch=old).delete()
    old.rejected_rows.filter(status=RejectionStatus.OPEN).update(status=RejectionStatus.SUPERSEDED)
    old.status, old.superseded_by = BatchStatus.SUPERSEDED, new
    old.save(update_fields=["status", "superseded_by"])
    audit.record("import_superseded", actor=actor, gemeente=old.gemeente, obj=old, superseded_by=new.pk)
    return removed


class _DryRun(Exception):
    def __init__(self, summary: ImportSummary):
        self.summary = summary


def _replaced(importer: Importer, replace, content_hash: str, file_name: str) -> ImportBatch | None:
    active = ImportBatch.objects.filter(gemeente=importer.gemeente, importer=importer.name, status=BatchStatus.ACTIVE)
    if replace in (None, False):
        return None
    if replace is True or replace == "auto":
        return (
            active.filter(content_hash=content_hash).first()
            or active.filter(file_name=file_name).first()
        )
    return active.get(pk=int(replace))


def run_import(importer: Importer, path: Path, *, user=None, organisation=None, dry_run: bool = False,
               replace=None, progress: Callable[[int, int], None] | None = None,
               file_name: str | None = None) -> ImportOutcome:
    """Import a file with an importer: open it, store one batch (or nothing) and return what happened.

    Parameters
    ----------
    importer : Importer
        A configured, not yet opened importer.
    path : Path
        The file.
    replace : None, True, "auto" or int
        Supersede an earlier active batch: ``True``/``"auto"`` the one with the same content or file name, an int
        that batch id.
    file_name : str, optional
        The name to record (an uploaded file's original name); default the path's name.

    Raises
    ------
    ImportFileError
        When the file cannot be imported at all; nothing is stored.
    ImportBatch.DoesNotExist
        When ``replace`` names no active batch of this importer and gemeente.
    """
    path = Path(path)
    content_hash = file_hash(path)
    importer.open(path, progress)
    return _store(importer, content_hash, file_name or path.name, user=user, organisation=organisation,
                  dry_run=dry_run, replace=replace)


def run_records(importer, records: list, *, user=None, organisation=None, label: str = "api") -> ImportOutcome:
    """Import records posted to the partner API as one batch (same checks and quarantine as a file).

    Posting the identical payload again stores nothing (``unchanged``).
    """
    content_hash = hashlib.sha256(json.dumps(records, sort_keys=True, default=str).encode()).hexdigest()
    importer.load(records)
    return _store(importer, content_hash, label, user=user, organisation=organisation)


def _store(importer, content_hash, file_name, *, user, organisation, dry_run=False, replace=None) -> ImportOutcome:
    active = ImportBatch.objects.filter(
        gemeente=importer.gemeente, importer=importer.name, content_hash=content_hash, status=BatchStatus.ACTIVE
    ).first()
    if active is not None and not replace:
        summary = ImportSummary(batch=active.pk, rows=active.rows, duplicates=active.rows)
        return ImportOutcome(summary, "unchanged", active)
    try:
        with transaction.atomic():
            old = _replaced(importer, replace, content_hash, file_name)
            batch = ImportBatch.objects.create(
                gemeente=importer.gemeente,
                source_system=importer.source_system,
                importer=importer.name,
                organisation=organisation,
                file_name=file_name[:300],
                content_hash=content_hash,
                mapping=importer.mapping(),
                user=user if getattr(user, "is_authenticated", False) else None,
            )
            if old is not None:
                supersede_batch(old, batch, actor=user)
            summary = import_registrations(batch, importer.items(), actor=user, dry_run=dry_run)
            if dry_run:
                raise _DryRun(summary)
    except _DryRun as stop:
        stop.summary.batch = None
        return ImportOutcome(stop.summary, "dry-run")
    return ImportOutcome(summary, "imported", batch, old)


@transaction.atomic
def resubmit_rejected_row(row: RejectedRow, corrected: dict, *, actor=None) -> RejectedRow | Registration:
    """Convert a corrected quarantined row with its batch's importer; store it when it passes.

    Returns the new registration (or survey result), or the rejected row updated with the new content and
    reasons when the correction still fails. The batch's counts move one row from rejected to accepted.
    """
    from .importers.base import REGISTRY

    if row.status != RejectionStatus.OPEN:
        raise ValueError("row {} of batch {} is {}, not open".format(row.row_number, row.batch_id, row.status))
    batch = row.batch
    importer = REGISTRY[batch.importer].for_batch(batch)
    item = importer.convert_rows([(row.row_number, {str(k): str(v) for k, v in corrected.items()})])[0]
    if isinstance(item, Rejection):
        row.raw, row.reasons = item.raw, [r.as_dict() for r in item.reasons]
        row.save(update_fields=["raw", "reasons"])
        audit.record("rejected_row_corrected", actor=actor, gemeente=row.gemeente, obj=row, accepted=False)
        return row
    item.batch_id, item.gemeente_id = batch.pk, batch.gemeente_id
    if isinstance(item, Registration):
        if Registration.objects.filter(
            gemeente=batch.gemeente, source_system=item.source_system, source_ref=item.source_ref
        ).exists():
            duplicate = Reason("duplicate", "source reference {} is registered already".format(item.source_ref))
            row.reasons = [duplicate.as_dict()]
            row.save(update_fields=["reasons"])
            return row
        item.save()
        cube.add_to_cube(Counter({cube.key_of(item): item.count}))
        row.registration = item
        batch.total_count += item.count
    else:
        item.save()
    row.raw = importer.generalise(corrected)
    row.status = RejectionStatus.RESUBMITTED
    row.save(update_fields=["raw", "status", "registration"])
    batch.accepted += 1
    batch.rejected -= 1
    batch.save(update_fields=["accepted", "rejected", "total_count"])
    audit.record("rejected_row_corrected", actor=actor, gemeente=row.gemeente, obj=row, accepted=True)
    return item
