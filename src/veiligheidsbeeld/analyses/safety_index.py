"""The veiligheidsindex per wijk and year: crime, nuisance and perception sub-indices (100 = gemeente average).

Components (all "higher is less safe"), per wijk and calendar year covered completely by the run:

- ``crime``: registered crimes per 1,000 inhabitants, the themes listed in ``INDEX_THEMES["crime"]`` (group
  codes count all their leaves);
- ``nuisance``: registered nuisance per 1,000 inhabitants (``INDEX_THEMES["nuisance"]``);
- ``perception``: the mean of the survey results (:class:`~veiligheidsbeeld.registrations.models.PerceptionResult`)
  of the wijk in that year whose indicator is one of ``PERCEPTION_INDICATORS`` (share of residents who feel
  unsafe). Without any such result the index is computed without perception and every value is flagged
  incomplete.

Weights are equal by default (Amsterdam-Amstelland, Rotterdam Wijkprofiel); override them with the run parameter
``index_weights`` or the setting ``VEILIGHEIDSBEELD_INDEX_WEIGHTS``, e.g. ``{"crime": 1, "nuisance": 1,
"perception": 2}`` to give perception half the weight. The base year (default: the first complete year) is 100
at the population-weighted gemeente average. A component whose base average is zero (no such registrations at
all) is left out and reported.
"""

from __future__ import annotations

import numpy as np
from django.conf import settings

from veiligheidsbeeld.areas.models import AreaLevel
from veiligheidsbeeld.registrations.models import PerceptionResult
from veiligheidsbeeld.stats import rate_per_1000, safety_index

from .arrays import nearest_year_fill
from .models import SafetyIndexValue

__all__ = ["DEFAULT_WEIGHTS", "INDEX_THEMES", "PERCEPTION_INDICATORS", "compute_index", "resolve_weights"]

INDEX_THEMES = {
    "crime": ("hic", "vermogen", "ondermijning", "digitale-veiligheid", "onrust-polarisatie", "overig",
              "huiselijk-geweld"),
    "nuisance": ("overlast", "jeugdoverlast", "verward-gedrag"),
}
PERCEPTION_INDICATORS = ("Voelt zich wel eens onveilig", "Voelt zich wel eens onveilig in buurt")
DEFAULT_WEIGHTS = {"crime": 1.0, "nuisance": 1.0, "perception": 1.0}


def resolve_weights(override=None) -> dict[str, float]:
    """The weights of a run: the run parameter, else the setting, else equal weights."""
    weights = override or getattr(settings, "VEILIGHEIDSBEELD_INDEX_WEIGHTS", None) or DEFAULT_WEIGHTS
    unknown = set(weights) - set(DEFAULT_WEIGHTS)
    if unknown:
        raise ValueError(
            "index weights {}: unknown component(s); valid: {}".format(sorted(unknown), ", ".join(DEFAULT_WEIGHTS))
        )
    return {name: float(weights.get(name, 0.0)) for name in DEFAULT_WEIGHTS if float(weights.get(name, 0.0)) > 0}


def _theme_columns(data, codes) -> list[int]:
    columns = []
    for j, theme in enumerate(data.themes[: data.n_leaves]):
        parent = theme.parent.code if theme.parent_id else None
        if theme.code in codes or parent in codes:
            columns.append(j)
    return columns


def _perception(run, wijken, years) -> np.ndarray:
    values = np.full((len(years), len(wijken)), np.nan)
    index = {a.pk: i for i, a in enumerate(wijken)}
    sums: dict[tuple[int, int], list[float]] = {}
    for area_id, start, value in PerceptionResult.objects.filter(
        gemeente=run.gemeente, area__in=wijken, indicator__in=PERCEPTION_INDICATORS, period_start__year__in=years
    ).values_list("area_id", "period_start", "value"):
        sums.setdefault((years.index(start.year), index[area_id]), []).append(value)
    for (y, w), items in sums.items():
        values[y, w] = float(np.mean(items))
    return values


def _yearly_components(data, rows, weights, yearly):
    """(complete years, {component: counts years x wijken}, source) from the run's months (years with twelve
    whole months) or, without those, from the yearly series (:mod:`.periods`, years every theme with figures
    covers)."""
    complete_years = [y for y in data.years if sum(1 for m in data.months if m.year == y) == 12]
    tables = {}
    if complete_years:
        month_years = np.array([m.year for m in data.months])
        for name, codes in INDEX_THEMES.items():
            if name in weights:
                counts = data.counts[rows][:, _theme_columns(data, codes), :].sum(axis=1)  # wijken x months
                tables[name] = np.stack([counts[:, month_years == y].sum(axis=1) for y in complete_years])
        return complete_years, tables, "months"
    if yearly is None:
        return [], {}, "months"
    columns = {name: _theme_columns(data, codes) for name, codes in INDEX_THEMES.items() if name in weights}
    used = {name: [j for j in cols if not np.isnan(yearly.counts[rows][:, j, :]).all()] for name, cols in columns.items()}
    years = []
    for k, period in enumerate(yearly.periods):
        if all(not np.isnan(yearly.counts[rows][:, j, k]).any() for cols in used.values() for j in cols):
            years.append((k, period.year))
    if not years:
        return [], {}, "years"
    for name, cols in used.items():
        block = yearly.counts[rows][:, cols, :].sum(axis=1) if cols else np.zeros((len(rows), len(yearly.periods)))
        tables[name] = np.stack([block[:, k] for k, _year in years])
    return [year for _k, year in years], tables, "years"


def compute_index(run, data, *, weights, base_year, min_population, yearly=None) -> list[SafetyIndexValue]:
    """Index values (not yet saved) per wijk x complete year; notes in ``run.summary["index"]``.

    ``yearly`` (:class:`~.periods.PeriodArrays` of years) is used when the run has no complete year of months:
    the veiligheidsindex of a gemeente whose figures are yearly.
    """
    summary = run.summary.setdefault("index", {})
    rows = data.rows(AreaLevel.WIJK)
    complete_years, tables, source = _yearly_components(data, rows, weights, yearly) if rows.size else ([], {}, "")
    if not complete_years or rows.size == 0:
        summary["note"] = "no complete calendar year or no wijken"
        return []
    summary["source"] = source
    base_year = complete_years[0] if base_year is None else int(base_year)
    if base_year not in complete_years:
        raise ValueError(
            "index base year {} is not a complete year of the run; valid: {}".format(
                base_year, ", ".join(map(str, complete_years))
            )
        )
    wijken = [data.areas[r] for r in rows]
    pop_years = data.population_years if source == "months" else _population_years(yearly, complete_years)
    known_years = data.years if source == "months" else complete_years
    population = nearest_year_fill(pop_years)[rows][:, [known_years.index(y) for y in complete_years]].T
    components = {
        name: rate_per_1000(table, np.nan_to_num(population), min_population=min_population)
        for name, table in tables.items()
    }
    perception_available = False
    if "perception" in weights:
        perception = _perception(run, wijken, complete_years)
        perception_available = not np.isnan(perception).all()
        if perception_available:
            components["perception"] = perception
        else:
            summary["perception"] = "not available: no survey result per wijk"
    base = complete_years.index(base_year)
    left_out = [
        name for name, values in components.items()
        if not np.nansum(values[base] * np.nan_to_num(population[base])) > 0
    ]
    for name in left_out:
        del components[name]
    summary.update(base_year=base_year, left_out=left_out, components=sorted(components))
    if not components:
        summary["note"] = "no component with a positive gemeente average in the base year"
        return []
    result = safety_index(
        components,
        weights={name: weights[name] for name in components},
        base_period=base,
        population=np.nan_to_num(population),
    )
    incomplete = "perception" in weights and not perception_available
    values = []
    for y, year in enumerate(complete_years):
        for w, wijk in enumerate(wijken):
            if np.isnan(result.index[y, w]):
                continue
            sub = {name: result.sub_indices[name][y, w] for name in components}
            values.append(
                SafetyIndexValue(
                    run=run,
                    area=wijk,
                    year=year,
                    index=round(float(result.index[y, w]), 6),
                    crime=_maybe(sub.get("crime")),
                    nuisance=_maybe(sub.get("nuisance")),
                    perception=_maybe(sub.get("perception")),
                    components={name: _maybe(components[name][y, w]) for name in components},
                    weights={name: round(float(result.weights[name][y, w]), 6) for name in components},
                    complete=bool(result.complete[y, w]) and not incomplete,
                )
            )
    return values


def _maybe(value):
    return None if value is None or np.isnan(value) else round(float(value), 6)


def _population_years(yearly, years) -> np.ndarray:
    """Inhabitants per area x year of ``years`` from the yearly series (the population of each year's period)."""
    index = {p.year: k for k, p in enumerate(yearly.periods)}
    return yearly.population[:, [index[y] for y in years]]
