"""Benchmark: a national StatLine website CSV (all gemeenten, 3 periods) imported over every gemeente (issue 13).

    .venv/bin/python benchmarks/bench_import_national.py [--repeat 3]

The register is the national one: 342 gemeenten with Nederland and the 12 provincies, plus every wijk and buurt of
the country (about 18,000 areas, all in the resolver's index), read from ``../shared/data`` (47018NED region file)
when present, else generated (342 gemeenten "Gemeente 000".. with 10 wijken and 40 buurten each). The file is
generated in the website layout of 47013NED: title, fixed dimension, empty line, three header lines (Onderwerp,
Perioden with 2021, 2022, 2023*, units), Nederland, the 12 provincies and 342 gemeenten as rows with their level
suffix, the ``Bron: CBS`` footer; 1,065 figures.

Timed (best of ``--repeat``, the batch removed between repeats, not timed):

- **import**: ``call_command("import", "statline-csv", FILE, "--json")`` in one process: resolver index, reading
  the layout, resolving 355 labels, distributing 1,065 registrations to 355 areas in one batch, cube, audit;
- **cli**: the same as one ``veiligheidsbeeld import statline-csv FILE --json`` process (Python and Django start
  included), once, beside the start-up alone (``--help``).

Writes ``benchmarks/results/import-national.md``. Target (issue 13): under 5 s.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
RESULTS = REPO / "benchmarks" / "results" / "import-national.md"
REGIONS = REPO.parent / "shared" / "data" / "groningen" / "politie-47018-buurt-2023-groningen" / (
    "47018NED_WijkenEnBuurten.csv")


def register() -> str:
    """Fill the national register; returns where it came from."""
    from django.core.management import call_command

    from veiligheidsbeeld.areas.models import Area
    from veiligheidsbeeld.core.models import Gemeente

    if REGIONS.exists():
        call_command("areas", "import", "regions", str(REGIONS), stdout=io.StringIO())
        year = Area.objects.filter(level="gemeente").values_list("year", flat=True).first()
        gemeenten = {a.code: a for a in Area.objects.filter(level="gemeente", year=year)}
        with open(REGIONS, encoding="utf-8-sig", newline="") as handle:
            rows = [(r["Key"].strip(), r["Title"].strip()) for r in csv.DictReader(handle)
                    if "GM" + r["Key"].strip()[2:6] in gemeenten]
        Area.objects.bulk_create([Area(gemeente_id=gemeenten["GM" + c[2:6]].gemeente_id, code=c, name=n, level="wijk",
                                       year=year, parent=gemeenten["GM" + c[2:6]]) for c, n in rows
                                  if c.startswith("WK")], batch_size=2000)
        wijken = {a.code: a for a in Area.objects.filter(level="wijk", year=year)}
        Area.objects.bulk_create([Area(gemeente_id=wijken["WK" + c[2:8]].gemeente_id, code=c, name=n, level="buurt",
                                       year=year, parent=wijken["WK" + c[2:8]]) for c, n in rows
                                  if c.startswith("BU")], batch_size=2000)
        return "the real national register (47018NED region file, indeling {})".format(year)
    Area.objects.create(gemeente=None, code="NL00", name="Nederland", level="land", year=2024)
    for i in range(12):
        Area.objects.create(gemeente=None, code="PV{}".format(20 + i), name="Provincie {:02d}".format(i),
                            level="provincie", year=2024)
    for g in range(342):
        code = "GM{:04d}".format(g + 1)
        gemeente = Gemeente.objects.create(code=code, name="Gemeente {:03d}".format(g))
        top = Area.objects.create(gemeente=gemeente, code=code, name=gemeente.name, level="gemeente", year=2024)
        for w in range(10):
            wijk = Area.objects.create(gemeente=gemeente, code="WK{}{:02d}".format(code[2:], w),
                                       name="Wijk {:02d} Centrum".format(w), level="wijk", year=2024, parent=top)
            Area.objects.bulk_create([Area(gemeente=gemeente, code="BU{}{:02d}{:02d}".format(code[2:], w, b),
                                           name="Buurt {}".format(b), level="buurt", year=2024, parent=wijk)
                                      for b in range(4)])
    return "a generated register (342 gemeenten x 10 wijken x 4 buurten)"


def website() -> str:
    from veiligheidsbeeld.areas.models import Area

    labels = ["Nederland"] + ["{} (PV)".format(n) for n in Area.objects.filter(level="provincie")
                              .order_by("code").values_list("name", flat=True)]
    labels += ["{} (gemeente)".format(n) for n in Area.objects.filter(level="gemeente").order_by("name")
               .values_list("name", flat=True)]
    out = ['"Geregistreerde misdrijven; soort misdrijf, regio"', '"Soort misdrijf: Totaal misdrijven"', "",
           '"Onderwerp";"Geregistreerde misdrijven";"Geregistreerde misdrijven";"Geregistreerde misdrijven"',
           '"Perioden";"2021";"2022";"2023*"', '"Regio\'s";"aantal";"aantal";"aantal"']
    for i, label in enumerate(labels):
        out.append('"{}";"{}";"{}";"{}"'.format(label, "{}.{:03d}".format(1 + i % 9, i % 1000), 1000 + i, 7 * i))
    out.append('"Bron: CBS"')
    return "\r\n".join(out) + "\r\n"


def clear() -> None:
    from veiligheidsbeeld.registrations.models import CubeCell, ImportBatch, Registration

    Registration.objects.all().delete()
    CubeCell.objects.all().delete()
    ImportBatch.objects.all().delete()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        os.environ["DATABASE_URL"] = "sqlite:///{}".format(folder / "bench.sqlite3")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veiligheidsbeeld.conf.base")
        os.environ.setdefault("VEILIGHEIDSBEELD_HOME", str(folder))
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        source = register()
        from veiligheidsbeeld.areas.models import Area

        areas = Area.objects.count()
        path = folder / "47013NED_national.csv"
        path.write_text(website(), encoding="utf-8-sig")
        times, summary = [], None
        for _ in range(args.repeat):
            clear()
            out = io.StringIO()
            start = time.perf_counter()
            call_command("import", "statline-csv", str(path), "--json", stdout=out, stderr=io.StringIO())
            times.append(time.perf_counter() - start)
            summary = json.loads(out.getvalue())
        clear()
        start = time.perf_counter()
        process = subprocess.run([str(REPO / ".venv" / "bin" / "veiligheidsbeeld"), "import", "statline-csv",
                                  str(path), "--json"], capture_output=True, text=True, env=os.environ.copy())
        cli = time.perf_counter() - start
        if process.returncode:
            raise SystemExit(process.stderr)
        size = path.stat().st_size
        start = time.perf_counter()
        subprocess.run([str(REPO / ".venv" / "bin" / "veiligheidsbeeld"), "import", "statline-csv", "--help"],
                       capture_output=True, text=True, env=os.environ.copy(), check=True)
        startup = time.perf_counter() - start
        load = os.getloadavg()[0]
    gemeenten = sum(1 for code in summary["by_gemeente"] if code.startswith("GM"))
    lines = [
        "# Import of a national StatLine website CSV over every gemeente",
        "",
        "`{}` on {} ({}, Python {}, SQLite); register: {} ({:,} areas). File: 47013NED website layout, Nederland, "
        "12 provincies and 342 gemeenten x 3 periods, {:,} bytes.".format(
            " ".join(["benchmarks/bench_import_national.py"] + sys.argv[1:]), platform.node() or "host",
            platform.machine(), platform.python_version(), source, areas, size),
        "",
        "| measure | rows | accepted | gemeenten | out of scope | seconds |",
        "|---|---:|---:|---:|---:|---:|",
        "| import, in process (best of {}) | {:,} | {:,} | {} | {:,} | {:.2f} |".format(
            args.repeat, summary["rows"], summary["accepted"], gemeenten, summary["out_of_scope"], min(times)),
        "| `veiligheidsbeeld import statline-csv FILE --json` (one process, start-up included) | {:,} | {:,} | {} "
        "| {:,} | {:.2f} |".format(summary["rows"], summary["accepted"], gemeenten, summary["out_of_scope"], cli),
        "| start-up alone: `veiligheidsbeeld import statline-csv --help` | | | | | {:.2f} |".format(startup),
        "",
        "Load average (1 min) at the end: {:.1f} on {} cores (a shared machine; the start-up dominates the one-process "
        "figure). Target (issue 13): under 5 s for the import.".format(load, os.cpu_count()),
    ]
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
