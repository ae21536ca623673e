"""Benchmark: national aggregation of 13,000 areas x 120 months x 50 types (78M rows, Parquet) to area x year x type.

Engines, each in a fresh process so that memory and start-up are measured separately:

- ``duckdb-sql``: DuckDB with a hand-written SQL statement (the peer);
- ``ibis-duckdb``: :func:`veiligheidsbeeld.analyses.national.aggregate_parquet` on DuckDB (the expression
  defined once);
- ``pandas``: pandas groupby per file, partial sums combined (the second peer);
- ``ibis-pyspark``: the same Ibis expression on PySpark in local mode (``local[2]``).

DuckDB gets ``memory_limit=3GB`` and ``threads=2`` in both of its runs. Peak memory is the largest resident set of
the engine's whole process tree (Python and, for Spark, the JVM), sampled every 0.05 s from ``/proc``; the
Python process's own ``ru_maxrss`` is reported beside it. Every engine writes its result to Parquet and the
results are compared for exact equality.

Usage::

    .venv/bin/python benchmarks/bench_national_aggregation.py            # all engines, writes the results file
    .venv/bin/python benchmarks/bench_national_aggregation.py --engines duckdb-sql,pandas

Data (about 0.3 GB) is generated once, seeded, into ``benchmarks/.data/national/`` (git-ignored).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
DATA = HERE / ".data" / "national"
INPUT = DATA / "input"
OUTPUT = DATA / "results"
RESULTS = HERE / "results" / "national-aggregation.md"

AREAS, MONTHS, TYPES = 13_000, 120, 50
AREAS_PER_FILE = 500
FIRST_YEAR = 2015
SEED = 20261129
ENGINES = ("duckdb-sql", "ibis-duckdb", "pandas", "ibis-pyspark")
DUCKDB_CONFIG = {"memory_limit": "3GB", "threads": 2}
MEMORY_GOAL_MB = 4096
SQL = """
SELECT area, year(month) AS year, type, CAST(sum(count) AS BIGINT) AS count
FROM read_parquet('{source}')
GROUP BY area, year(month), type
ORDER BY area, year, type
"""


def generate() -> None:
    """Write the 78M rows as 26 Parquet files of 3M rows (500 areas each), seeded."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    INPUT.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    months = np.array(
        [np.datetime64(dt.date(FIRST_YEAR + m // 12, m % 12 + 1, 1)) for m in range(MONTHS)], dtype="datetime64[D]"
    )
    area_level = rng.gamma(2.0, 0.5, AREAS)
    type_level = rng.gamma(1.0, 1.0, TYPES)
    per_area = MONTHS * TYPES
    for first in range(0, AREAS, AREAS_PER_FILE):
        last = min(first + AREAS_PER_FILE, AREAS)
        n = last - first
        mean = area_level[first:last, None, None] * type_level[None, None, :] * np.ones((1, MONTHS, 1))
        table = pa.table(
            {
                "area": pa.array(np.repeat(np.arange(first, last, dtype=np.int32), per_area)),
                "month": pa.array(np.tile(np.repeat(months, TYPES), n), type=pa.date32()),
                "type": pa.array(np.tile(np.arange(TYPES, dtype=np.int16), n * MONTHS)),
                "count": pa.array(rng.poisson(mean).astype(np.int32).ravel()),
            }
        )
        pq.write_table(table, INPUT / "part-{:05d}.parquet".format(first), row_group_size=1_000_000)


def _source() -> str:
    return str(INPUT / "*.parquet")


def _duckdb_sql():
    import duckdb

    connection = duckdb.connect(config={k: str(v) for k, v in DUCKDB_CONFIG.items()})
    return lambda: connection.sql(SQL.format(source=_source())).to_arrow_table()


def _ibis_duckdb():
    import ibis.backends.duckdb  # noqa: F401 (imported here so that the import is set-up, not aggregation)

    from veiligheidsbeeld.analyses.national import aggregate_parquet

    return lambda: aggregate_parquet(INPUT, backend="duckdb", **DUCKDB_CONFIG)


def _pandas():
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    def aggregate():
        partials = []
        for path in sorted(INPUT.glob("*.parquet")):
            frame = pq.read_table(path).to_pandas(date_as_object=False)
            frame["year"] = frame["month"].dt.year
            partials.append(frame.groupby(["area", "year", "type"], sort=False)["count"].sum())
        totals = pd.concat(partials).groupby(level=["area", "year", "type"]).sum().astype("int64")
        return pa.Table.from_pandas(totals.reset_index(), preserve_index=False)

    return aggregate


def _ibis_pyspark():
    from pyspark.sql import SparkSession

    from veiligheidsbeeld.analyses.national import aggregate_parquet

    session = (
        SparkSession.builder.master("local[2]")
        .appName("national-aggregation")
        .config("spark.driver.memory", "3g")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    return lambda: aggregate_parquet(INPUT, backend="pyspark", session=session)


SETUPS = {"duckdb-sql": _duckdb_sql, "ibis-duckdb": _ibis_duckdb, "pandas": _pandas, "ibis-pyspark": _ibis_pyspark}


def run_engine(engine: str) -> dict:
    """Run one engine in this process: set-up (imports, connection, Spark session) and the timed aggregation."""
    import pyarrow.parquet as pq

    started = time.perf_counter()
    aggregate = SETUPS[engine]()
    setup = time.perf_counter() - started
    started = time.perf_counter()
    result = aggregate()
    seconds = time.perf_counter() - started
    OUTPUT.mkdir(parents=True, exist_ok=True)
    pq.write_table(result, OUTPUT / "{}.parquet".format(engine))
    return {
        "engine": engine,
        "seconds": seconds,
        "setup_seconds": setup,
        "rows": result.num_rows,
        "python_maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _tree_rss_kb(root: int) -> int:
    """Resident set of ``root`` and all its descendants, in kB, from ``/proc``."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/{}/stat".format(entry)) as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def measure(engine: str) -> dict:
    """Run ``engine`` in a child process and sample the peak memory of its process tree."""
    process = subprocess.Popen(
        [sys.executable, __file__, "--run", engine], stdout=subprocess.PIPE, text=True, cwd=HERE.parent
    )
    peak = 0

    def sample():
        nonlocal peak
        while process.poll() is None:
            peak = max(peak, _tree_rss_kb(process.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    out, _ = process.communicate()
    sampler.join()
    if process.returncode != 0:
        return {"engine": engine, "error": "exit code {}".format(process.returncode)}
    result = json.loads(out.strip().splitlines()[-1])
    result["tree_peak_mb"] = peak / 1024
    return result


def compare(engines: list[str]) -> dict[str, bool]:
    """Each engine's result versus DuckDB raw SQL's, after casting to one schema."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([("area", pa.int32()), ("year", pa.int32()), ("type", pa.int16()), ("count", pa.int64())])
    tables = {e: pq.read_table(OUTPUT / "{}.parquet".format(e)).select(schema.names).cast(schema) for e in engines}
    reference = tables["duckdb-sql"]
    return {engine: table.equals(reference) for engine, table in tables.items()}


def summarise(runs: list[dict]) -> list[dict]:
    """Per engine: median and minimum time over the repetitions, the largest peaks."""
    summary = []
    for engine in dict.fromkeys(r["engine"] for r in runs):
        ok = [r for r in runs if r["engine"] == engine and "error" not in r]
        if not ok:
            summary.append({"engine": engine, "error": next(r["error"] for r in runs if r["engine"] == engine)})
            continue
        times = [r["seconds"] for r in ok]
        summary.append({
            "engine": engine,
            "runs": len(ok),
            "median": float(np.median(times)),
            "min": min(times),
            "max": max(times),
            "setup": float(np.median([r["setup_seconds"] for r in ok])),
            "tree_peak_mb": max(r["tree_peak_mb"] for r in ok),
            "python_maxrss_mb": max(r["python_maxrss_mb"] for r in ok),
        })
    return summary


def report(summary: list[dict], identical: dict[str, bool], load: list[float]) -> str:
    import duckdb
    import ibis
    import pandas
    import pyarrow

    versions = "duckdb {}, ibis {} (sqlglot {}), pandas {}, pyarrow {}".format(
        duckdb.__version__, ibis.__version__, __import__("sqlglot").__version__, pandas.__version__,
        pyarrow.__version__,
    )
    try:
        import pyspark

        versions += ", pyspark {} on {}".format(pyspark.__version__, subprocess.run(
            ["java", "-version"], capture_output=True, text=True, check=True).stderr.splitlines()[0])
    except ImportError:
        pass
    size = sum(p.stat().st_size for p in INPUT.glob("*.parquet")) / 1e6
    base = next(r for r in summary if r["engine"] == "duckdb-sql")
    lines = [
        "# National aggregation benchmark",
        "",
        "Machine: {}, {} CPUs, load average {:.1f} to {:.1f} during the runs (other work on the machine); "
        "Python {}; {}.".format(platform.platform(), os.cpu_count(), min(load), max(load),
                                platform.python_version(), versions),
        "Data: {:,} areas x {} months x {} types = {:,} rows in {} Parquet files ({:.0f} MB, sorted by area, "
        "month, type; seeded Poisson counts, seed {}). Result: area x year x type = {:,} rows, sorted.".format(
            AREAS, MONTHS, TYPES, AREAS * MONTHS * TYPES, len(list(INPUT.glob("*.parquet"))), size, SEED,
            AREAS * MONTHS // 12 * TYPES),
        ("Command: `.venv/bin/python benchmarks/bench_national_aggregation.py` (each run a fresh process, engines "
        "interleaved; DuckDB memory_limit=3GB, threads=2; Spark local[2], driver memory 3g)."),
        "",
        ("| engine | runs | aggregation, median (min-max) s | ratio to DuckDB raw (median / min) | set-up (s) "
        "| peak RSS, process tree (MB) | ru_maxrss Python (MB) | identical to DuckDB raw |"),
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in summary:
        if "error" in r:
            lines.append("| {} | 0 | failed: {} | | | | | |".format(r["engine"], r["error"]))
            continue
        lines.append("| {} | {} | {:.2f} ({:.2f}-{:.2f}) | {:.2f}x / {:.2f}x | {:.2f} | {:.0f} | {:.0f} | {} |".format(
            r["engine"], r["runs"], r["median"], r["min"], r["max"], r["median"] / base["median"],
            r["min"] / base["min"], r["setup"], r["tree_peak_mb"], r["python_maxrss_mb"],
            "yes" if identical.get(r["engine"]) else "NO"))
    ibis_duckdb = next((r for r in summary if r["engine"] == "ibis-duckdb" and "error" not in r), None)
    peaks = [r["tree_peak_mb"] for r in summary if "error" not in r and r["engine"] != "ibis-pyspark"]
    if ibis_duckdb:
        ratio = ibis_duckdb["median"] / base["median"]
        lines += ["", "Goal Ibis on DuckDB <= 1.2x DuckDB raw: {} ({:.2f}x on the median).".format(
            "met" if ratio <= 1.2 else "NOT met", ratio)]
    lines += [
        "Goal peak memory <= 4 GB on one machine (DuckDB, pandas): {} (largest {:.0f} MB).".format(
            "met" if max(peaks) <= MEMORY_GOAL_MB else "NOT met", max(peaks)),
        ("Set-up: imports and connection, and for Spark the start of the session (JVM); not in the aggregation "
        "time. Results are compared after casting to one schema (area int32, year int32, type int16, count int64)."),
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default=",".join(ENGINES), help="comma-separated, from: " + ", ".join(ENGINES))
    parser.add_argument("--run", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("--regenerate", action="store_true", help="write the input data again")
    parser.add_argument("--repeat", type=int, default=3, help="runs per engine (default 3)")
    args = parser.parse_args()
    if args.run:
        print("\n" + json.dumps(run_engine(args.run)))
        return
    engines = [e for e in args.engines.split(",") if e]
    unknown = set(engines) - set(ENGINES)
    if unknown:
        parser.error("unknown engine(s) {}; valid: {}".format(", ".join(sorted(unknown)), ", ".join(ENGINES)))
    if "duckdb-sql" not in engines:
        engines.insert(0, "duckdb-sql")  # the reference of every ratio and comparison
    if args.regenerate or not list(INPUT.glob("*.parquet")):
        started = time.perf_counter()
        generate()
        print("generated {} rows in {:.1f} s".format(AREAS * MONTHS * TYPES, time.perf_counter() - started))
    runs, load = [], []
    for _ in range(args.repeat):
        for engine in engines:
            result = measure(engine)
            load.append(os.getloadavg()[0])
            print(json.dumps(result), flush=True)
            runs.append(result)
    summary = summarise(runs)
    identical = compare([r["engine"] for r in summary if "error" not in r])
    text = report(summary, identical, load)
    RESULTS.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
