"""Benchmark: reading a StatLine website CSV download (issue 13), national size.

    .venv/bin/python benchmarks/bench_import_statline_website.py [--repeat 3] [--regions 18000]

Two files in the exact website layout (title, fixed dimension, header block with periods as columns, units line,
``Bron: CBS`` footer), generated here with invented figures:

- **national**: Nederland, 12 provincies and 342 gemeenten, 3 periods (1,065 figures), the size of a national
  misdrijven table per gemeente;
- **large**: ``--regions`` region rows (default 18,000, about every wijk and buurt of the country), 3 periods.

For each it times, best of ``--repeat``:

- **parse**: the layout detection and the melt into long rows (:func:`read_layout` and the importer's row
  stream), no database;
- **import**: ``veiligheidsbeeld import statline-csv FILE`` (no ``--gemeente``: every figure to its own area's
  gemeente, Nederland and the provincies without one) on a migrated SQLite database holding a national register
  of Nederland, 12 provincies and 342 gemeenten (gemeente level), a dry run (everything done, then rolled back,
  so every repeat does the same work). In the large file the 17,999 other regions are not registered: counted
  out of scope.

Writes ``benchmarks/results/import-statline-website.md``.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
RESULTS = REPO / "benchmarks" / "results" / "import-statline-website.md"


def website(regions: list[str]) -> str:
    out = ['"Geregistreerde misdrijven; soort misdrijf, regio"', '"Soort misdrijf: Totaal misdrijven"', "",
           '"Onderwerp";"Geregistreerde misdrijven";"Geregistreerde misdrijven";"Geregistreerde misdrijven"',
           '"Perioden";"2021";"2022";"2023*"', '"Regio\'s";"aantal";"aantal";"aantal"']
    for i, region in enumerate(regions):
        out.append('"{}";"{}";"{}";"{}"'.format(region, 1000 + i, "{}.{:03d}".format(1 + i % 9, i % 1000), "x"
                                                 if i % 97 == 0 else 7 * i))
    out.append('"Bron: CBS"')
    return "\r\n".join(out) + "\r\n"


def setup_database(folder: Path) -> None:
    os.environ["DATABASE_URL"] = "sqlite:///{}".format(folder / "bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veiligheidsbeeld.conf.base")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from veiligheidsbeeld.areas.models import Area
    from veiligheidsbeeld.core.models import Gemeente

    Area.objects.create(gemeente=None, code="NL00", name="Nederland", level="land", year=2024)
    for i in range(12):
        Area.objects.create(gemeente=None, code="PV{}".format(20 + i), name="Provincie {:02d}".format(i),
                            level="provincie", year=2024)
    for i in range(342):
        code, name = ("GM0014", "Groningen") if i == 341 else ("GM{:04d}".format(9000 + i), "Gemeente {:03d}".format(i))
        gemeente = Gemeente.objects.create(code=code, name=name)
        Area.objects.create(gemeente=gemeente, code=code, name=name, level="gemeente", year=2024)


def best(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--regions", type=int, default=18_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        setup_database(folder)
        from django.core.management import call_command

        from veiligheidsbeeld.core.models import Gemeente
        from veiligheidsbeeld.registrations.importers.statline_csv import StatlineCsvImporter

        national = ["Nederland"] + ["Provincie {:02d} (PV)".format(i) for i in range(12)] + [
            "Gemeente {:03d} (gemeente)".format(i) for i in range(341)] + ["Groningen (gemeente)"]
        large = ["Groningen (gemeente)"] + ["Buurt {:05d}".format(i) for i in range(args.regions - 1)]
        rows = []
        gemeente = Gemeente.objects.get(code="GM0014")
        for label, regions in (("national", national), ("large", large)):
            path = folder / "47013NED_{}.csv".format(label)
            path.write_text(website(regions), encoding="utf-8-sig")

            def parse():
                importer = StatlineCsvImporter(gemeente=gemeente, table="47013NED")
                importer.path = path
                table = importer.open_table(path, None)
                return sum(1 for _ in table.rows)

            figures = parse()

            def run_import():
                call_command("import", "statline-csv", str(path), "--dry-run", "--json",
                             stdout=io.StringIO(), stderr=io.StringIO())

            rows.append((label, len(regions), figures, path.stat().st_size, best(parse, args.repeat),
                         best(run_import, args.repeat)))
    lines = [
        "# Import of a StatLine website CSV (national size)",
        "",
        "`{}` on {} ({}, Python {}); best of {}. Files generated in the website layout (3 periods as columns, "
        "regions as rows); the import is a dry run on SQLite over a national register (Nederland, 12 provincies, "
        "342 gemeenten), without --gemeente.".format(
            " ".join(["benchmarks/bench_import_statline_website.py"] + sys.argv[1:]), platform.node() or "host",
            platform.machine(), platform.python_version(), args.repeat),
        "",
        "| file | regions | figures | bytes | parse (s) | figures/s | import (s) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for label, regions, figures, size, parse_s, import_s in rows:
        lines.append("| {} | {:,} | {:,} | {:,} | {:.3f} | {:,.0f} | {:.2f} |".format(
            label, regions, figures, size, parse_s, figures / parse_s, import_s))
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
