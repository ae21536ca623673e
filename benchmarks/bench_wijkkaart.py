"""Benchmark: the wijkkaart (issue 20) of every wijk of the demo gemeente, its one-pager and its area groups.

    VEILIGHEIDSBEELD_HOME=/tmp/bench-wijkkaart .venv/bin/veiligheidsbeeld demo --no-serve   # once, about 1 minute
    VEILIGHEIDSBEELD_HOME=/tmp/bench-wijkkaart .venv/bin/python benchmarks/bench_wijkkaart.py [--repeat 2]

Times :func:`veiligheidsbeeld.reports.wijkkaart.generate_wijkkaart` (figures, map and sparklines, WeasyPrint
PDF, storing, audit) per subject in one process: the first one in a fresh process (cold: the run's arrays are
read into memory, vl-convert and WeasyPrint start) and the rest warm, as in a web worker. Goal: under 5 s each,
one A4 page each (pdfinfo). Prints a Markdown table and the machine's load (as ``bench_report.py``).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))
GOAL_SECONDS = 5.0


def main() -> None:
    from bench_report import _calibration, _pages

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--gemeente", default="GM9999")
    args = parser.parse_args()
    if not os.environ.get("VEILIGHEIDSBEELD_HOME"):
        raise SystemExit("set VEILIGHEIDSBEELD_HOME to the folder of a demo build (see the module docstring)")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veiligheidsbeeld.conf.base")
    import django

    django.setup()
    from veiligheidsbeeld.areas.models import Area, AreaGroup, AreaLevel
    from veiligheidsbeeld.core.models import Gemeente
    from veiligheidsbeeld.reports.wijkkaart import generate_wijkkaart, resolve_subject

    gemeenten = Gemeente.objects.filter(code=args.gemeente)
    if not gemeenten.exists():
        raise SystemExit("{}: not in {}; build the demo first".format(args.gemeente, os.environ["VEILIGHEIDSBEELD_HOME"]))
    gemeente = gemeenten.get()
    codes = [w.code for w in Area.objects.current(gemeente).filter(level=AreaLevel.WIJK).order_by("code")]
    codes += [gemeente.code] + ["{}/{}".format(gemeente.code, g.slug) for g in AreaGroup.objects.filter(gemeente=gemeente)]
    load_before, calibration = os.getloadavg(), _calibration()
    rows = []
    for repeat in range(args.repeat):
        for code in codes:
            start = time.perf_counter()
            report = generate_wijkkaart(resolve_subject(gemeenten, code))
            rows.append((repeat + 1, code, time.perf_counter() - start, _pages(report.file.path)))
    load_after = os.getloadavg()
    print("| pass | subject | pages | seconds |\n|---:|---|---:|---:|")
    for repeat, code, seconds, pages in rows:
        print("| {} | {} | {} | {:.2f} |".format(repeat, code, pages, seconds))
    warm = sorted(seconds for _r, _c, seconds, _p in rows[1:])
    print("\nfirst (cold process) {:.2f} s; warm: median {:.2f} s, worst {:.2f} s over {} wijkkaarten; goal < {:.0f} s: {}"
          .format(rows[0][2], warm[len(warm) // 2], warm[-1], len(warm), GOAL_SECONDS,
                  "met" if max(s for _r, _c, s, _p in rows) < GOAL_SECONDS else "NOT met (see cold/warm)"))
    print("pages other than 1: {}".format([c for _r, c, _s, p in rows if p != "1"] or "none"))
    print("\nmachine: {} CPUs, Python {}, load average before {:.2f} / after {:.2f} (1 min); calibration loop "
          "(10^7 empty iterations) {:.2f} s".format(os.cpu_count(), platform.python_version(), load_before[0],
                                                     load_after[0], calibration))


if __name__ == "__main__":
    main()
