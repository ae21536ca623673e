"""Bulk writing of registrations, inside the import's transaction (:func:`.services.import_registrations`).

Django's ``bulk_create`` compiles SQL per object and its ``__in`` lookups build a parameter per value, which
dominated import times. Registrations of the row path go in with one ``executemany`` per chunk, adapted by the
fields as ``bulk_create`` would. Frames of the columnar path (:class:`~.importers.base.RegistrationFrame`) go in
with one statement each: ``INSERT OR IGNORE ... SELECT FROM json_each(?)`` on SQLite; on PostgreSQL a ``COPY`` in
a savepoint, and for a frame with stored duplicates a ``COPY`` into a temporary staging table and one
``INSERT ... SELECT ... ON CONFLICT DO NOTHING`` (ADR 0007, 0008 and 0009).
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

import polars as pl
from django.db import IntegrityError, connection, transaction

from . import cube
from .importers.base import RegistrationFrame
from .models import Registration

__all__ = [
    "EncodedFrame", "FrameOutcome", "encode", "existing_refs", "import_cache", "insert_registrations", "store_registrations", "json_dumper",
    "store_frame",
]

#: SQLite page cache during an import (KiB). The default (2 MB) makes every insert into the growing indexes of a
#: million-row import read and spill pages; 64 MB keeps them in memory (measured in benchmarks/results/import-bvh.md).
IMPORT_CACHE_KIB = 65_536


@contextmanager
def import_cache():
    """A larger SQLite page cache for the duration of an import (no effect on PostgreSQL)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size = -{:d}".format(IMPORT_CACHE_KIB))
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = {:d}".format(int(before)))


#: Test hook (issue 22): with both variables set, the process that stores its N-th chunk of registrations (a
#: frame, or a chunk of the row path) writes the file, then waits there, inside the import's transaction, for the
#: test to kill it. Unset (always, outside tests), it costs one dictionary lookup per chunk.
PAUSE_AFTER_CHUNKS_ENV = "VEILIGHEIDSBEELD_TEST_PAUSE_AFTER_CHUNKS"
PAUSE_FILE_ENV = "VEILIGHEIDSBEELD_TEST_PAUSE_FILE"
_chunks_stored = 0


def _chunk_stored() -> None:
    global _chunks_stored
    after = os.environ.get(PAUSE_AFTER_CHUNKS_ENV)
    if not after:
        return
    _chunks_stored += 1
    if _chunks_stored == int(after):
        with open(os.environ[PAUSE_FILE_ENV], "w", encoding="utf-8") as marker:
            marker.write("{} chunks stored, pid {}\n".format(_chunks_stored, os.getpid()))
        while True:  # until killed
            time.sleep(1)


def _insert_names() -> list[str]:
    """Registration attnames in insert order (the date and JSON fields last)."""
    fields = [f for f in Registration._meta.concrete_fields if not f.primary_key]
    names = [f.attname for f in fields if f.get_internal_type() not in ("DateField", "JSONField")]
    return names + ["period_start", "attributes"]


def _table() -> str:
    return connection.ops.quote_name(Registration._meta.db_table)


def _column_list(names: list[str]) -> str:
    meta = Registration._meta
    return ", ".join(connection.ops.quote_name(meta.get_field(n.removesuffix("_id") if n.endswith("_id") else n).column)
                     for n in names)


def insert_registrations(registrations: list[Registration]) -> None:
    """Insert registrations with one statement: an ``executemany`` on SQLite (Django's bulk_create compiles SQL
    per object, which dominated the import time), a ``COPY`` on PostgreSQL. On PostgreSQL every ``INSERT``
    statement runs the set-wise reference check once (ADR 0017), so a statement per row would cost a check per
    row. The chunk holds no duplicates: see :func:`store_registrations`."""
    if not registrations:
        return
    names = _insert_names()
    plain = names[:-2]
    dumps = json_dumper()  # the field's own adaptation is json.dumps, behind several calls
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor, cursor.cursor.copy("COPY {} ({}) FROM STDIN".format(
                _table(), _column_list(names))) as copy:
            for r in registrations:
                copy.write_row([r.__dict__[name] for name in plain] + [r.period_start, dumps(r.attributes)])
        _chunk_stored()
        return
    sql = "INSERT INTO {} ({}) VALUES ({})".format(_table(), _column_list(names), ", ".join(["%s"] * len(names)))
    adapt_date = connection.ops.adapt_datefield_value
    rows = [[r.__dict__[name] for name in plain] + [adapt_date(r.period_start), dumps(r.attributes)]
            for r in registrations]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    _chunk_stored()


def json_dumper() -> Callable[[dict], str]:
    """``json.dumps`` for attribute dicts, remembering the text of each distinct dict (imports repeat a few
    combinations of flags). The key holds the value types, so ``True`` and ``1`` are told apart."""
    texts: dict[tuple, str] = {}

    def dumps(attributes: dict) -> str:
        try:
            key = (*attributes.items(), *map(type, attributes.values()))
            text = texts.get(key)
        except TypeError:  # an unhashable value (list, dict): no memory
            return json.dumps(attributes)
        if text is None:
            text = texts[key] = json.dumps(attributes)
        return text

    return dumps


def store_registrations(chunk: list[Registration]) -> list[Registration]:
    """Insert the registrations of a chunk that are no duplicates (of a stored registration, or of an earlier one
    in the chunk); returns those stored, in chunk order.

    The insert is tried first, in a savepoint: the unique source reference probes every row anyway, so a chunk
    without stored duplicates (nearly always) needs no lookup. A lookup per chunk on PostgreSQL cost a
    sequential scan while the table grew inside the import's transaction (the planner still saw it empty): 4 of
    the 14 seconds of a million-row import. Only when the unique reference refuses a row is the savepoint rolled
    back and the chunk stored again without the duplicates that :func:`existing_refs` finds. Any other integrity
    error is raised again by that second insert."""
    seen: set[tuple] = set()
    fresh = []
    for r in chunk:
        key = (r.gemeente_id, r.source_system, r.source_ref)
        if key not in seen:
            seen.add(key)
            fresh.append(r)
    try:
        with transaction.atomic():
            insert_registrations(fresh)
        return fresh
    except _integrity_errors():
        pass
    existing = existing_refs(fresh)
    fresh = [r for r in fresh if (r.gemeente_id, r.source_system, r.source_ref) not in existing]
    insert_registrations(fresh)
    return fresh


def _integrity_errors() -> tuple[type[Exception], ...]:
    """Django's ``IntegrityError`` and, on PostgreSQL, the driver's own (a ``COPY`` on the raw psycopg cursor
    is not wrapped by Django)."""
    if connection.vendor == "postgresql":
        import psycopg

        return IntegrityError, psycopg.IntegrityError
    return (IntegrityError,)


def existing_refs(chunk: list[Registration]) -> set[tuple[int | None, str, str]]:
    """The ``(gemeente_id, source_system, source_ref)`` of a chunk of registrations stored already (each in its
    own gemeente; None above the gemeente)."""
    refs: dict[tuple[int | None, str], set[str]] = {}
    for r in chunk:
        refs.setdefault((r.gemeente_id, r.source_system), set()).add(r.source_ref)
    return {(gemeente_id, system, ref) for (gemeente_id, system), wanted in refs.items()
            for ref in _stored_refs(gemeente_id, system, list(wanted))}


@dataclass
class FrameOutcome:
    accepted: int = 0
    duplicates: int = 0
    total_count: int = 0
    increments: Counter = field(default_factory=Counter)


@dataclass
class EncodedFrame:
    """What storing a frame costs in CPU without a database, done ahead (in the import's prefetch thread, by
    :func:`encode`): the cube cells and, on SQLite, the JSON document that the insert unpacks."""

    vendor: str
    #: Rows per cube cell: ``area_id``, ``theme_id``, ``category_code``, ``period_start``, ``len``.
    cells: pl.DataFrame
    #: SQLite: a JSON array of row objects with one-letter keys.
    document: str | None = None
    #: PostgreSQL, when the batch was known: the ``COPY`` text of all insert columns, and the batch it is for.
    csv: str | None = None
    batch_id: int | None = None


def encode(item: RegistrationFrame, vendor: str, batch=None) -> RegistrationFrame:
    """Compute ``item.encoded`` for a database ``vendor`` (``connection.vendor``). Needs no connection, so it
    can run in another thread than the one that stores the frame. On PostgreSQL with the ``batch`` (its ids
    only are read), the ``COPY`` text is written here too, so the storing thread only sends it. Returns ``item``."""
    item.encoded = _encoded(item.frame, item.constant, vendor, batch)
    return item


def _encoded(frame: pl.DataFrame, constant: dict, vendor: str, batch=None) -> EncodedFrame:
    encoded = EncodedFrame(vendor, _cells(frame, constant))
    if vendor == "sqlite":  # short keys: SQLite reads each row object again for every column it extracts
        keys = _json_keys(frame.columns)
        encoded.document = frame.select(
            [(pl.col(n).cast(pl.String) if n == "period_start" else pl.col(n)).alias(k) for n, k in keys.items()]
        ).write_json()
    elif vendor == "postgresql" and batch is not None and batch.pk is not None:
        encoded.csv, encoded.batch_id = _copy_text(frame, constant, batch), batch.pk
    return encoded


def _copy_text(frame: pl.DataFrame, constant: dict, batch) -> str:
    """The ``COPY ... (FORMAT csv)`` text of a frame: every insert column, in :func:`_insert_names` order."""
    values = {"estimated": False, **constant, "gemeente_id": batch.gemeente_id, "batch_id": batch.pk}
    written = frame.with_columns(pl.col("period_start").cast(pl.String))
    return written.select([pl.col(n) if n in written.columns else pl.lit(values[n]).alias(n)
                           for n in _insert_names()]).write_csv(include_header=False)


def _json_keys(columns: list[str]) -> dict[str, str]:
    """The one-letter key of each varying insert column in a SQLite JSON document."""
    varying = [n for n in _insert_names() if n in columns]
    return {name: "abcdefghijklmnopqrstuvwxyz"[i] for i, name in enumerate(varying)}


def _cells(frame: pl.DataFrame, constant: dict) -> pl.DataFrame:
    period = pl.col("period_start")
    if cube.cube_precision(constant["precision"]) != constant["precision"]:  # days count into their month
        period = period.dt.truncate("1mo")
    return frame.group_by("area_id", "theme_id", "category_code", period).len()


def store_frame(batch, item: RegistrationFrame) -> FrameOutcome:
    outcome = _store_frame(batch, item)
    _chunk_stored()
    return outcome


def _store_frame(batch, item: RegistrationFrame) -> FrameOutcome:
    """Insert the rows of a :class:`RegistrationFrame` that are no duplicates (of a stored registration of the
    gemeente, or of an earlier row); returns the counts and the cube increments.

    On SQLite the insert itself finds stored duplicates: ``INSERT OR IGNORE`` probes the unique source reference
    anyway, so a frame whose rows all went in needs no separate lookup. When some were ignored, the insert is
    rolled back to its savepoint and the frame is stored again without the duplicates, looked up first. On
    PostgreSQL see :func:`_store_postgres`.
    """
    frame = item.frame.filter(item.frame["source_ref"].is_first_distinct())
    if connection.vendor == "postgresql":
        return _store_postgres(batch, item, frame)
    encoded = item.encoded
    if encoded is None or encoded.vendor != connection.vendor or frame.height != item.frame.height:
        encoded = _encoded(frame, item.constant, connection.vendor)
    with transaction.atomic():
        if _insert_json(batch, item.constant, encoded.document, frame.columns, ignore=True) == frame.height:
            return _outcome(batch, item.constant, frame, item.frame.height, encoded)
        transaction.set_rollback(True)
    stored = _stored_refs(batch.gemeente_id, item.constant["source_system"], frame["source_ref"].to_list())
    fresh = frame.filter(~frame["source_ref"].is_in(list(stored)))
    if not fresh.height:
        return FrameOutcome(duplicates=item.frame.height)
    if fresh.height != frame.height:
        encoded = _encoded(fresh, item.constant, connection.vendor)
    _insert_json(batch, item.constant, encoded.document, fresh.columns)
    return _outcome(batch, item.constant, fresh, item.frame.height, encoded)


#: The session's temporary staging table of the PostgreSQL path for frames with stored duplicates (dropped at the
#: end of the import's transaction).
STAGE = "vb_registration_stage"


def _store_postgres(batch, item: RegistrationFrame, frame: pl.DataFrame) -> FrameOutcome:
    """PostgreSQL: ``COPY`` the frame straight into the table, in a savepoint. That is the bare floor of
    ``benchmarks/bench_postgres_copy_floor.py`` and the whole cost when no row is a stored duplicate (nearly
    always). When the unique source reference refuses a row, the savepoint is rolled back and the frame goes
    through :func:`_store_postgres_deduplicated`. Either way it is all inside the import's transaction."""
    import psycopg

    encoded = item.encoded
    if encoded is None or encoded.vendor != connection.vendor or frame.height != item.frame.height:
        encoded = _encoded(frame, item.constant, connection.vendor)
    text = encoded.csv if encoded.batch_id == batch.pk else None  # written ahead in the prefetch thread
    if text is None:
        text = _copy_text(frame, item.constant, batch)
    copy_sql = "COPY {} ({}) FROM STDIN (FORMAT csv)".format(_table(), _column_list(_insert_names()))
    try:
        with transaction.atomic(), connection.cursor() as cursor, cursor.cursor.copy(copy_sql) as copy:
            copy.write(text)
    except psycopg.errors.UniqueViolation:
        return _store_postgres_deduplicated(batch, item, frame)
    return _outcome(batch, item.constant, frame, item.frame.height, encoded)


def _store_postgres_deduplicated(batch, item: RegistrationFrame, frame: pl.DataFrame) -> FrameOutcome:
    """PostgreSQL, for a frame with stored duplicates: ``COPY`` its varying columns into a temporary staging
    table (not WAL-logged), then one ``INSERT ... SELECT ... ON CONFLICT DO NOTHING`` adds the constant columns
    and skips the registrations stored already (the unique source reference decides: no lookup). The statement
    returns the cube cells of the rows it stored, counted by the server. The staging table is created
    ``ON COMMIT DROP`` and replaced per frame, so a failure or a kill leaves nothing behind.
    """
    values = {"estimated": False, **item.constant, "gemeente_id": batch.gemeente_id, "batch_id": batch.pk}
    names = _insert_names()
    varying = [n for n in names if n in frame.columns]
    constant = [n for n in names if n not in frame.columns]
    quote = connection.ops.quote_name
    staged = _column_list(varying)
    precision = item.constant["precision"]
    period = "period_start" if cube.cube_precision(precision) == precision else "date_trunc('month', period_start)::date"
    insert = (
        "WITH stored AS (INSERT INTO {table} ({columns}) SELECT {select} FROM {stage} "
        "ON CONFLICT ({gemeente}, {system}, {ref}) DO NOTHING "
        "RETURNING {area}, {theme}, {code}, period_start) "
        "SELECT {area}, {theme}, {code}, {period}, count(*) FROM stored GROUP BY 1, 2, 3, 4"
    ).format(
        table=_table(), columns=_column_list(varying + constant), stage=STAGE,
        select=", ".join([staged] + ["%s"] * len(constant)),
        gemeente=quote("gemeente_id"), system=quote("source_system"), ref=quote("source_ref"),
        area=quote("area_id"), theme=quote("theme_id"), code=quote("category_code"), period=period,
    )
    written = frame.select(varying).with_columns(pl.col("period_start").cast(pl.String))
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS pg_temp.{}".format(STAGE))  # the last frame's columns may differ
        cursor.execute("CREATE TEMPORARY TABLE {} ON COMMIT DROP AS SELECT {} FROM {} WITH NO DATA".format(
            STAGE, staged, _table()))
        with cursor.cursor.copy("COPY {} ({}) FROM STDIN (FORMAT csv)".format(STAGE, staged)) as copy:
            copy.write(written.write_csv(include_header=False))
        cursor.execute(insert, [values[n] for n in constant])
        cells = cursor.fetchall()
    count = int(item.constant.get("count", 1))
    outcome = FrameOutcome()
    system, cube_precision = item.constant["source_system"], cube.cube_precision(precision)
    for area_id, theme_id, code, start, n in cells:
        outcome.accepted += n
        key = (batch.gemeente_id, area_id, theme_id, system, code, cube_precision, start, False)
        outcome.increments[key] += n * count
    outcome.total_count = outcome.accepted * count
    outcome.duplicates = item.frame.height - outcome.accepted
    return outcome


def _insert_json(batch, constant: dict, document: str, columns: list[str], ignore: bool = False) -> int:
    """SQLite: insert the rows of a JSON document from :func:`encode` with one statement, unpacked by SQLite
    itself (no Python objects per value). Returns the number of rows inserted."""
    values = {"estimated": False, **constant, "gemeente_id": batch.gemeente_id, "batch_id": batch.pk}
    names, keys = _insert_names(), _json_keys(columns)
    select = ", ".join("json_extract(value, '$.{}')".format(keys[n]) if n in keys else "%s" for n in names)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT {}INTO {} ({}) SELECT {} FROM json_each(%s)".format(
                "OR IGNORE " if ignore else "", _table(), _column_list(names), select),
            [values[n] for n in names if n not in keys] + [document],
        )
        return cursor.rowcount


def _outcome(batch, constant: dict, stored: pl.DataFrame, rows: int, encoded: EncodedFrame) -> FrameOutcome:
    """The counts and cube increments of the ``stored`` rows of a frame of ``rows`` rows."""
    count = int(constant.get("count", 1))
    outcome = FrameOutcome(stored.height, rows - stored.height, stored.height * count)
    system, precision = constant["source_system"], cube.cube_precision(constant["precision"])
    for area_id, theme_id, code, start, n in encoded.cells.iter_rows():
        outcome.increments[(batch.gemeente_id, area_id, theme_id, system, code, precision, start, False)] += n * count
    return outcome


def _stored_refs(gemeente_id: int, system: str, refs: list[str]) -> set[str]:
    """The references among ``refs`` stored already for the gemeente and source system: one query with the
    list as a single parameter (a JSON array on SQLite, an array on PostgreSQL)."""
    if not refs:
        return set()
    meta, quote = Registration._meta, connection.ops.quote_name
    if connection.vendor == "postgresql":
        wanted, parameter = "= ANY(%s)", refs
    else:
        wanted, parameter = "IN (SELECT value FROM json_each(%s))", json.dumps(refs)
    sql = "SELECT {ref} FROM {table} WHERE {gemeente} {is_gemeente} AND {system} = %s AND {ref} {wanted}".format(
        table=quote(meta.db_table), gemeente=quote(meta.get_field("gemeente").column),
        system=quote(meta.get_field("source_system").column), ref=quote(meta.get_field("source_ref").column),
        wanted=wanted, is_gemeente="IS NULL" if gemeente_id is None else "= %s",
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, ([] if gemeente_id is None else [gemeente_id]) + [system, parameter])
        return {ref for (ref,) in cursor.fetchall()}
