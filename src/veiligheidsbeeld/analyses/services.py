"""Running the analysis: cube -> arrays -> indicators, stored as a reproducible :class:`AnalysisRun`."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging

import numpy as np
from django.db import transaction
from django.utils import timezone

import veiligheidsbeeld
from veiligheidsbeeld.areas.models import Area, AreaLevel, AreaPopulation
from veiligheidsbeeld.core import audit
from veiligheidsbeeld.frameworks.models import Theme
from veiligheidsbeeld.registrations.models import CubeCell, Precision

from .models import AnalysisRun, IndicatorSeries

__all__ = ["NoDataError", "month_range", "run_analysis"]

logger = logging.getLogger("veiligheidsbeeld.analyses")
DEFAULT_MIN_POPULATION = 50


class NoDataError(Exception):
    """The gemeente has no areas or no monthly registrations to analyse."""


def month_range(first: dt.date, last: dt.date) -> list[dt.date]:
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(dt.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _areas(gemeente):
    areas = list(Area.objects.current(gemeente).order_by("level", "code"))
    if not areas:
        raise NoDataError("gemeente {} has no areas: import its regions first".format(gemeente.code))
    return areas


def _populations(areas, years) -> np.ndarray:
    """Inhabitants per area x year; a wijk or gemeente without its own figure gets the sum of its children."""
    index = {a.pk: i for i, a in enumerate(areas)}
    pop = np.full((len(areas), len(years)), np.nan)
    year_index = {y: j for j, y in enumerate(years)}
    for area_id, year, value in AreaPopulation.objects.filter(area__in=areas, year__in=years).values_list(
        "area_id", "year", "population"
    ):
        pop[index[area_id], year_index[year]] = value
    for level in (AreaLevel.WIJK, AreaLevel.GEMEENTE):
        for i, area in enumerate(areas):
            if area.level != level:
                continue
            children = [index[c.pk] for c in areas if c.parent_id == area.pk]
            if children:
                summed = pop[children].sum(axis=0)  # NaN when any child is unknown: never a partial sum
                pop[i] = np.where(np.isnan(pop[i]), summed, pop[i])
    return pop


def _data_hash(cells, pop) -> str:
    digest = hashlib.sha256()
    for cell in sorted(cells):
        digest.update(repr(cell).encode())
    digest.update(np.nan_to_num(pop, nan=-1).astype(np.int64).tobytes())
    return digest.hexdigest()


@transaction.atomic
def run_analysis(gemeente, *, user=None, first_month=None, last_month=None, min_population=None) -> AnalysisRun:
    """Compute monthly counts and rates per area x theme from the cube and store them as a run.

    Areas are those of the newest CBS indeling of the gemeente; registrations on areas of other indelingen are
    counted in ``summary["outside_indeling"]`` and left out (harmonisation is a separate, explicit step).
    """
    min_population = DEFAULT_MIN_POPULATION if min_population is None else int(min_population)
    areas = _areas(gemeente)
    area_index = {a.pk: i for i, a in enumerate(areas)}
    cells_qs = CubeCell.objects.filter(gemeente=gemeente, precision=Precision.MONTH)
    if first_month:
        cells_qs = cells_qs.filter(period_start__gte=first_month)
    if last_month:
        cells_qs = cells_qs.filter(period_start__lte=last_month)
    cells = list(cells_qs.values_list("area_id", "theme_id", "period_start", "count"))
    if not cells:
        raise NoDataError("gemeente {} has no monthly registrations in this period".format(gemeente.code))
    months = month_range(first_month or min(c[2] for c in cells), last_month or max(c[2] for c in cells))
    month_index = {m: k for k, m in enumerate(months)}

    themes = list(Theme.objects.all())
    leaf_ids = [t.pk for t in themes if t.parent_id is not None or t.is_total]
    theme_index = {pk: j for j, pk in enumerate(leaf_ids)}
    counts = np.zeros((len(areas), len(leaf_ids), len(months)), dtype=np.int64)
    outside = 0
    for area_id, theme_id, month, count in cells:
        i = area_index.get(area_id)
        if i is None:
            outside += count
            continue
        counts[i, theme_index[theme_id], month_index[month]] += count

    # Roll buurten up into wijken, wijken into the gemeente (plus what was registered at those levels).
    for level in (AreaLevel.WIJK, AreaLevel.GEMEENTE):
        for i, area in enumerate(areas):
            if area.level == level:
                children = [area_index[c.pk] for c in areas if c.parent_id == area.pk]
                counts[i] += counts[children].sum(axis=0)
    # Group themes are the sum of their leaves (totals stand alone).
    groups = [t for t in themes if t.parent_id is None and not t.is_total]
    group_counts = np.stack(
        [counts[:, [theme_index[c.pk] for c in themes if c.parent_id == g.pk], :].sum(axis=1) for g in groups], axis=1
    )
    all_counts = np.concatenate([counts, group_counts], axis=1)
    all_theme_ids = leaf_ids + [g.pk for g in groups]

    years = sorted({m.year for m in months})
    pop_years = _populations(areas, years)
    pop = pop_years[:, [years.index(m.year) for m in months]]  # area x month
    usable = ~np.isnan(pop) & (pop >= min_population)
    with np.errstate(divide="ignore", invalid="ignore"):
        rates = np.where(usable[:, None, :], all_counts / pop[:, None, :] * 1000.0, np.nan)

    run = AnalysisRun.objects.create(
        gemeente=gemeente,
        user=user if getattr(user, "is_authenticated", False) else None,
        parameters={"min_population": min_population, "window": "month"},
        software_version=veiligheidsbeeld.__version__,
        data_hash=_data_hash(cells, pop_years),
        first_month=months[0],
        last_month=months[-1],
        area_year=areas[0].year,
    )
    pop_lists = [[None if np.isnan(v) else int(v) for v in row] for row in pop]
    series = []
    for i, area in enumerate(areas):
        for j, theme_id in enumerate(all_theme_ids):
            series.append(
                IndicatorSeries(
                    run=run,
                    area=area,
                    theme_id=theme_id,
                    counts=all_counts[i, j].tolist(),
                    population=pop_lists[i],
                    rates=[None if np.isnan(v) else round(float(v), 6) for v in rates[i, j]],
                )
            )
    IndicatorSeries.objects.bulk_create(series, batch_size=2000)
    run.status = AnalysisRun.Status.DONE
    run.finished_at = timezone.now()
    run.summary = {
        "areas": len(areas),
        "themes": len(all_theme_ids),
        "months": len(months),
        "registrations": sum(c[3] for c in cells) - outside,
        "outside_indeling": outside,
    }
    run.save()
    audit.record("analysis_completed", actor=user, gemeente=gemeente, obj=run, data_hash=run.data_hash)
    logger.info("analysis_completed run=%s gemeente=%s %s", run.pk, gemeente.code, json.dumps(run.summary))
    return run
