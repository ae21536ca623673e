"""Benchmark and evidence: linked-table disclosure control of the demo, and the LP attack on every hidden cell.

    VEILIGHEIDSBEELD_HOME=/tmp/bench-disclosure .venv/bin/veiligheidsbeeld demo --no-serve   # once, about 1 minute
    VEILIGHEIDSBEELD_HOME=/tmp/bench-disclosure .venv/bin/python benchmarks/bench_disclosure_attack.py [--sample N]

For the newest run of the demo gemeente (GM9999) and the installation's policy: times the protection of the
last 12-month window (:func:`veiligheidsbeeld.dashboard.published.published_window`, not cached), reports the
information loss (hidden cells by level, secondary cells of 5 or more, hidden gemeente figures), then runs the LP
attacker of ``core/tests/attacker.py`` with every relation of the linked table (gemeente = wijken + remainder,
wijk = buurten + remainder, group = its themes, priority = its distinct themes, all = the groups) on every
hidden cell (or ``--sample N`` of them, always including every gemeente and wijk cell) and prints how many it
recovers (``--no-attack``: the loss only, in seconds). Prints Markdown; results go to ``benchmarks/results/disclosure-attack.md``.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=0, help="attack this many buurt cells (0: all)")
    parser.add_argument("--no-attack", action="store_true", help="report the information loss only (no LP attack)")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veiligheidsbeeld.conf.base")
    import django

    django.setup()
    from veiligheidsbeeld.analyses.indicators import run_arrays
    from veiligheidsbeeld.analyses.models import AnalysisRun
    from veiligheidsbeeld.core.disclosure import policy_from_settings
    from veiligheidsbeeld.core.models import Gemeente
    from veiligheidsbeeld.core.tests.attacker import Attacker
    from veiligheidsbeeld.dashboard import published
    from veiligheidsbeeld.dashboard.sections import sections_for, theme_tree

    gemeente = Gemeente.objects.get(code="GM9999")
    run = AnalysisRun.objects.latest_for(gemeente)
    run_arrays(run)  # loaded once per process, not part of the protection
    policy = policy_from_settings()
    tree = theme_tree()
    sections = sections_for(gemeente, tree)
    start = time.perf_counter()
    window = published._build(run, run.last_month, policy, sections, tree)
    seconds = time.perf_counter() - start
    areas, _themes, _columns, column_children, links = published._structure(run, sections, tree)
    by_pk = {a.pk: a for a in areas}
    counts, hidden = window.counts, window.hidden
    n_rows, n_cols = counts.shape
    names = {j: key for key, j in window.columns.items()}
    print("# Linked-table disclosure control of the demo ({}, run #{}, window ending {:%Y-%m})\n".format(
        gemeente.code, run.pk, run.last_month))
    print("| measure | value |\n|---|---|")
    print("| protection time (s) | {:.2f} |".format(seconds))
    print("| cells (rows x columns) | {} x {} |".format(n_rows, n_cols))
    print("| primary (1-4) | {} |".format(int(((counts > 0) & (counts < policy.threshold)).sum())))
    print("| hidden in all | {} |".format(int(hidden.sum())))
    for level, rows in window.levels.items():
        print("| hidden, {} | {} of {} |".format(level, int(hidden[rows].sum()), hidden[rows].size))
    print("| secondary cells of 5 or more | {} |".format(int((hidden & (counts >= policy.threshold)).sum())))
    root = window.root
    print("| hidden gemeente figures | {} |".format(", ".join(
        "{} ({})".format(names[j][1] or "all", int(counts[root, j])) for j in range(n_cols) if hidden[root, j])))
    print("| hidden gemeente figures of {} or more | {} |".format(policy.threshold, ", ".join(
        "{} ({})".format(names[j][1] or "all", int(counts[root, j])) for j in range(n_cols)
        if hidden[root, j] and counts[root, j] >= policy.threshold) or "none"))
    if args.no_attack:
        return
    attacker = Attacker()
    for i in range(n_rows):
        for j in range(n_cols):
            if not hidden[i, j]:
                attacker.know((i, j), counts[i, j])
    children: dict[int, list[int]] = {}
    for key, i in window.rows.items():
        if isinstance(key, tuple):
            children.setdefault(window.rows[key[1]], []).append(i)
        elif by_pk[key].parent_id in by_pk:
            children.setdefault(window.rows[by_pk[key].parent_id], []).append(i)
    for parent, kids in children.items():
        for j in range(n_cols):
            attacker.sum_of((parent, j), [(k, j) for k in kids])
    for parent, kids in column_children.items():
        for i in range(n_rows):
            attacker.sum_of((i, parent), [(i, k) for k in kids])
    cells = [(int(i), int(j)) for i, j in zip(*hidden.nonzero())]
    if args.sample:
        upper = set(window.levels["gemeente"]) | set(window.levels["wijk"])
        rest = [c for c in cells if c[0] not in upper]
        random.Random(1).shuffle(rest)
        cells = [c for c in cells if c[0] in upper] + rest[: args.sample]
    start = time.perf_counter()
    recovered = attacker.recovered({cell: int(counts[cell]) for cell in cells})
    print("| cells attacked (LP, min and max each) | {} |".format(len(cells)))
    print("| recovered | {} |".format(len(recovered)))
    print("| attack time (s) | {:.0f} |".format(time.perf_counter() - start))
    if recovered:
        print("\nRecovered: {}".format(sorted(recovered)[:20]))


if __name__ == "__main__":
    main()
