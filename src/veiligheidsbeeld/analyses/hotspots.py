"""Hot spots of the buurten per leaf theme: Gi* on empirical-Bayes smoothed rates over queen contiguity.

- Rates: registrations of a 12-month window per 1,000 inhabitants (population of the window's last year, the
  nearest known year otherwise), smoothed with global empirical Bayes :cite:`marshall1991` per theme and window.
- Buurten below the minimum population (business parks, parks) or without a boundary have no meaningful rate:
  they are left out of the lattice and listed in the run summary.
- Weights: queen contiguity of the buurt boundaries with a tolerance for sliver gaps (run parameter
  ``hotspot_tolerance``, in degrees). Islands are masked: no result is stored for them.
- Inference: 4,999 conditional permutations (a run parameter) with the run's seed, Benjamini-Hochberg over the buurten of each
  theme and window; the category is Esri's confidence bin.
- Emerging hot spots :cite:`esri_ehsa`: the same over consecutive yearly windows ending at the run's last month
  (as many complete years as the run holds), classified by :func:`veiligheidsbeeld.stats.emerging_hot_spots`.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from veiligheidsbeeld.areas.models import AreaLevel
from veiligheidsbeeld.stats import eb_smooth, emerging_hot_spots, getis_ord_gi_star, queen_weights

from .arrays import nearest_year_fill
from .models import HotSpot, HotSpotCategory

__all__ = ["BIN_CATEGORIES", "WINDOW", "detect_hotspots"]

WINDOW = 12
BIN_CATEGORIES = {
    3: HotSpotCategory.HOT_99,
    2: HotSpotCategory.HOT_95,
    1: HotSpotCategory.HOT_90,
    0: HotSpotCategory.NONE,
    -1: HotSpotCategory.COLD_90,
    -2: HotSpotCategory.COLD_95,
    -3: HotSpotCategory.COLD_99,
}


def _theme_hot_spots(task) -> tuple:
    """Gi* of one theme over the windows (framework-free: runs in a worker process)."""
    counts, pop, weights, seed, permutations, min_population = task
    rates = eb_smooth(counts, pop, min_population=min_population)
    gi = getis_ord_gi_star(rates, weights, seed=seed, permutations=permutations)
    patterns = emerging_hot_spots(gi.z, gi.q_value).pattern if len(counts) >= 2 else np.full(counts.shape[1], "")
    return rates[-1], gi.z[-1], gi.p_value[-1], gi.q_value[-1], gi.hot_spot_bin[-1], patterns


def _map(function, tasks: list, workers: int):
    """``map`` in this process, or in a pool of ``workers`` processes (forked: the tasks hold numpy arrays only,
    and the workers touch no database connection)."""
    if workers <= 1 or len(tasks) < 2:
        return map(function, tasks)
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(workers, len(tasks)), mp_context=context) as pool:
        return list(pool.map(function, tasks))


def detect_hotspots(run, data, *, min_population, tolerance, permutations, workers: int = 1) -> list[HotSpot]:
    """Hot spot results (not yet saved) of the last 12-month window, with emerging patterns over years.

    The themes are independent: with ``workers`` > 1 they are computed in a process pool (the statistics only;
    the results are the same as with one worker, as each theme uses the run's seed).
    """
    n_months = len(data.months)
    summary = run.summary.setdefault("hotspots", {})
    if n_months < WINDOW:
        summary["note"] = "fewer than {} months".format(WINDOW)
        return []
    rows = data.rows(AreaLevel.BUURT)
    population = nearest_year_fill(data.population_years)
    ends = list(range(n_months - 1, WINDOW - 2, -WINDOW))[::-1]  # window ends, oldest first
    end_years = [data.years.index(data.months[end].year) for end in ends]
    pop = population[rows][:, end_years].T  # windows x buurten
    has_shape = np.array([bool(data.areas[r].geometry) for r in rows])
    usable = has_shape & np.all(np.nan_to_num(pop) >= min_population, axis=0)
    summary["left_out"] = [data.areas[r].code for r in rows[~usable]]
    lattice = rows[usable]
    if lattice.size < 3:
        summary["note"] = "fewer than 3 buurten with a boundary and enough inhabitants"
        return []
    weights = queen_weights([data.areas[r].geometry for r in lattice], tolerance=tolerance)
    summary["islands"] = [data.areas[lattice[i]].code for i in weights.islands]
    summary["windows"] = [data.months[end].strftime("%Y-%m") for end in ends]
    cumulative = np.concatenate(
        [np.zeros(data.counts[lattice, : data.n_leaves].shape[:2] + (1,), dtype=np.int64),
         np.cumsum(data.counts[lattice, : data.n_leaves], axis=2)],
        axis=2,
    )
    window_counts = np.stack([cumulative[:, :, end + 1] - cumulative[:, :, end + 1 - WINDOW] for end in ends])
    pop = pop[:, usable]
    themes = [t for t in range(data.n_leaves) if window_counts[-1, :, t].sum() > 0]
    tasks = [(window_counts[:, :, t], pop, weights, run.seed, permutations, min_population) for t in themes]
    results = []
    for t, (rates, z, p_value, q_value, bins, patterns) in zip(themes, _map(_theme_hot_spots, tasks, workers)):
        theme = data.themes[t]
        for i, r in enumerate(lattice):
            if np.isnan(z[i]):
                continue  # island
            results.append(
                HotSpot(
                    run=run,
                    area=data.areas[r],
                    theme=theme,
                    period=data.months[ends[-1]],
                    rate=round(float(rates[i]), 6),
                    z=float(z[i]),
                    p_value=float(p_value[i]),
                    q_value=float(q_value[i]),
                    category=BIN_CATEGORIES[int(bins[i])],
                    pattern=str(patterns[i]),
                )
            )
    analysed = len(themes)
    summary["themes"] = analysed
    summary["significant"] = sum(1 for h in results if h.category != HotSpotCategory.NONE)
    return results
