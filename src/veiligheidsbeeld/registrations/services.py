"""Writing registrations: one import batch per call, in one transaction with the cube and the audit event.

Rules
-----
- Every row of a file ends up exactly once as accepted, rejected (kept in quarantine), duplicate or out of scope:
  ``accepted + rejected + duplicates + out_of_scope == rows``. Out-of-scope rows (areas of another gemeente, or
  not registered) are counted per gemeente code, not kept row by row: the file is kept by its hash.
- One batch may hold rows of several gemeenten (an import over every registered gemeente): each registration
  carries the gemeente of its area (none above the gemeente), all in one transaction. A batch for one gemeente
  never writes into another (checked here, whatever the importer yields).
- ``total_count`` counts every figure once: per area, period and source the leaf categories, or, where the file
  has none of them, the source's own total (a theme with ``is_total``, e.g. "Totaal misdrijven"). The source's
  totals are also reported as ``source_total`` and are never added to their parts. Estimated registrations (allocated by address
  share) are stored and counted into the cube as estimated cells, but are no rows of the file and no part of
  these counts.
- A file whose content (SHA-256) was imported already into an active batch of the same importer and scope
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
from veiligheidsbeeld.frameworks.models import Theme

from . import bulk, cube
from .importers.base import Importer, RegistrationFrame
from .importers.errors import Counted, OutOfScope, Reason, Rejection
from .models import (
    BatchScope, BatchStatus, ImportBatch, PerceptionResult, Registration, RejectedRow, RejectionStatus, SuspectCount,
)

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
    #: {gemeente code (or the code of an area above the gemeente): {"accepted": n, "total_count": n}}
    by_gemeente: dict[str, dict[str, int]] = field(default_factory=dict)
    out_of_scope: int = 0
    #: {gemeente code: rows out of scope}
    out_of_scope_by_gemeente: dict[str, int] = field(default_factory=dict)
    source_total: int = 0

    def as_dict(self) -> dict:
        return {
            "batch": self.batch,
            "rows": self.rows,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "duplicates": self.duplicates,
            "total_count": self.total_count,
            "rejected_reasons": dict(self.rejected_reasons),
            "by_gemeente": {code: dict(v) for code, v in sorted(self.by_gemeente.items())},
            "out_of_scope": self.out_of_scope,
            "source_total": self.source_total,
        }

    @classmethod
    def of_batch(cls, batch: ImportBatch, **changes) -> ImportSummary:
        """The summary a stored batch recorded."""
        values = dict(
            batch=batch.pk, rows=batch.rows, accepted=batch.accepted, rejected=batch.rejected,
            duplicates=batch.duplicates, total_count=batch.total_count,
            rejected_reasons=dict(batch.rejected_reasons), by_gemeente=dict(batch.by_gemeente),
            out_of_scope=sum(batch.out_of_scope.values()), out_of_scope_by_gemeente=dict(batch.out_of_scope),
            source_total=batch.source_total,
        )
        values.update(changes)
        return cls(**values)


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
    outside: Counter = Counter()
    chunk: list = []
    totals = set(Theme.objects.filter(is_total=True).values_list("pk", flat=True))
    codes = _area_owners()
    per_gemeente: dict[str, Counter] = {}
    #: (owner, area, period, precision, source) -> [sum of leaf categories, leaf rows, sum of the source's totals]
    figures: dict[tuple, list[int]] = {}

    def flush():
        fresh = _fresh_registrations(batch, [r for r in chunk if isinstance(r, Registration)], summary)
        for r in fresh:
            increments[cube.key_of(r)] += r.count
            if r.__dict__.get("estimated"):
                continue
            code = codes(r)
            per_gemeente.setdefault(code, Counter())["accepted"] += 1
            d = r.__dict__
            figure = figures.setdefault((code, d["area_id"], d["period_start"], d["precision"], d["source_system"]),
                                        [0, 0, 0])
            if r.theme_id in totals:
                figure[2] += r.count
            else:
                figure[0] += r.count
                figure[1] += 1
        summary.accepted -= sum(1 for r in fresh if r.__dict__.get("estimated"))
        results = _fresh_figures(batch, [r for r in chunk if isinstance(r, PerceptionResult)], summary,
                                 _RESULT_KEY, ("indicator", "region"))
        PerceptionResult.objects.bulk_create(results, batch_size=CHUNK)
        suspects = _fresh_figures(batch, [r for r in chunk if isinstance(r, SuspectCount)], summary,
                                  _SUSPECT_KEY, ("offence", "region"))
        SuspectCount.objects.bulk_create(suspects, batch_size=CHUNK)
        summary.accepted += len(fresh) + len(results) + len(suspects)
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
                frame_owner = per_gemeente.setdefault(batch.gemeente.code, Counter())
                frame_owner.update({"accepted": stored.accepted, "total_count": stored.total_count})
                continue
            if isinstance(item, OutOfScope):
                summary.rows += 1
                outside[item.gemeente] += 1
                continue
            if isinstance(item, Counted):
                summary.rows += 1
                summary.accepted += 1
                continue
            if isinstance(item, Registration):
                item.__dict__["batch_id"] = batch.pk  # unsaved: no cached relation to reset
                if batch.gemeente_id is not None and item.__dict__.get("gemeente_id") is None:
                    item.__dict__["gemeente_id"] = batch.gemeente_id  # built without one: the batch's
                elif batch.gemeente_id is not None and item.__dict__["gemeente_id"] != batch.gemeente_id:
                    raise RuntimeError("an import for {} yielded a registration of another gemeente ({})".format(
                        batch.gemeente.code, item.__dict__.get("gemeente_id")))
            elif isinstance(item, (PerceptionResult, SuspectCount)):
                item.__dict__.update(owner)
            if not (isinstance(item, Registration) and item.__dict__.get("estimated")):
                summary.rows += 1
            chunk.append(item)
            if len(chunk) >= CHUNK:
                flush()
        if chunk:
            flush()
    cube.add_to_cube(increments)
    summary.rejected_reasons = dict(sorted(reasons.items()))
    for (code, *_), (leaves, leaf_rows, source_totals) in figures.items():
        # each figure once: the leaf categories where the file has them, else the source's own total
        counted = leaves if leaf_rows else source_totals
        summary.total_count += counted
        summary.source_total += source_totals
        per_gemeente[code]["total_count"] += counted
    summary.by_gemeente = {code: {"accepted": c["accepted"], "total_count": c["total_count"]}
                           for code, c in sorted(per_gemeente.items())}
    summary.out_of_scope = sum(outside.values())
    summary.out_of_scope_by_gemeente = dict(sorted(outside.items()))
    _settle_gemeente(batch, summary)
    batch.rows, batch.accepted, batch.duplicates = summary.rows, summary.accepted, summary.duplicates
    batch.rejected, batch.total_count, batch.rejected_reasons = (
        summary.rejected, summary.total_count, summary.rejected_reasons
    )
    batch.by_gemeente, batch.out_of_scope = summary.by_gemeente, summary.out_of_scope_by_gemeente
    batch.source_total = summary.source_total
    batch.save(update_fields=["rows", "accepted", "duplicates", "rejected", "total_count", "rejected_reasons",
                              "by_gemeente", "out_of_scope", "source_total", "gemeente"])
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
        out_of_scope=summary.out_of_scope,
        gemeenten=sorted(summary.by_gemeente),
    )
    return summary


def _area_owners() -> Callable[[Registration], str]:
    """The by-gemeente key of a registration: its gemeente's code, or the code of its area above the gemeente."""
    from veiligheidsbeeld.areas.models import Area
    from veiligheidsbeeld.core.models import Gemeente

    gemeenten = dict(Gemeente.objects.values_list("pk", "code"))
    supra: dict[int, str] = {}

    def owner(r: Registration) -> str:
        gemeente_id = r.__dict__.get("gemeente_id")
        if gemeente_id is not None:
            return gemeenten[gemeente_id]
        area_id = r.__dict__["area_id"]
        if area_id not in supra:
            supra[area_id] = Area.objects.filter(pk=area_id).values_list("code", flat=True).first() or "?"
        return supra[area_id]

    return owner


def _settle_gemeente(batch: ImportBatch, summary: ImportSummary) -> None:
    """A batch over every gemeente whose rows all landed in one gemeente belongs to that gemeente (and so do its
    quarantined rows): it shows on that gemeente's import page, as a batch of one gemeente always did."""
    if batch.scope != BatchScope.ALL or batch.gemeente_id is not None:
        return
    from veiligheidsbeeld.core.models import Gemeente

    landed = set(summary.by_gemeente)
    if len(landed) == 1:
        gemeente = Gemeente.objects.filter(code=next(iter(landed))).first()
        if gemeente is not None:
            batch.gemeente = gemeente
            batch.rejected_rows.update(gemeente=gemeente)


def _fresh_registrations(batch, chunk: list[Registration], summary: ImportSummary) -> list[Registration]:
    """Store the registrations of a chunk that are no duplicates (:func:`bulk.store_registrations`); returns them."""
    if not chunk:
        return []
    fresh = bulk.store_registrations(chunk)
    summary.duplicates += len(chunk) - len(fresh)
    return fresh


#: The fields that make a survey result or a suspect count the same figure, and those that narrow the lookup.
_RESULT_KEY = ("region", "group", "indicator", "unit", "precision", "period_start")
_SUSPECT_KEY = ("region", "age_class", "sex", "offence", "precision", "period_start")


def _fresh_figures(batch, chunk: list, summary: ImportSummary, key: tuple[str, ...],
                   narrow: tuple[str, ...]) -> list:
    """The figures of a chunk (survey results or suspect counts, one model) not stored already for the batch's
    gemeente with the same ``key`` fields, nor earlier in the chunk; the others are counted as duplicates."""
    if not chunk:
        return []
    lookup = {"{}__in".format(f): {getattr(r, f) for r in chunk} for f in narrow}
    existing = set(type(chunk[0]).objects.filter(gemeente=batch.gemeente, **lookup).values_list(*key))
    fresh = []
    for r in chunk:
        figure = tuple(getattr(r, f) for f in key)
        if figure in existing:
            summary.duplicates += 1
            continue
        existing.add(figure)
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
    SuspectCount.objects.filter(batch=old).delete()
    old.rejected_rows.filter(status=RejectionStatus.OPEN).update(status=RejectionStatus.SUPERSEDED)
    old.status, old.superseded_by = BatchStatus.SUPERSEDED, new
    old.save(update_fields=["status", "superseded_by"])
    audit.record("import_superseded", actor=actor, gemeente=old.gemeente, obj=old, superseded_by=new.pk)
    return removed


class _DryRun(Exception):
    def __init__(self, summary: ImportSummary):
        self.summary = summary


def _scope(importer) -> str:
    return BatchScope.ALL if importer.gemeente is None else BatchScope.GEMEENTE


def _active(importer):
    """The active batches of the importer for the same gemeente (a batch over every gemeente whose rows all
    landed in that gemeente included), or over every gemeente."""
    active = ImportBatch.objects.filter(importer=importer.name, status=BatchStatus.ACTIVE)
    if importer.gemeente is not None:
        return active.filter(gemeente=importer.gemeente)
    return active.filter(scope=BatchScope.ALL)


def _replaced(importer: Importer, replace, content_hash: str, file_name: str) -> ImportBatch | None:
    active = _active(importer)
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
    active = _active(importer).filter(content_hash=content_hash).first()
    if active is None and importer.gemeente is None:
        # the same file imported for one gemeente, with nothing out of scope: it held that gemeente's rows only
        same = ImportBatch.objects.filter(importer=importer.name, status=BatchStatus.ACTIVE, content_hash=content_hash)
        active = next((b for b in same if not b.out_of_scope), None)
    if active is not None and not replace:
        summary = ImportSummary(batch=active.pk, rows=active.rows, duplicates=active.rows)
        return ImportOutcome(summary, "unchanged", active)
    try:
        with transaction.atomic():
            old = _replaced(importer, replace, content_hash, file_name)
            batch = ImportBatch.objects.create(
                gemeente=importer.gemeente,
                scope=_scope(importer),
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
            importer.batch = batch  # read (its ids only) by importers that encode ahead in another thread
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
    if isinstance(item, OutOfScope):
        item = Rejection(row.row_number, importer.generalise(corrected), [Reason(
            "out_of_scope", "row {}: the area lies outside this import ({})".format(row.row_number, item.gemeente))])
    if isinstance(item, Counted):  # accepted into its file's estimates only: nothing more to store
        row.status = RejectionStatus.RESUBMITTED
        row.save(update_fields=["status"])
        batch.accepted, batch.rejected = batch.accepted + 1, batch.rejected - 1
        batch.save(update_fields=["accepted", "rejected"])
        audit.record("rejected_row_corrected", actor=actor, gemeente=row.gemeente, obj=row, accepted=True)
        return row
    if isinstance(item, Rejection):
        row.raw, row.reasons = item.raw, [r.as_dict() for r in item.reasons]
        row.save(update_fields=["raw", "reasons"])
        audit.record("rejected_row_corrected", actor=actor, gemeente=row.gemeente, obj=row, accepted=False)
        return row
    item.batch_id = batch.pk
    if isinstance(item, (PerceptionResult, SuspectCount)):
        item.gemeente_id = batch.gemeente_id
    if isinstance(item, Registration):
        if Registration.objects.filter(
            gemeente_id=item.gemeente_id, source_system=item.source_system, source_ref=item.source_ref
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
