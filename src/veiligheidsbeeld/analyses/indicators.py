"""Reading indicators from a stored run: rolling windows per area, classes for maps, series for charts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from types import SimpleNamespace

import numpy as np

from veiligheidsbeeld.areas.models import Area

from .models import AnalysisRun, IndicatorSeries

__all__ = ["AreaValue", "MEASURES", "area_values", "quantile_classes", "month_index", "series_for"]

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
    end_i = month_index(run, end)
    if run.status == AnalysisRun.Status.DONE:
        series = _theme_series(run.pk, run.created_at, getattr(theme, "pk", theme))
    else:
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


@lru_cache(maxsize=1024)
def _theme_series(run_pk: int, created_at, theme_pk: int) -> dict[int, SimpleNamespace]:
    """All series of a finished run for one theme, by area id. A finished run never changes, so the arrays are
    kept per process (the key includes the run's creation time, so a reused primary key is a different run)."""
    return {
        area_id: SimpleNamespace(counts=counts, population=population, rates=rates)
        for area_id, counts, population, rates in IndicatorSeries.objects.filter(
            run_id=run_pk, theme_id=theme_pk
        ).values_list("area_id", "counts", "population", "rates")
    }


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
