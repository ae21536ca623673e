"""The cube: counts per area x theme x source category x period, updated incrementally and rebuildable."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.db import connection, transaction

from .models import CubeCell, Registration

__all__ = ["CubeKey", "add_to_cube", "subtract_from_cube", "contributions", "key_of", "rebuild"]

# (gemeente_id or None above the gemeente, area_id, theme_id, source_system, category_code, precision,
#  period_start, estimated)
CubeKey = tuple[int | None, int, int, str, str, str, object, bool]

_UPSERT = (
    "INSERT INTO {table} (gemeente_id, area_id, theme_id, source_system, category_code, precision, period_start, "
    "estimated, count) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) "
    "ON CONFLICT (area_id, theme_id, source_system, category_code, precision, period_start, estimated) "
    "DO UPDATE SET count = {table}.count + excluded.count"
)


def add_to_cube(increments: Counter[CubeKey] | Iterable[tuple[CubeKey, int]]) -> int:
    """Add counts to the cube (an upsert per cell, valid on SQLite and PostgreSQL). Returns cells touched.

    Must run inside the import's transaction, so the cube never disagrees with the registrations.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("add_to_cube must run inside the import's transaction")
    items = increments.items() if isinstance(increments, Counter) else increments
    rows = [(*key, count) for key, count in items if count]
    if rows:
        sql = _UPSERT.format(table=connection.ops.quote_name(CubeCell._meta.db_table))
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)
    return len(rows)


def subtract_from_cube(decrements: Counter[CubeKey]) -> int:
    """Take counts out of the cube (a superseded batch) and drop cells that reach zero. Returns cells touched.

    Must run inside the transaction that removes the registrations.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("subtract_from_cube must run inside the import's transaction")
    table = connection.ops.quote_name(CubeCell._meta.db_table)
    sql = (
        "UPDATE {} SET count = count - %s WHERE area_id = %s AND theme_id = %s AND source_system = %s "
        "AND category_code = %s AND precision = %s AND period_start = %s AND estimated = %s".format(table)
    )
    rows = [(n, a, t, s, c, p, start, e) for (_, a, t, s, c, p, start, e), n in decrements.items() if n]
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)
        CubeCell.objects.filter(count=0).delete()
    return len(rows)


def contributions(registrations) -> Counter[CubeKey]:
    """The cube counts of a queryset of registrations."""
    totals: Counter[CubeKey] = Counter()
    fields = ["gemeente_id", "area_id", "theme_id", "source_system", "category_code", "precision", "period_start",
              "estimated", "count"]
    for g, a, t, s, c, p, start, e, n in registrations.values_list(*fields).iterator(chunk_size=20000):
        totals[(g, a, t, s, c, cube_precision(p), cube_period(start, p), e)] += n
    return totals


def key_of(registration: Registration) -> CubeKey:
    """The cube cell of a registration (:func:`cube_precision` and :func:`cube_period` inlined: an import
    computes millions)."""
    r = registration.__dict__
    precision, start = r["precision"], r["period_start"]
    if precision == "day":
        precision, start = "month", start.replace(day=1)
    return (r["gemeente_id"], r["area_id"], r["theme_id"], r["source_system"], r["category_code"], precision, start,
            r.get("estimated", False))


def cube_precision(precision: str) -> str:
    """Incidents dated to the day are counted into their month."""
    return "month" if precision == "day" else precision


def cube_period(period_start, precision: str):
    return period_start.replace(day=1) if precision == "day" else period_start


@transaction.atomic
def rebuild(gemeente=None) -> int:
    """Recompute the cube from the registrations (all gemeenten, or one). Returns the number of cells."""
    cells = CubeCell.objects.all()
    registrations = Registration.objects.all()
    if gemeente is not None:
        cells = cells.filter(gemeente=gemeente)
        registrations = registrations.filter(gemeente=gemeente)
    cells.delete()
    return add_to_cube(contributions(registrations))
