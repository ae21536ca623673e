"""Reading indicators from a stored run: rolling windows per area, classes for maps, series for charts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from veiligheidsbeeld.areas.models import Area

from .models import AnalysisRun, IndicatorSeries

__all__ = [
    "AreaValue",
    "MEASURES",
    "RunArrays",
    "WindowTable",
    "area_values",
    "month_index",
    "quantile_classes",
    "run_arrays",
    "series_for",
    "rates",
    "summed_values",
    "theme_values",
    "window_table",
]

MEASURES = ("rate", "count", "change")


@dataclass(frozen=True)
class AreaValue:
    """An area's figures over a window of months ending at ``end``, compared with the same window a year earlier."""

    area: Area
    count: int
    previous: int | None
    population: int | None
    rate: float | None  # per 1,000 inhabitants per year
    change: float | None  # relative change versus a year earlier, in percent

    def measure(self, name: str) -> float | None:
        if name not in MEASURES:
            raise ValueError("unknown measure {!r}; valid: {}".format(name, ", ".join(MEASURES)))
        return {"rate": self.rate, "count": float(self.count), "change": self.change}[name]


def month_index(run: AnalysisRun, month: dt.date) -> int:
    return (month.year - run.first_month.year) * 12 + month.month - run.first_month.month


def _window(values: list, end: int, window: int) -> list | None:
    start = end - window + 1
    return values[start : end + 1] if start >= 0 and end < len(values) else None


def area_values(run: AnalysisRun, theme, areas, end: dt.date, window: int = 12) -> list[AreaValue]:
    """Figures per area for the ``window`` months ending at ``end`` (inclusive)."""
    if run.status == AnalysisRun.Status.DONE:
        values = summed_values(run, [theme], areas, end, window)
        return [values[area.pk] for area in areas if area.pk in values]
    end_i = month_index(run, end)
    series = {s.area_id: s for s in IndicatorSeries.objects.filter(run=run, theme=theme, area__in=areas)}
    result = []
    for area in areas:
        s = series.get(area.pk)
        current = _window(s.counts, end_i, window) if s else None
        if current is None:
            continue
        previous = _window(s.counts, end_i - 12, window)
        count = int(sum(current))
        prev = int(sum(previous)) if previous is not None else None
        population = s.population[end_i]
        rate = None
        if population and s.rates[end_i] is not None:
            rate = count / population * 1000.0 * 12.0 / window
        change = None
        if prev:
            change = (count - prev) / prev * 100.0
        result.append(AreaValue(area, count, prev, population, rate, change))
    return result


@dataclass(frozen=True)
class RunArrays:
    """Every series of a finished run as arrays: what the dashboard sums, held once per process.

    ``cumulative[a, t, k]`` is the sum of the counts of area row ``a`` and theme column ``t`` over the months
    before month ``k`` (so any window is one subtraction); ``rated[a, t, k]`` tells whether the series has a
    rate in month ``k``; ``population[a, k]`` is the area's population of month ``k`` (NaN where unknown; the
    analysis stores one population list per area, the same for every theme).
    """

    areas: dict[int, int]
    themes: dict[int, int]
    cumulative: np.ndarray
    present: np.ndarray
    rated: np.ndarray
    population: np.ndarray

    @property
    def n_months(self) -> int:
        return self.cumulative.shape[2] - 1


def run_arrays(run: AnalysisRun) -> RunArrays:
    """The arrays of a finished run (loaded on first use, then kept: a finished run never changes)."""
    if run.status != AnalysisRun.Status.DONE:
        raise ValueError("run #{} is not finished; its series may still change".format(run.pk))
    return _run_arrays(run.pk, run.created_at)


@lru_cache(maxsize=4)
def _run_arrays(run_pk: int, created_at) -> RunArrays:
    """Loaded with one query. The key includes the run's creation time, so a reused primary key is another run."""
    rows = list(
        IndicatorSeries.objects.filter(run_id=run_pk)
        .order_by()
        .values_list("area_id", "theme_id", "counts", "population", "rates")
    )
    areas = {area_id: i for i, area_id in enumerate(sorted({row[0] for row in rows}))}
    themes = {theme_id: j for j, theme_id in enumerate(sorted({row[1] for row in rows}))}
    n_months = max((len(row[2]) for row in rows), default=0)
    counts = np.zeros((len(areas), len(themes), n_months), dtype=np.int64)
    present = np.zeros((len(areas), len(themes)), dtype=bool)
    rated = np.zeros((len(areas), len(themes), n_months), dtype=bool)
    population = np.full((len(areas), n_months), np.nan)
    populated = set()
    for area_id, theme_id, series_counts, series_population, series_rates in rows:
        a, t = areas[area_id], themes[theme_id]
        if len(series_counts) != n_months:
            continue  # an incomplete series is never summed (as with the window checks of area_values)
        counts[a, t] = series_counts
        present[a, t] = True
        rated[a, t] = [r is not None for r in series_rates]
        if a not in populated:
            population[a] = [np.nan if p is None else p for p in series_population]
            populated.add(a)
    cumulative = np.zeros((len(areas), len(themes), n_months + 1), dtype=np.int64)
    np.cumsum(counts, axis=2, out=cumulative[:, :, 1:])
    for array in (cumulative, present, rated, population):
        array.flags.writeable = False
    return RunArrays(areas, themes, cumulative, present, rated, population)


@dataclass(frozen=True)
class WindowTable:
    """Figures of areas (rows) x themes (columns) over one window of a finished run, not summed.

    ``current``/``previous``: counts in the window and in the same window a year earlier (``previous`` None when
    the run does not reach back that far); ``rated``: the series has a rate in the last month; ``present``: the
    run has the series; ``population``: the area's population in the last month (NaN where unknown).
    """

    current: np.ndarray
    previous: np.ndarray | None
    rated: np.ndarray
    present: np.ndarray
    population: np.ndarray
    window: int


def window_table(run: AnalysisRun, themes, area_pks, end: dt.date, window: int = 12) -> WindowTable | None:
    """The :class:`WindowTable` of ``area_pks`` x ``themes`` (pks or instances) for the ``window`` months ending at
    ``end``; areas or themes without series get ``present`` False. None when the window is outside the run."""
    arrays = run_arrays(run)
    end_i = month_index(run, end)
    start, before = end_i - window + 1, end_i - 12
    if start < 0 or end_i >= arrays.n_months:
        return None
    columns = np.array([arrays.themes.get(getattr(t, "pk", t), -1) for t in themes], dtype=np.intp)
    rows = np.array([arrays.areas.get(pk, -1) for pk in area_pks], dtype=np.intp)
    present = (rows[:, None] >= 0) & (columns[None, :] >= 0)
    present[present] = arrays.present[rows[:, None], columns[None, :]][present]
    r, c = np.ix_(np.maximum(rows, 0), np.maximum(columns, 0))
    cumulative = arrays.cumulative
    current = np.where(present, cumulative[r, c, end_i + 1] - cumulative[r, c, start], 0)
    previous = None
    if before - window + 1 >= 0:
        previous = np.where(present, cumulative[r, c, before + 1] - cumulative[r, c, before - window + 1], 0)
    rated = present & arrays.rated[r, c, end_i]
    population = np.where(rows >= 0, arrays.population[np.maximum(rows, 0), end_i], np.nan)
    return WindowTable(current, previous, rated, present, population, window)


def _area_value(area, count: int, previous: int | None, population: float, has_rate: bool, window: int) -> AreaValue:
    population = None if np.isnan(population) else int(population)
    rate = count / population * 1000.0 * 12.0 / window if population and has_rate else None
    change = (count - previous) / previous * 100.0 if previous else None
    return AreaValue(area, count, previous, population, rate, change)


def summed_values(run: AnalysisRun, themes, areas, end: dt.date, window: int = 12) -> dict[int, AreaValue]:
    """Area pk -> figures of ``themes`` summed, for the ``window`` months ending at ``end`` (a finished run).

    ``previous`` is the same window a year earlier (None when the run does not reach back that far); the rate
    needs a known population and at least one of the themes with a rate in the last month.
    """
    table = window_table(run, themes, [area.pk for area in areas], end, window)
    if table is None or not len(themes):
        return {}
    current = table.current.sum(axis=1)
    previous = None if table.previous is None else table.previous.sum(axis=1)
    has_rate = table.rated.any(axis=1)
    any_present = table.present.any(axis=1)
    return {
        area.pk: _area_value(
            area,
            int(current[k]),
            None if previous is None else int(previous[k]),
            table.population[k],
            bool(has_rate[k]),
            window,
        )
        for k, area in enumerate(areas)
        if any_present[k]
    }


def theme_values(table: WindowTable, row: int, column: int, area) -> AreaValue | None:
    """The figures of one cell of ``table`` (None where the run has no such series)."""
    if not table.present[row, column]:
        return None
    previous = None if table.previous is None else int(table.previous[row, column])
    return _area_value(
        area, int(table.current[row, column]), previous, table.population[row], bool(table.rated[row, column]),
        table.window,
    )


def rates(table: WindowTable) -> np.ndarray:
    """Rates per 1,000 inhabitants per year of every cell (NaN where no rate), computed as in ``AreaValue``."""
    population = table.population[:, None]
    known = table.present & table.rated & ~np.isnan(population) & (np.nan_to_num(population) != 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        values = table.current / population * 1000.0 * 12.0 / table.window
    return np.where(known, values, np.nan)


def quantile_classes(values: list[float | None], k: int = 5) -> tuple[list[int | None], list[float]]:
    """Class index per value by quantiles (equal-count classes), and the k+1 class breaks.

    Quantile classification gives every class about the same number of areas; with ties or few distinct
    values fewer classes are returned. Missing values get class None.
    """
    known = np.array([v for v in values if v is not None], dtype=float)
    if known.size == 0:
        return [None] * len(values), []
    breaks = np.unique(np.quantile(known, np.linspace(0, 1, k + 1)))
    if breaks.size == 1:
        return [None if v is None else 0 for v in values], [float(breaks[0]), float(breaks[0])]
    classes = []
    for v in values:
        if v is None:
            classes.append(None)
        else:
            classes.append(int(min(np.searchsorted(breaks, v, side="right") - 1, breaks.size - 2)))
    return classes, [float(b) for b in breaks]


def series_for(run: AnalysisRun, theme, area) -> IndicatorSeries | None:
    return IndicatorSeries.objects.filter(run=run, theme=theme, area=area).first()
