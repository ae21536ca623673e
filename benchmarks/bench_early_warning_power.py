"""Benchmark: power and false alarms of the monthly early-warning run (issue #23).

Simulates the design of issue #23 with :mod:`veiligheidsbeeld.stats.early_warning_simulation` (the harness the
tests use too): 5,950 series (20 wijken and 150 buurten x 35 themes), ten years of negative-binomial monthly
counts with dispersion 0.1 and +-30 % seasonality, and one wijk series whose level steps up by a factor at a
known onset six months before the end. Each replication runs ``early_warning`` with the settings of an analysis
run (``RUN_SETTINGS``: a false-alarm budget of 0.5 for the wijk and 0.5 for the buurt series, alarm at run-wide
q <= 0.01, min_count 3) on the six months of the step, each month judged on the data before it, as
``detect_alerts`` does with ``alert_months=6``.

- ``power_3m``: share of replications in which the changed series is at "waarschuwing" or higher in at least one
  of the first three months of the step; ``power_month6``: in the sixth month.
- ``false_alarms_per_month``: mean number of unchanged series at "waarschuwing" or higher per evaluated month,
  pooled over all cases (5,949 unchanged series each); ``..._trend``: the same in the variant in which every
  series has a trend drawn from +-5 %/year; ``false_alarms_q01_per_month`` (stderr only): at q <= 0.01.
- ``mc_se``: the largest Monte-Carlo standard error of the power figures, ``sqrt(p (1 - p) / N)``.

Run: ``.venv/bin/python benchmarks/bench_early_warning_power.py --replications 200 --json``
(prints exactly the JSON of issue #23 on stdout; progress and details go to stderr).
"""

import argparse
import json
import sys
import time

import numpy as np

from veiligheidsbeeld.stats import early_warning_simulation as simulation
from veiligheidsbeeld.stats.early_warning_simulation import Design, step_replications

POWER_3M = {"3x@10": (3, 10), "3x@30": (3, 30), "2x@30": (2, 30), "3x@3": (3, 3), "2x@10": (2, 10)}
POWER_MONTH6 = ("2x@10", "2x@30", "3x@3")
SEED = 20261206


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=200, help="replications per case (default 200)")
    parser.add_argument("--json", action="store_true", help="print only the JSON result on stdout")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--family", default=None, help="override the run's family (budget, theme_fdr, fdr)")
    parser.add_argument("--progress", default=None, metavar="FILE",
                        help="after every replication, write the figures so far (JSON) to FILE")
    parser.add_argument("--skip", type=int, default=0, metavar="N",
                        help="draw (but do not evaluate) the first N replications, then run the next ones: a long run "
                             "split over processes gives the same figures")
    parser.add_argument("--save", default=None, metavar="FILE", help="also save the per-replication arrays (.npz)")
    args = parser.parse_args(argv)
    if args.replications < 1:
        parser.error("--replications must be at least 1")
    settings = {} if args.family is None else {"family": args.family}
    started = time.perf_counter()
    cases = list(POWER_3M.values())
    # One replication at a time, each design with its own seeded stream: the same draws as one call per design with
    # all replications (a Generator passed as seed is used as it is), so figures can be written as they grow.
    streams = np.random.default_rng(args.seed), np.random.default_rng(args.seed + 1)
    if args.skip:
        _advance(streams, cases, args.skip)
    parts = []
    for done in range(1, args.replications + 1):
        parts.append((
            step_replications(Design(), cases, 1, streams[0], **settings),
            step_replications(Design(trend_per_year=0.05), [(1, 10)], 1, streams[1], **settings),
        ))
        if args.progress:
            step, trend = (_stack([part[k] for part in parts]) for k in (0, 1))
            with open(args.progress, "w") as handle:
                json.dump({**_figures(step, trend, done), "replications_done": done,
                           "false_alarms_q01_per_month": round(float(step["false_alarms"].mean()), 4),
                           "seconds": round(time.perf_counter() - started, 1)}, handle)
    step, trend = (_stack([part[k] for part in parts]) for k in (0, 1))
    seconds = time.perf_counter() - started
    if args.save:
        np.savez(args.save, **{f"step_{k}": v for k, v in step.items()}, **{f"trend_{k}": v for k, v in trend.items()})
    result = _figures(step, trend, args.replications)
    details = {
        "replications": args.replications,
        "seed": args.seed,
        "settings": settings or "RUN_SETTINGS",
        "false_alarms_q01_per_month": round(float(step["false_alarms"].mean()), 4),
        "false_alarms_q01_per_month_trend": round(float(trend["false_alarms"].mean()), 4),
        "false_alarms_per_month_se": round(
            float(step["false_warnings"].mean(axis=2).std(ddof=1) / np.sqrt(step["false_warnings"].shape[0] * args.replications)), 4
        ) if args.replications > 1 else None,
        "seconds": round(seconds, 1),
    }
    print(json.dumps(details), file=sys.stderr)
    print(json.dumps(result))
    if not args.json:
        print(f"{args.replications} replications per case in {seconds:.0f} s", file=sys.stderr)


def _advance(streams, cases, replications):
    """Draw the data of `replications` replications from both streams without evaluating them."""

    class _Nothing:
        def __init__(self, counts, *args, **kwargs):
            self.severity = np.zeros((counts.shape[0], 6), dtype=int)

    original = simulation.run_monthly
    simulation.run_monthly = _Nothing
    try:
        step_replications(Design(), cases, replications, streams[0])
        step_replications(Design(trend_per_year=0.05), [(1, 10)], replications, streams[1])
    finally:
        simulation.run_monthly = original


def _stack(parts):
    """Replications of `step_replications` (one each) joined along the replication axis."""
    return {name: np.concatenate([part[name] for part in parts], axis=1) for name in parts[0]}


def _figures(step, trend, replications):
    """The JSON of issue #23 from the joined replications."""
    flagged = step["flagged"]
    power_3m = {name: float(flagged[i, :, :3].any(axis=1).mean()) for i, name in enumerate(POWER_3M)}
    names = list(POWER_3M)
    power_month6 = {name: float(flagged[names.index(name), :, 5].mean()) for name in POWER_MONTH6}
    powers = np.array(list(power_3m.values()) + list(power_month6.values()))
    return {
        "false_alarms_per_month": round(float(step["false_warnings"].mean()), 4),
        "false_alarms_per_month_trend": round(float(trend["false_warnings"].mean()), 4),
        "power_3m": {name: round(value, 4) for name, value in power_3m.items()},
        "power_month6": {name: round(value, 4) for name, value in power_month6.items()},
        "mc_se": round(float(np.sqrt(powers * (1 - powers) / replications).max()), 4),
    }


if __name__ == "__main__":
    main()
