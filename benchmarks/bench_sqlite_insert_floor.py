"""Benchmark: the bare cost of inserting N registrations into SQLite, with nothing else.

    .venv/bin/python benchmarks/bench_sqlite_insert_floor.py [--rows 1000000] [--repeat 3]

This is the floor under any import into the embedded default database. The registrations table is created by
the project's own migrations (one unique index, four foreign keys with their parents present, the JSON check).
The rows are built in memory beforehand, shaped as the BVH benchmark's accepted rows: a sequential source
reference, 150 buurten, 9 themes, five years of days and the usual attribute flags. Then only the insert and
the commit are timed, with plain ``sqlite3`` and no Django, in two ways:

- ``executemany`` of Python tuples (constant columns as SQL literals);
- one ``INSERT ... SELECT FROM json_each(?)`` per 65,536 rows, the statement the import uses;
- the same, into a copy of the table without its unique source reference: what the insert would cost if the
  database did not deduplicate (for comparison only; imports need that index);
- with ``--row-triggers``, the same into a copy of the table whose four foreign keys are replaced by one
  ``BEFORE INSERT`` row trigger that looks the four references up (the alternative ADR 0017 weighed for SQLite,
  which has no statement-level triggers), and into a copy with no reference check at all.

Each way runs ``--repeat`` times on a fresh copy of the empty database. The minimum is the figure to compare:
the pandas baseline of ``bench_import_bvh.py`` divided by 5 is the time a 5x import would have in all, reading
and checking the file included.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

CHUNK = 65_536
VARYING = ["source_ref", "theme_id", "category_code", "category_label", "period_start", "area_id", "attributes"]


def empty_database(folder: Path) -> tuple[Path, dict]:
    """A migrated database with one gemeente, batch, 9 themes and 150 buurten; the constant column values."""
    path = folder / "empty.sqlite3"
    os.environ["DATABASE_URL"] = "sqlite:///{}".format(path)
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
    with sqlite3.connect(path) as raw:  # the table without its unique constraint, for comparison
        sql = raw.execute("SELECT sql FROM sqlite_master WHERE name = 'registrations_registration'").fetchone()[0]
        unique = sql.index(', CONSTRAINT "registrations_registration_unique_source_ref"')
        raw.execute(sql[:unique].replace('"registrations_registration"', '"no_unique_index"', 1) + ")")
        bare = re.sub(r'\s+REFERENCES "[a-z_]+" \("id"\) DEFERRABLE INITIALLY DEFERRED', "", sql)
        raw.execute(bare.replace('"registrations_registration"', '"no_foreign_keys"', 1))
        raw.execute(bare.replace('"registrations_registration"', '"row_triggers"', 1))
        raw.execute(
            "CREATE TRIGGER row_triggers_references BEFORE INSERT ON row_triggers FOR EACH ROW WHEN "
            "NOT EXISTS (SELECT 1 FROM areas_area WHERE id = NEW.area_id) "
            "OR NOT EXISTS (SELECT 1 FROM frameworks_theme WHERE id = NEW.theme_id) "
            "OR NOT EXISTS (SELECT 1 FROM registrations_importbatch WHERE id = NEW.batch_id) "
            "OR (NEW.gemeente_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM core_gemeente WHERE id = NEW.gemeente_id)) "
            "BEGIN SELECT RAISE(ABORT, 'registration refers to a missing row'); END")
    constant = {"gemeente_id": gemeente.pk, "batch_id": batch.pk, "source_system": "bvh", "kind": "incident",
                "precision": "day", "count": 1, "confidentiality": "vertrouwelijk", "estimated": 0}
    return path, {"constant": constant, "themes": themes, "areas": areas}


def rows(n: int, themes: list[int], areas: list[int]) -> list[tuple]:
    import datetime as dt
    import random

    rng = random.Random(1)
    start = dt.date(2013, 1, 1)
    flags = ['{"located_by": "xy", "aangifte": true, "poging": false, "opgehelderd": false}',
             '{"located_by": "xy", "aangifte": true, "poging": false, "opgehelderd": true}']
    return [("PL0100_BVH_B{:08d}".format(i), rng.choice(themes), "A72", "Diefstal/inbraak (fiets)",
             (start + dt.timedelta(days=rng.randrange(1826))).isoformat(), rng.choice(areas), rng.choice(flags))
            for i in range(n)]


def _literal(value) -> str:
    return str(value) if isinstance(value, int) else "'{}'".format(str(value).replace("'", "''"))


def insert(path: Path, data: list[tuple], constant: dict, how: str, table: str) -> float:
    import json

    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute("PRAGMA foreign_keys=ON")
    connection.execute("PRAGMA cache_size=-65536")
    columns = VARYING + list(constant)
    if how == "executemany":
        sql = "INSERT INTO {} ({}) VALUES ({})".format(
            table, ", ".join(columns), ", ".join(["?"] * len(VARYING) + [_literal(v) for v in constant.values()]))
        chunks = [data[i:i + CHUNK] for i in range(0, len(data), CHUNK)]
    else:
        keys = "abcdefg"
        sql = "INSERT INTO {} ({}) SELECT {} FROM json_each(?)".format(
            table, ", ".join(columns),
            ", ".join(["json_extract(value, '$.{}')".format(k) for k in keys] + [_literal(v) for v in constant.values()]))
        chunks = [json.dumps([dict(zip(keys, row)) for row in data[i:i + CHUNK]]) for i in range(0, len(data), CHUNK)]
    start = time.perf_counter()
    connection.execute("BEGIN IMMEDIATE")
    for chunk in chunks:
        if how == "executemany":
            connection.executemany(sql, chunk)
        else:
            connection.execute(sql, [chunk])
    connection.execute("COMMIT")
    seconds = time.perf_counter() - start
    assert connection.execute("SELECT count(*) FROM {}".format(table)).fetchone()[0] == len(data)
    connection.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--row-triggers", action="store_true",
                        help="Also the table with a row trigger instead of the foreign keys, and with no check.")
    args = parser.parse_args()
    print("load average before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()), file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="vb-floor-") as folder:
        folder = Path(folder)
        empty, parts = empty_database(folder)
        data = rows(args.rows, parts["themes"], parts["areas"])
        lines = ["| insert of {:,} registrations (SQLite {}) | min s | median s | rows/s (min) |".format(
            args.rows, sqlite3.sqlite_version), "|---|---:|---:|---:|"]
        ways = [("executemany", "registrations_registration"), ("json_each", "registrations_registration"),
                ("json_each", "no_unique_index")]
        if args.row_triggers:
            ways += [("json_each", "row_triggers"), ("json_each", "no_foreign_keys")]
        labels = {"no_unique_index": ", table without the unique index",
                  "row_triggers": ", the four foreign keys replaced by a row trigger",
                  "no_foreign_keys": ", table without foreign keys (no reference check)"}
        for how, table in ways:
            times = []
            for _ in range(args.repeat):
                target = folder / "run.sqlite3"
                for suffix in ("", "-wal", "-shm"):
                    Path(str(target) + suffix).unlink(missing_ok=True)
                shutil.copy(empty, target)
                times.append(insert(target, data, parts["constant"], how, table))
            label = how + labels.get(table, "")
            lines.append("| {} | {:.2f} | {:.2f} | {:,.0f} |".format(
                label, min(times), statistics.median(times), args.rows / min(times)))
            print(lines[-1], file=sys.stderr)
    print("load average after: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()), file=sys.stderr)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
