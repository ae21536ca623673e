"""Benchmark: the full PDF Veiligheidsbeeld of the demo gemeente (overview, all priorities, all wijk profiles).

    VEILIGHEIDSBEELD_HOME=/tmp/bench-report .venv/bin/veiligheidsbeeld demo --no-serve   # once, about 1 minute
    VEILIGHEIDSBEELD_HOME=/tmp/bench-report .venv/bin/python benchmarks/bench_report.py [--repeat 3]

Times :func:`veiligheidsbeeld.reports.services.generate_report` with ``fmt="pdf"`` on the newest run of the demo
gemeente (GM9999, fictitious: 20 wijken, ten years of monthly registrations) ``--repeat`` times, then once per
stage (figures from the run, document with disclosure control, charts and maps, HTML, WeasyPrint PDF). Goal:
at most 30 s per report. Prints a Markdown table with the machine's load (load average, CPU count and a
calibration loop) so that results from a busy machine can be read as such. Each run stores a report in the
benchmark's home folder, never in the repository.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
GOAL_SECONDS = 30.0


def _calibration() -> float:
    """Seconds for an empty Python loop of 10**7 iterations (about 0.3 s on an idle machine of this kind)."""
    start = time.perf_counter()
    for _ in range(10**7):
        pass
    return time.perf_counter() - start


def _pages(path: str) -> str:
    try:
        info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--gemeente", default="GM9999")
    args = parser.parse_args()
    if not os.environ.get("VEILIGHEIDSBEELD_HOME"):
        raise SystemExit("set VEILIGHEIDSBEELD_HOME to the folder of a demo build (see the module docstring)")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veiligheidsbeeld.conf.base")
    import django

    django.setup()
    from veiligheidsbeeld.analyses.queries import latest_run
    from veiligheidsbeeld.core.disclosure import policy_from_settings
    from veiligheidsbeeld.core.models import Gemeente
    from veiligheidsbeeld.reports.document import build_document, render_html, render_pdf
    from veiligheidsbeeld.reports.services import generate_report, resolve_figures

    gemeente = Gemeente.objects.filter(code=args.gemeente).first()
    run = latest_run(gemeente) if gemeente else None
    if run is None:
        raise SystemExit("{}: no gemeente with a finished run in {}; build the demo first".format(
            args.gemeente, os.environ["VEILIGHEIDSBEELD_HOME"]))
    load_before, calibration = os.getloadavg(), _calibration()
    timings, cpu_times, report = [], [], None
    for _ in range(args.repeat):
        start, cpu_start = time.perf_counter(), time.process_time()
        report = generate_report(resolve_figures(run=run), fmt="pdf")
        timings.append(time.perf_counter() - start)
        cpu_times.append(time.process_time() - cpu_start)  # this process's CPU: less sensitive to the load
    stages = {}
    start = time.perf_counter()
    figures = resolve_figures(run=run)
    stages["figures from the run"] = time.perf_counter() - start
    start = time.perf_counter()
    document = build_document(figures, policy_from_settings())
    stages["document (disclosure control, changes, charts and maps as SVG, analysis results)"] = (
        time.perf_counter() - start)
    start = time.perf_counter()
    html = render_html(document)
    stages["HTML template"] = time.perf_counter() - start
    start = time.perf_counter()
    render_pdf(html)
    stages["PDF (WeasyPrint)"] = time.perf_counter() - start
    load_after = os.getloadavg()

    print("| run | gemeente | wijken | pages | PDF size (MB) | seconds | CPU seconds |")
    print("|---|---|---:|---:|---:|---:|---:|")
    size = Path(report.file.path).stat().st_size / 1e6
    for i, (seconds, cpu) in enumerate(zip(timings, cpu_times), 1):
        print("| {} | {} | {} | {} | {:.1f} | {:.1f} | {:.1f} |".format(
            i, gemeente.code, len(figures.wijken), _pages(report.file.path), size, seconds, cpu))
    best, worst = min(timings), max(timings)
    print("\nbest {:.1f} s, worst {:.1f} s; goal <= {:.0f} s: {}".format(
        best, worst, GOAL_SECONDS, "met" if worst <= GOAL_SECONDS else "NOT met"))
    print("\n| stage (one extra run) | seconds |\n|---|---:|")
    for name, seconds in stages.items():
        print("| {} | {:.1f} |".format(name, seconds))
    print("\nmachine: {} CPUs, Python {}, load average before {:.2f} / after {:.2f} (1 min); calibration loop "
          "(10^7 empty iterations) {:.2f} s; run {} (data hash {})".format(
              os.cpu_count(), platform.python_version(), load_before[0], load_after[0], calibration, run.pk,
              run.data_hash[:12]))


if __name__ == "__main__":
    main()
