"""Benchmark: the national area register, national wijk boundaries and a generated postcode file.

    VEILIGHEIDSBEELD_HOME=/tmp/bench-areas .venv/bin/python benchmarks/bench_area_register.py [--addresses 1000000]

On an empty database in ``VEILIGHEIDSBEELD_HOME`` (created and migrated; delete the folder between runs) times,
each as parse + import through the services:

1. ``areas import regions 47018NED_WijkenEnBuurten.csv`` without ``--gemeente`` (the national register, from
   ``../shared/data``: 18,313 region rows, 342 gemeenten);
2. ``areas import boundaries wijken_2024.geojson --level wijk --year 2024`` (3,475 PDOK wijken, all gemeenten);
3. ``areas import postcodes`` of a generated file in the official layout with ``--addresses`` rows (the real
   file has about 9 million addresses; it is not in ``../shared/data``), then importing it a second time.

Prints a Markdown table with the machine's load (load average and a calibration loop).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))


def _calibration() -> float:
    """Seconds for an empty Python loop of 10**7 iterations (about 0.3 s on an idle machine of this kind)."""
    start = time.perf_counter()
    for _ in range(10**7):
        pass
    return time.perf_counter() - start


def _postcode_file(path: Path, addresses: int) -> None:
    rng = random.Random(13)
    with path.open("w", encoding="utf-8") as handle:
        handle.write("PC6;Huisnummer;Buurt2024;Wijk2024;Gemeente2024\n")
        for number in range(addresses):
            gemeente = rng.randint(1, 1999)
            wijk, buurt = rng.randint(0, 9), rng.randint(0, 9)
            pc4 = 1000 + (gemeente * 4 + wijk) % 9000
            handle.write("{:04d}AB;{};{:04d}{:02d}{:02d};{:04d}{:02d};{:04d}\n".format(
                pc4, number, gemeente, wijk, buurt, gemeente, wijk, gemeente))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addresses", type=int, default=1_000_000)
    args = parser.parse_args()
    if not os.environ.get("VEILIGHEIDSBEELD_HOME"):
        raise SystemExit("set VEILIGHEIDSBEELD_HOME to an empty folder (see the module docstring)")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veiligheidsbeeld.conf.base")
    import django

    django.setup()
    from django.core.management import call_command

    from veiligheidsbeeld.areas import parsers, services
    from veiligheidsbeeld.testing import require_shared_data

    call_command("migrate", verbosity=0)
    regions = require_shared_data("groningen", "politie-47018-buurt-2023-groningen", "47018NED_WijkenEnBuurten.csv")
    wijken = require_shared_data("nl", "pdok-cbs-wijken-gemeenten-geojson", "wijken_2024.geojson")
    calibration, load = _calibration(), os.getloadavg()
    rows = []

    start = time.perf_counter()
    national = parsers.parse_national_regions(regions)
    result = services.import_national_regions(national, year=2024, source=regions.name)
    rows.append(("national register (47018NED, 18,313 rows)", result, time.perf_counter() - start))

    start = time.perf_counter()
    boundary_file = parsers.parse_boundaries(wijken, "wijk")
    result = services.import_boundaries(boundary_file.records, level="wijk", year=2024, source=wijken.name,
                                        properties=boundary_file.properties)
    rows.append(("national wijk boundaries (3,475 features)", result, time.perf_counter() - start))

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pc6hnr20240801_gwb.csv"
        _postcode_file(path, args.addresses)
        for attempt in ("first", "again"):
            start = time.perf_counter()
            records = parsers.parse_postcodes(path, 2024)
            parsed = time.perf_counter() - start
            result = services.import_postcodes(records, year=2024, source=path.name)
            rows.append(("postcodes, {:,} addresses ({}; parse {:.1f} s)".format(args.addresses, attempt, parsed),
                         result, time.perf_counter() - start))

    print("load average {:.1f} {:.1f} {:.1f}; calibration loop {:.2f} s (about 0.3 s idle)".format(*load, calibration))
    print()
    print("| step | created | updated | unchanged | seconds |")
    print("|---|---:|---:|---:|---:|")
    for what, result, seconds in rows:
        print("| {} | {:,} | {:,} | {:,} | {:.1f} |".format(what, result.created, result.updated, result.unchanged,
                                                          seconds))


if __name__ == "__main__":
    main()
