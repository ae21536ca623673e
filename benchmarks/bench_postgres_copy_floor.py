"""Benchmark: the bare cost of copying N registrations into PostgreSQL, with nothing else.

    .venv/bin/python benchmarks/bench_postgres_copy_floor.py --postgres postgres://postgres@127.0.0.1:5432/vb_floor \
        [--rows 1000000] [--repeat 3]

This is the floor under any import into the production database, the counterpart of
``bench_sqlite_insert_floor.py``. The scratch database of ``--postgres`` is dropped and recreated, migrated by the
project's own migrations (the registrations table with its unique source reference, the JSON column and, since
migration ``registrations.0007`` (ADR 0017), the statement-level triggers that check the four references set-wise
instead of four per-row foreign keys), and given one gemeente, batch, 9 themes and 150 buurten. The rows are built in
memory beforehand, shaped as the BVH benchmark's accepted rows: a sequential source reference, 150 buurten,
9 themes, five years of days and the usual attribute flags. Then only the ``COPY`` and the commit are timed, with
plain psycopg 3 and no Django, in these ways:

- ``COPY ... FROM STDIN (FORMAT csv)`` of the prepared CSV text straight into the table: **the floor**;
- ``COPY ... (FORMAT binary)`` with psycopg's row writer (``write_row``, values adapted in C) into the table;
- the same CSV into a copy of the table without its constraints and indexes (``CREATE TABLE ... (LIKE ... INCLUDING IDENTITY)``):
  what the copy would cost if the database checked nothing (for comparison only; imports need those checks);
- with ``--row-wise-keys``, the same CSV into a copy of the table with its indexes and the four per-row foreign keys
  (``DEFERRABLE INITIALLY DEFERRED``, as Django creates them) instead of the triggers: the table as migrated
  before migration 0007, the floor of ADR 0016.

Each way runs ``--repeat`` times; the table is truncated before each run (and vacuumed, so every run starts from
the same empty heap). The minimum is the figure to compare (other sessions share the machine).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from veiligheidsbeeld.registrations.integrity import KEYS  # noqa: E402 (after the path)

VARYING = ["source_ref", "theme_id", "category_code", "category_label", "period_start", "area_id", "attributes"]


def fresh_database(url: str) -> str:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as connection:
        connection.execute('DROP DATABASE IF EXISTS "{}"'.format(name))
        connection.execute('CREATE DATABASE "{}"'.format(name))
    return url


def migrated(url: str) -> dict:
    """Migrate the scratch database; one gemeente, batch, 9 themes, 150 buurten; the constant column values."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veiligheidsbeeld.conf.base")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from veiligheidsbeeld.areas.models import Area, AreaLevel
    from veiligheidsbeeld.core.models import Gemeente
    from veiligheidsbeeld.frameworks.models import Theme
    from veiligheidsbeeld.registrations.models import ImportBatch

    gemeente = Gemeente.objects.get_or_create(code="GM9998", defaults={"name": "Vloerstad"})[0]
    batch = ImportBatch.objects.create(gemeente=gemeente, source_system="bvh", importer="bvh", file_name="floor",
                                       content_hash="0" * 64)
    themes = list(Theme.objects.values_list("pk", flat=True)[:9])
    areas = [Area.objects.create(gemeente=gemeente, code="BU9998{:04d}".format(n), name="Buurt {}".format(n),
                                 level=AreaLevel.BUURT, year=2017).pk for n in range(150)]
    from django.db import connection

    connection.close()
    constant = {"gemeente_id": gemeente.pk, "batch_id": batch.pk, "source_system": "bvh", "kind": "incident",
                "precision": "day", "count": 1, "confidentiality": "vertrouwelijk", "estimated": False}
    return {"constant": constant, "themes": themes, "areas": areas}


def rows(n: int, themes: list[int], areas: list[int], constant: dict) -> list[tuple]:
    import datetime as dt
    import random

    rng = random.Random(1)
    start = dt.date(2013, 1, 1)
    flags = ['{"located_by": "xy", "aangifte": true, "poging": false, "opgehelderd": false}',
             '{"located_by": "xy", "aangifte": true, "poging": false, "opgehelderd": true}']
    tail = tuple(constant.values())
    return [("PL0100_BVH_B{:08d}".format(i), rng.choice(themes), "A72", "Diefstal/inbraak (fiets)",
             start + dt.timedelta(days=rng.randrange(1826)), rng.choice(areas), rng.choice(flags)) + tail
            for i in range(n)]


def as_csv(data: list[tuple]) -> bytes:
    import csv

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(data)
    return out.getvalue().encode()


def copy(url: str, table: str, columns: list[str], how: str, payload) -> float:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("TRUNCATE {} CASCADE".format(table))  # the empty quarantine refers to it
        connection.execute("VACUUM {}".format(table))
    with psycopg.connect(url) as connection, connection.cursor() as cursor:
        names = ", ".join(columns)
        start = time.perf_counter()
        if how == "csv":
            with cursor.copy("COPY {} ({}) FROM STDIN (FORMAT csv)".format(table, names)) as stream:
                for offset in range(0, len(payload), 1 << 20):
                    stream.write(payload[offset:offset + (1 << 20)])
        else:
            with cursor.copy("COPY {} ({}) FROM STDIN (FORMAT binary)".format(table, names)) as stream:
                stream.set_types(["text", "int8", "text", "text", "date", "int8", "jsonb",
                                  "int8", "int8", "text", "text", "text", "int4", "text", "bool"])
                for row in payload:
                    stream.write_row(row)
        connection.commit()
        seconds = time.perf_counter() - start
        count = cursor.execute("SELECT count(*) FROM {}".format(table)).fetchone()[0]
    assert count == len(payload) if how == "binary" else count > 0
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", required=True, help="URL of a scratch database (dropped and recreated).")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-binary", action="store_true", help="Leave out the binary COPY (the slowest way).")
    parser.add_argument("--row-wise-keys", action="store_true",
                        help="Also the table with the four per-row foreign keys (before migration 0007; slow).")
    args = parser.parse_args()
    import psycopg

    url = fresh_database(args.postgres)
    parts = migrated(url)
    columns = VARYING + list(parts["constant"])
    data = rows(args.rows, parts["themes"], parts["areas"], parts["constant"])
    text = as_csv(data)
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("CREATE TABLE no_constraints (LIKE registrations_registration INCLUDING IDENTITY)")
        if args.row_wise_keys:
            connection.execute("CREATE TABLE row_wise_keys (LIKE registrations_registration INCLUDING ALL)")
            for column, parent in KEYS:
                connection.execute("ALTER TABLE row_wise_keys ADD FOREIGN KEY ({}) REFERENCES {} (id) "
                                   "DEFERRABLE INITIALLY DEFERRED".format(column, parent))
        server = connection.execute("SHOW server_version").fetchone()[0]
    print("load average before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()), file=sys.stderr)
    lines = ["| COPY of {:,} registrations (PostgreSQL {}) | min s | median s | rows/s (min) |".format(
        args.rows, server), "|---|---:|---:|---:|"]
    for how, table, payload, label in (
        ("csv", "registrations_registration", text, "`COPY (FORMAT csv)` into the table as migrated (set-wise "
                                                    "checks, ADR 0017): **the floor**"),
        ("binary", "registrations_registration", data, "`COPY (FORMAT binary)`, `write_row`, into the table"),
        ("csv", "no_constraints", text, "`COPY (FORMAT csv)` into a copy without constraints or indexes"),
        ("csv", "row_wise_keys", text, "`COPY (FORMAT csv)` into a copy with the four per-row foreign keys "
                                       "(before 0007)"),
    ):
        if (how == "binary" and args.no_binary) or (table == "row_wise_keys" and not args.row_wise_keys):
            continue
        times = [copy(url, table, columns, how, payload) for _ in range(args.repeat)]
        lines.append("| {} | {:.2f} | {:.2f} | {:,.0f} |".format(
            label, min(times), statistics.median(times), args.rows / min(times)))
        print(lines[-1], file=sys.stderr)
    print("load average after: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()), file=sys.stderr)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
