"""Benchmark: import N BVH-format incident rows into SQLite and PostgreSQL, against a pandas baseline.

    .venv/bin/python benchmarks/bench_import_bvh.py --rows 1000000 [--postgres postgres://postgres@127.0.0.1:5432/vb_bench]

1. Generate N rows in the 33 columns of the gemeente Groningen bicycle-theft export, following the real file's
   distributions (``../shared/data``): locations are real X/Y points jittered within 50 m, dates follow the
   real month/weekday/hour mix, flags (aangifte, poging, opgehelderd) their real frequencies; street names are
   synthetic. The file is written streaming to a temporary folder (never into the repository).
2. For each database, in a fresh subprocess: migrate, register the 2017 wijken and buurten of GM0014, then time
   ``veiligheidsbeeld import bvh`` (the service, with locating, validation, deduplication, cube, audit; one
   transaction), and report peak memory (max RSS). Times are wall clock and the process's CPU time (less
   sensitive to other load on a shared machine; it leaves out the PostgreSQL server's work).
3. Baseline in the same run: ``pandas.read_csv`` + ``DataFrame.to_sql`` of the same file into the same kind of
   database (no validation, no locating), also timed with its peak memory.

Needs pandas (and SQLAlchemy for the PostgreSQL baseline) in the virtual environment; they are benchmark tools,
not project dependencies. Results are printed as a Markdown table.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from veiligheidsbeeld.testing import shared_data

FOLDER = ("groningen", "groningen-fietsdiefstallen-2013-2017")


def generate(path: Path, rows: int, seed: int = 20261129) -> None:
    """Write ``rows`` synthetic BVH rows following the real export's distributions."""
    real = shared_data(*FOLDER, "fietsdiefstallen_groningen_2013_2017.csv")
    if not real.exists():
        raise SystemExit("../shared/data not present: {} is needed for the distributions".format(real))
    with open(real, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames
        sample = list(reader)
    rng = random.Random(seed)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for n in range(rows):
            row = dict(rng.choice(sample))  # a real incident's categorical mix (wijk, buurt, flags, weather)
            shift = rng.choice(sample)  # dates from an independent real incident
            for column in ("Begin-pleegdatum/tijd", "Eind-pleegdatum/tijd", "Kennisnamedatum/tijd"):
                row[column] = shift[column]
            row["Incident Identificatie"] = "PL0100_BVH_B{:08d}".format(n)
            row["Bronregistratie"] = "PL0100_BVH_R{:08d}".format(n)
            row["Pleegstraatnaam"] = "Benchstraat {}".format(rng.randrange(1000))
            row["Pleeghuisnummer met toev."] = str(rng.randrange(1, 200))
            row["X"] = str(int(float(row["X"])) + rng.randint(-50, 50))
            row["Y"] = str(int(float(row["Y"])) + rng.randint(-50, 50))
            writer.writerow([row[c] for c in header])


def _rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _prepared_importer(database_url: str):
    """In this (fresh) process: migrate, register the 2017 wijken and buurten of GM0014; a BVH importer."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veiligheidsbeeld.conf.base")
    import logging

    import django
    from django.core.management import call_command

    django.setup()
    logging.disable(logging.INFO)
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        for level in ("wijk", "buurt"):
            call_command("areas", "import", "boundaries",
                         str(shared_data(*FOLDER, "{}2017_shp_wgs84.zip".format(level))),
                         "--level", level, "--year", "2017", stdout=quiet)
    from veiligheidsbeeld.core.models import Gemeente
    from veiligheidsbeeld.registrations.importers import REGISTRY

    return REGISTRY["bvh"](gemeente=Gemeente.objects.get(code="GM0014"))


def run_import(database_url: str, path: Path) -> dict:
    """In this (fresh) process: prepare the database, then time the import."""
    importer = _prepared_importer(database_url)
    from veiligheidsbeeld.registrations import services

    start, cpu = time.perf_counter(), time.process_time()
    outcome = services.run_import(importer, path)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"seconds": seconds, "cpu_seconds": cpu, "rss_mb": _rss_mb(), **outcome.summary.as_dict()}


def run_storage(database_url: str, path: Path) -> dict:
    """In this (fresh) process: read, check and locate the whole file first (untimed, all in memory), then time
    only storing the result: the insert, duplicate checks, quarantine, cube and commit of one import. This is
    the floor of the import on this database: reading and checking the file cost nothing in it."""
    importer = _prepared_importer(database_url)
    from veiligheidsbeeld.registrations import services
    from veiligheidsbeeld.registrations.models import ImportBatch

    importer.open(path)
    items = list(importer.items())
    batch = ImportBatch.objects.create(gemeente=importer.gemeente, source_system=importer.source_system,
                                       importer=importer.name, file_name=path.name, content_hash="0" * 64)
    start, cpu = time.perf_counter(), time.process_time()
    summary = services.import_registrations(batch, items)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"seconds": seconds, "cpu_seconds": cpu, "rss_mb": _rss_mb(), **summary.as_dict()}


def run_baseline(database_url: str, path: Path) -> dict:
    """In this (fresh) process: pandas read_csv + to_sql of the whole file."""
    import pandas

    start, cpu = time.perf_counter(), time.process_time()
    frame = pandas.read_csv(path, dtype=str, keep_default_na=False)
    if database_url.startswith("sqlite"):
        import sqlite3

        connection = sqlite3.connect(database_url.removeprefix("sqlite:///"))
        frame.to_sql("bvh_baseline", connection, if_exists="replace", index=False, chunksize=10_000)
        connection.commit()
    else:
        import sqlalchemy

        engine = sqlalchemy.create_engine(database_url.replace("postgres://", "postgresql+psycopg://", 1))
        frame.to_sql("bvh_baseline", engine, if_exists="replace", index=False, chunksize=10_000)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"seconds": seconds, "cpu_seconds": cpu, "rss_mb": _rss_mb(), "rows": len(frame)}


def _child(mode: str, database_url: str, path: Path) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--database", database_url, "--file", str(path)],
        capture_output=True, text=True, check=False,
    )
    if output.returncode:
        raise SystemExit("{} on {} failed:\n{}".format(mode, database_url, output.stderr[-3000:]))
    return json.loads(output.stdout.strip().splitlines()[-1])


def _fresh_postgres(url: str) -> str:
    """Drop and create the scratch database of ``url``; returns ``url``."""
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as connection:
        connection.execute('DROP DATABASE IF EXISTS "{}"'.format(name))
        connection.execute('CREATE DATABASE "{}"'.format(name))
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--postgres", help="PostgreSQL URL of a scratch database (dropped and recreated).")
    parser.add_argument("--input", type=Path, help="Use this generated file instead of generating one.")
    parser.add_argument("--no-sqlite", action="store_true", help="Only PostgreSQL (with --postgres).")
    parser.add_argument("--storage", action="store_true",
                        help="Also time storing alone: the file read, checked and located beforehand, in memory.")
    parser.add_argument("--no-baseline", action="store_true", help="Skip the pandas baseline.")
    parser.add_argument("--keep", type=Path, help="Generate the file here and keep it (for --input later).")
    parser.add_argument("--child", choices=["import", "storage", "baseline"], help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        work = {"import": run_import, "storage": run_storage, "baseline": run_baseline}[args.child]
        print(json.dumps(work(args.database, args.file)))
        return

    with tempfile.TemporaryDirectory(prefix="vb-bench-") as folder:
        folder = Path(folder)
        path = args.input or args.keep or folder / "bvh.csv"
        if args.input is None:
            start = time.perf_counter()
            generate(path, args.rows)
            print("generated {:,} rows ({:.0f} MB) in {:.1f} s".format(
                args.rows, path.stat().st_size / 1e6, time.perf_counter() - start), file=sys.stderr)
        print("load average before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()), file=sys.stderr)
        targets = [] if args.no_sqlite else [("SQLite", lambda name: "sqlite:///{}".format(folder / name))]
        if args.postgres:
            targets.append(("PostgreSQL", lambda name: _fresh_postgres(args.postgres)))
        lines = ["| database | method | rows | seconds | rows/s | CPU seconds | peak RSS (MB) | accepted | rejected |",
                 "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
        for label, database in targets:
            runs = [("veiligheidsbeeld import bvh", _child("import", database("bench.sqlite3"), path))]
            if args.storage:
                runs.append(("storing alone (file read and checked beforehand)",
                             _child("storage", database("storage.sqlite3"), path)))
            base = None if args.no_baseline else _child("baseline", database("baseline.sqlite3"), path)
            for method, result in (*runs, *([("pandas read_csv + to_sql", base)] if base else [])):
                lines.append("| {} | {} | {:,} | {:.1f} | {:,.0f} | {:.1f} | {:.0f} | {} | {} |".format(
                    label, method, result["rows"], result["seconds"], result["rows"] / result["seconds"],
                    result["cpu_seconds"], result["rss_mb"], "{:,}".format(result["accepted"]) if "accepted" in result else "-",
                    "{:,}".format(result["rejected"]) if "rejected" in result else "-"))
            for method, result in runs if base else []:
                lines.append("| {} | baseline / {} (wall / CPU) | | | {:.2f}x | {:.2f}x | | | |".format(
                    label, method, base["seconds"] / result["seconds"], base["cpu_seconds"] / result["cpu_seconds"]))
            print("\n".join(lines[-2 * len(runs) - 1:]), file=sys.stderr)
        print("load average after: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()), file=sys.stderr)
        print("\n".join(lines))


if __name__ == "__main__":
    main()
