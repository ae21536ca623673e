"""Benchmark: Getis-Ord Gi* with 999 permutations, veiligheidsbeeld.stats versus esda (without numba, and with
numba warm in a separate environment).

Two cases: a 100 x 130 queen lattice (13,000 areas, Poisson counts) and the 3,475 Dutch wijk polygons of 2024
(inhabitants) from ../shared/data. Both implementations run in this process on the same data, weights and seed;
the script asserts that the analytical z scores are identical and reports how many permutation p-values
agree (they differ only where a simulated sum ties with the observed one; see ``getis_ord_gi_star``). A fresh
interpreter measures the first call including the import. Times are the best of two runs. Results go to
benchmarks/results/stats-gistar.md.

Run: ``.venv/bin/python benchmarks/bench_stats_gistar.py [--numba-python PATH]``

``--numba-python`` names the Python of a separate environment with esda, libpysal and numba (numba is no
dependency of Veiligheidsbeeld: its JIT costs 27-40 s per new process), e.g.::

    python3 -m venv /tmp/numba-venv && /tmp/numba-venv/bin/pip install numba esda libpysal

There esda's ``G_Local`` runs once to compile, then is timed (best of two) on the same values and weights, in
a child process; its z scores are compared with ours like the in-process peers'.
"""

import argparse
import json
import os
import tempfile
import platform
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import shapely

from veiligheidsbeeld.stats import getis_ord_gi_star, queen_weights
from veiligheidsbeeld.testing import shared_data

PERMUTATIONS = 999
SEED = 20261129
ROWS, COLUMNS = 100, 130
RESULTS = Path(__file__).resolve().parent / "results" / "stats-gistar.md"

FIRST_CALL = """
import time
start = time.perf_counter()
import numpy as np
from veiligheidsbeeld.stats import ContiguityWeights, getis_ord_gi_star
imported = time.perf_counter()
rows, columns = {rows}, {columns}
neighbours = [
    [r * columns + c for r in range(i // columns - 1, i // columns + 2) for c in range(i % columns - 1, i % columns + 2)
     if 0 <= r < rows and 0 <= c < columns and r * columns + c != i]
    for i in range(rows * columns)
]
weights = ContiguityWeights.from_neighbors(neighbours)
y = np.random.default_rng({seed}).poisson(5, rows * columns)
ready = time.perf_counter()
getis_ord_gi_star(y, weights, seed={seed}, permutations={permutations})
done = time.perf_counter()
print(imported - start, done - ready, (imported - start) + (done - ready))
"""


NUMBA_CHILD = """
import sys, time, warnings
import numpy as np
import numba
from esda.getisord import G_Local
from libpysal.weights import W
data = np.load(sys.argv[1], allow_pickle=False)
y, starts, flat = data["y"], data["starts"], data["flat"]
n = len(y)
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    w = W({{i: flat[starts[i]:starts[i + 1]].tolist() for i in range(n)}}, id_order=list(range(n)))
    compile_start = time.perf_counter()
    G_Local(y, w, transform="B", star=True, permutations={permutations}, seed={seed}, n_jobs=1)
    first = time.perf_counter() - compile_start
    times = []
    for _ in range(2):
        start = time.perf_counter()
        result = G_Local(y, w, transform="B", star=True, permutations={permutations}, seed={seed}, n_jobs=1)
        times.append(time.perf_counter() - start)
np.save(sys.argv[2], result.Zs)
print(first, min(times), numba.__version__)
"""


def _numba_peer(python, y, weights):
    """esda with numba in another environment: (first call incl. JIT, best warm time, numba version, z)."""
    with tempfile.TemporaryDirectory() as folder:
        data, z_file = Path(folder) / "case.npz", Path(folder) / "z.npy"
        neighbours = [weights.neighbors(i) for i in range(weights.n)]
        starts = np.concatenate(([0], np.cumsum([len(n) for n in neighbours])))
        flat = np.concatenate(neighbours) if neighbours else np.array([], dtype=np.int64)
        np.savez(data, y=y, starts=starts, flat=flat)
        code = NUMBA_CHILD.format(permutations=PERMUTATIONS, seed=SEED)
        output = subprocess.run([python, "-c", code, str(data), str(z_file)], capture_output=True, text=True,
                                check=True).stdout.split()
        return float(output[0]), float(output[1]), output[2], np.load(z_file)


def _timed(function, *args, **kwargs):
    """Result and best wall time of two runs (the machine may be shared)."""
    times = []
    for _ in range(2):
        start = time.perf_counter()
        result = function(*args, **kwargs)
        times.append(time.perf_counter() - start)
    return result, min(times)


def _esda(y, w, n_jobs):
    from esda.getisord import G_Local

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _timed(
            G_Local, y, w, transform="B", star=True, permutations=PERMUTATIONS, seed=SEED, n_jobs=n_jobs
        )


def _compare(name, y, weights, w, numba_python=None):
    ours, ours_time = _timed(getis_ord_gi_star, y, weights, seed=SEED, permutations=PERMUTATIONS)
    esda, esda_time = _esda(y, w, n_jobs=1)
    _, esda_parallel_time = _esda(y, w, n_jobs=-1)
    z_difference = float(np.nanmax(np.abs(ours.z - esda.Zs)))
    assert z_difference <= 1e-12, f"{name}: z differs from esda by {z_difference}"
    numba = None
    if numba_python:
        first, warm, version, z = _numba_peer(numba_python, y, weights)
        numba_difference = float(np.nanmax(np.abs(ours.z - z)))
        assert numba_difference <= 1e-12, f"{name}: z differs from esda (numba) by {numba_difference}"
        numba = {"first": first, "warm": warm, "version": version}
    same_p = float(np.mean(np.isclose(ours.p_sim, esda.p_sim, atol=1e-7)))
    return {
        "case": name,
        "areas": weights.n,
        "ours": ours_time,
        "esda_1": esda_time,
        "esda_all": esda_parallel_time,
        "z_identical": bool(np.array_equal(ours.z, esda.Zs)),
        "z_difference": z_difference,
        "same_p": same_p,
        "conservative_p": bool((ours.p_sim >= esda.p_sim - 1e-7).all()),
        "numba": numba,
    }


def _lattice_case(numba_python=None):
    from libpysal.weights import lat2W

    cells = [shapely.box(c, -r, c + 1, 1 - r) for r in range(ROWS) for c in range(COLUMNS)]
    weights, weights_time = _timed(queen_weights, cells)
    y = np.random.default_rng(SEED).poisson(5, weights.n).astype(float)
    return _compare(
        f"lattice {ROWS} x {COLUMNS} (queen)", y, weights, lat2W(ROWS, COLUMNS, rook=False), numba_python
    ), weights_time


def _wijk_case(numba_python=None):
    from libpysal.weights import W

    path = shared_data("nl", "pdok-cbs-wijken-gemeenten-geojson", "wijken_2024.geojson")
    if not path.exists():
        return None, None
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    weights, weights_time = _timed(queen_weights, features, tolerance=1e-4)
    y = np.array([feature["properties"].get("aantal_inwoners") or 0 for feature in features], dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w = W({i: weights.neighbors(i).tolist() for i in range(weights.n)}, id_order=list(range(weights.n)))
    return _compare("Dutch wijken 2024 (queen, tolerance 1e-4 deg)", y, weights, w, numba_python), weights_time


def _first_call():
    code = FIRST_CALL.format(rows=ROWS, columns=COLUMNS, seed=SEED, permutations=PERMUTATIONS)
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return [float(value) for value in output.split()]


def main():
    import esda
    import libpysal

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--numba-python", help="Python of a separate environment with esda, libpysal and numba.")
    args = parser.parse_args()
    rows = []
    lattice, lattice_weights_time = _lattice_case(args.numba_python)
    rows.append(lattice)
    wijken, wijken_weights_time = _wijk_case(args.numba_python)
    if wijken:
        rows.append(wijken)
    import_time, call_time, first_total = _first_call()

    lines = [
        "# Gi* benchmark: veiligheidsbeeld.stats vs esda (no numba; numba warm in a separate environment)",
        "",
        (
            f"Machine: {platform.platform()}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end; "
            f"Python {platform.python_version()}, numpy {np.__version__}, esda {esda.__version__}, "
            f"libpysal {libpysal.__version__}, shapely {shapely.__version__}. "
            f"{PERMUTATIONS} permutations, seed {SEED}, `transform='B'` in esda (see the note in `getis_ord_gi_star`)."
        ),
        "",
        (
            "| case | areas | ours (s) | esda n_jobs=1 (s) | esda n_jobs=-1 (s) | speed-up vs n_jobs=1 | "
            "z identical | max abs z diff | p_sim equal to esda |"
        ),
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['case']} | {row['areas']:,} | {row['ours']:.2f} | {row['esda_1']:.2f} | {row['esda_all']:.2f} "
            f"| {row['esda_1'] / row['ours']:.1f}x | {'yes' if row['z_identical'] else 'no'} "
            f"| {row['z_difference']:.1e} | {100 * row['same_p']:.1f} % |"
        )
    if any(row["numba"] for row in rows):
        lines += [
            "",
            "esda with numba (separate environment, numba {}; first call includes the JIT):".format(
                next(row["numba"]["version"] for row in rows if row["numba"])),
            "",
            "| case | ours (s) | esda + numba, warm (s) | speed-up vs numba warm | esda + numba, first call (s) | z identical |",
            "|---|---|---|---|---|---|",
        ]
        for row in rows:
            if row["numba"]:
                lines.append(
                    f"| {row['case']} | {row['ours']:.2f} | {row['numba']['warm']:.2f} "
                    f"| {row['numba']['warm'] / row['ours']:.1f}x | {row['numba']['first']:.2f} | yes |"
                )
    lines += [
        "",
        f"Queen weights: {lattice_weights_time:.2f} s for the lattice polygons"
        + (f", {wijken_weights_time:.2f} s for the wijk polygons." if wijken else "."),
        "",
        (
            f"First call in a new process ({ROWS * COLUMNS:,} areas): import {import_time:.2f} s + Gi* {call_time:.2f} s "
            f"= {first_total:.2f} s."
        ),
        "",
        "p-values that differ from esda's are larger here: ties between a simulated and the observed neighbour sum "
        "(frequent with counts) are counted in both tails"
        + (" (all differences are in that direction)." if all(r["conservative_p"] for r in rows) else "."),
        "",
    ]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
