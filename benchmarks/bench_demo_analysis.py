"""Benchmark: ``run_analysis`` on the demo gemeente Voorbeeldstad, against the goal of under 60 s.

    .venv/bin/python benchmarks/bench_demo_analysis.py [--repeat 3] [--workers 2] [--home /tmp/bench-demo]

Builds Voorbeeldstad (``demo --no-serve --seed 2024``: 150 buurten, ten years of monthly registrations) into a
fresh SQLite home folder (a temporary one unless ``--home`` names one that holds the build already), then times
:func:`veiligheidsbeeld.analyses.services.run_analysis` of the whole gemeente ``--repeat`` times with the hot spot
statistics in ``--workers`` processes: the second run of ``analyses/tests/test_demo_patterns.py``, whose
"under 60 s" assertion moved here (issue 22: no timing in tests). Prints a Markdown table with the machine's
load average, so that results from a busy machine can be read as such.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
GOAL_SECONDS = 60.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--home", type=Path, help="Home folder (kept); default a temporary one.")
    args = parser.parse_args()
    folder = args.home or Path(tempfile.mkdtemp(prefix="vb-bench-demo-"))
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["VEILIGHEIDSBEELD_HOME"] = str(folder)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veiligheidsbeeld.conf.base")
    import logging

    import django
    from django.core.management import call_command

    django.setup()
    logging.disable(logging.INFO)
    call_command("migrate", verbosity=0)
    from veiligheidsbeeld.analyses.services import run_analysis
    from veiligheidsbeeld.core.models import Gemeente

    gemeente = Gemeente.objects.filter(code="GM9999").first()
    if gemeente is None:
        start = time.perf_counter()
        with open(os.devnull, "w") as quiet:
            call_command("demo", "--no-serve", "--json", "--seed", "2024", stdout=quiet)
        print("demo built in {:.1f} s".format(time.perf_counter() - start), file=sys.stderr)
        gemeente = Gemeente.objects.get(code="GM9999")
    load_before = os.getloadavg()
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        run_analysis(gemeente, workers=args.workers)
        times.append(time.perf_counter() - start)
        print("run_analysis: {:.1f} s".format(times[-1]), file=sys.stderr)
    load_after = os.getloadavg()
    print("| run_analysis on Voorbeeldstad ({} workers, {} runs) | min s | median s | goal | load before / after |"
          .format(args.workers, args.repeat))
    print("|---|---:|---:|---:|---|")
    print("| whole gemeente, all themes | {:.1f} | {:.1f} | < {:.0f} s: {} | {:.2f} / {:.2f} |".format(
        min(times), statistics.median(times), GOAL_SECONDS, "met" if min(times) < GOAL_SECONDS else "NOT met",
        load_before[0], load_after[0]))


if __name__ == "__main__":
    main()
