"""The figures a report is made of: counts per wijk x theme for a period and the year before, from one source.

Two sources give the same shape: a stored :class:`~veiligheidsbeeld.analyses.models.AnalysisRun` (monthly
series; the period is the twelve months ending at a month) or the yearly cube cells of a year
(:func:`.queries.yearly_counts`, for sources that publish years only). Only leaf themes and published totals
are held; a group theme is the sum of its leaves and is formed after disclosure control (:mod:`.protection`).
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import gettext as _

from veiligheidsbeeld.analyses.models import AnalysisRun, IndicatorSeries
from veiligheidsbeeld.analyses.services import month_range
from veiligheidsbeeld.areas.models import Area, AreaLevel, AreaPopulation
from veiligheidsbeeld.frameworks.models import Theme

from .queries import yearly_counts, yearly_years

__all__ = ["Figures", "Period", "figures_from_run", "figures_from_year"]


@dataclass(frozen=True)
class Period:
    """Months ``first`` to ``last`` (first days of the months, inclusive)."""

    first: dt.date
    last: dt.date

    @property
    def label(self) -> str:
        if self.first.month == 1 and self.last.month == 12 and self.first.year == self.last.year:
            return str(self.first.year)
        return "{:%m-%Y} – {:%m-%Y}".format(self.first, self.last)

    @property
    def months(self) -> int:
        return (self.last.year - self.first.year) * 12 + self.last.month - self.first.month + 1

    def year_before(self) -> Period:
        return Period(self.first.replace(year=self.first.year - 1), self.last.replace(year=self.last.year - 1))


@dataclass
class Figures:
    """Counts of one gemeente's wijken for a period and the same period a year earlier.

    ``current`` and ``earlier`` map ``(wijk pk, theme pk)`` to a count (missing keys are 0); ``earlier`` is
    ``None`` when the year before is not covered by the source. ``population`` and ``earlier_population`` hold
    inhabitants per wijk pk (``None`` where unknown). ``months`` and ``monthly`` (theme pk -> counts summed over
    the wijken, one per month) are empty for yearly sources; ``yearly`` maps theme pk -> {year: count} over the
    complete calendar years of the source. ``unplaced`` counts registrations on the gemeente itself (in no
    wijk), ``outside_indeling`` those on areas of another CBS indeling; both are left out of the figures.
    """

    gemeente: object
    run: AnalysisRun | None
    period: Period
    wijken: list[Area]
    themes: list[Theme]
    current: dict[tuple[int, int], int]
    earlier: dict[tuple[int, int], int] | None
    population: dict[int, int | None]
    earlier_population: dict[int, int | None]
    data_hash: str
    months: list[dt.date] = field(default_factory=list)
    monthly: dict[int, np.ndarray] = field(default_factory=dict)
    yearly: dict[int, dict[int, int]] = field(default_factory=dict)
    unplaced: int = 0
    outside_indeling: int = 0
    whole: Area | None = None
    whole_population: int | None = None
    whole_earlier_population: int | None = None

    @property
    def source(self) -> str:
        return "run" if self.run else "yearly"

    @property
    def previous_period(self) -> Period:
        return self.period.year_before()

    @property
    def real_wijken(self) -> list[Area]:
        """The wijken without the row of the gemeente as a whole (:attr:`whole`)."""
        return [w for w in self.wijken if self.whole is None or w.pk != self.whole.pk]

    def total_population(self, *, earlier: bool = False) -> int | None:
        """Inhabitants of the gemeente: the sum of its wijken when all are known, else its own figure."""
        table = self.earlier_population if earlier else self.population
        pops = [table.get(w.pk) for w in self.real_wijken]
        if pops and all(pops):
            return sum(pops)
        return self.whole_earlier_population if earlier else self.whole_population

    def count(self, wijk: Area, theme: Theme, *, earlier: bool = False) -> int:
        table = self.earlier if earlier else self.current
        return int((table or {}).get((wijk.pk, theme.pk), 0))


def _gemeente_population(gemeente, year: int) -> int | None:
    area = Area.objects.current(gemeente).filter(level=AreaLevel.GEMEENTE).first()
    if area is None:
        return None
    own = AreaPopulation.objects.filter(area=area, year=year).values_list("population", flat=True).first()
    return own


def _with_whole(gemeente, wijken, current, earlier, now_by_theme, before_by_theme):
    """Add the gemeente as a whole as one more row ("not assignable to a wijk") when it holds registrations no
    wijk holds, so the column total of every table, and with it the key figures, is the gemeente's figure."""
    if not any(now_by_theme.values()) and not any((before_by_theme or {}).values()):
        return wijken, None
    area = Area.objects.current(gemeente).filter(level=AreaLevel.GEMEENTE).first()
    if area is None:
        return wijken, None
    whole = copy.copy(area)
    whole.name = _("{gemeente}: not assignable to a wijk").format(gemeente=area.name)
    for theme_id, n in now_by_theme.items():
        if n:
            current[(whole.pk, theme_id)] = int(n)
    if earlier is not None:
        for theme_id, n in (before_by_theme or {}).items():
            if n:
                earlier[(whole.pk, theme_id)] = int(n)
    return wijken + [whole], whole


def _report_themes() -> list[Theme]:
    """Leaf themes and published totals, in the taxonomy's order (group themes are sums of the leaves)."""
    return list(Theme.objects.filter(parent__isnull=False).select_related("parent")) + list(
        Theme.objects.filter(is_total=True)
    )


def _wijken(gemeente, year: int, *, required: bool = True) -> list[Area]:
    wijken = list(Area.objects.filter(gemeente=gemeente, year=year, level=AreaLevel.WIJK).order_by("code"))
    if not wijken and required:
        raise ValueError("gemeente {} has no wijken in CBS indeling {}: import its areas first".format(
            gemeente.code, year))
    return wijken


def figures_from_run(run: AnalysisRun, end: dt.date | None = None) -> Figures:
    """Figures of the twelve months ending at ``end`` (default: the run's last month) from a stored run.

    Raises
    ------
    ValueError
        When ``end`` lies outside the run's months.
    """
    if not run.summary.get("months", 1):  # a run on yearly figures: the report reads its years (#14)
        year = (end or run.last_month).year
        years = yearly_years(run.gemeente)
        return figures_from_year(run.gemeente, year if year in years else years[-1])
    months = month_range(run.first_month, run.last_month)
    end = (end or run.last_month).replace(day=1)
    if end not in months:
        raise ValueError("run {} covers {:%Y-%m} to {:%Y-%m}, not {:%Y-%m}".format(
            run.pk, run.first_month, run.last_month, end))
    end_i = months.index(end)
    start_i = max(0, end_i - 11)
    period = Period(months[start_i], end)
    themes = _report_themes()
    wijken = _wijken(run.gemeente, run.area_year)
    series = IndicatorSeries.objects.filter(run=run, area__in=wijken, theme__in=themes).values_list(
        "area_id", "theme_id", "counts", "population"
    )
    has_earlier = end_i - 12 >= 0 and start_i - 12 >= 0 and end_i - start_i == 11
    current, earlier, population, earlier_population = {}, {}, {}, {}
    monthly = {t.pk: np.zeros(len(months), dtype=np.int64) for t in themes}
    for area_id, theme_id, counts, pops in series:
        values = np.asarray(counts, dtype=np.int64)
        monthly[theme_id] += values
        current[(area_id, theme_id)] = int(values[start_i : end_i + 1].sum())
        if has_earlier:
            earlier[(area_id, theme_id)] = int(values[start_i - 12 : end_i - 11].sum())
        population[area_id] = pops[end_i]
        earlier_population[area_id] = pops[end_i - 12] if has_earlier else None
    top = list(IndicatorSeries.objects.filter(
        run=run, area__level=AreaLevel.GEMEENTE, area__year=run.area_year, theme__in=themes
    ).values_list("theme_id", "counts"))
    unplaced = sum(sum(c[start_i : end_i + 1]) for _t, c in top) - sum(current.values()) if top else 0
    now_by_theme, before_by_theme = {}, {}
    for theme_id, counts in top:
        in_wijken = sum(v for (w, t), v in current.items() if t == theme_id)
        now_by_theme[theme_id] = sum(counts[start_i : end_i + 1]) - in_wijken
        if has_earlier:
            in_wijken = sum(v for (w, t), v in earlier.items() if t == theme_id)
            before_by_theme[theme_id] = sum(counts[start_i - 12 : end_i - 11]) - in_wijken
    wijken, whole = _with_whole(run.gemeente, wijken, current, earlier if has_earlier else None, now_by_theme,
                                before_by_theme)
    yearly = {}
    for theme in themes:
        yearly[theme.pk] = {
            year: int(sum(monthly[theme.pk][i] for i, m in enumerate(months) if m.year == year))
            for year in sorted({m.year for m in months})
            if sum(1 for m in months if m.year == year) == 12
        }
    return Figures(
        gemeente=run.gemeente, run=run, period=period, wijken=wijken, themes=themes, current=current,
        earlier=earlier if has_earlier else None, population=population, earlier_population=earlier_population,
        data_hash=run.data_hash, months=months, monthly=monthly, yearly=yearly,
        unplaced=int(unplaced), outside_indeling=int(run.summary.get("outside_indeling", 0)),
        whole=whole, whole_population=_gemeente_population(run.gemeente, period.last.year),
        whole_earlier_population=_gemeente_population(run.gemeente, period.last.year - 1),
    )


def _populations(wijken: list[Area], year: int) -> dict[int, int | None]:
    """Inhabitants on 1 January of ``year`` per wijk: its own figure, else the sum of all its buurten."""
    own = dict(AreaPopulation.objects.filter(area__in=wijken, year=year).values_list("area_id", "population"))
    result = {}
    for wijk in wijken:
        if wijk.pk in own:
            result[wijk.pk] = own[wijk.pk]
            continue
        buurten = list(wijk.children.values_list("pk", flat=True))
        values = list(AreaPopulation.objects.filter(area_id__in=buurten, year=year).values_list("population", flat=True))
        result[wijk.pk] = sum(values) if buurten and len(values) == len(buurten) else None
    return result


def figures_from_year(gemeente, year: int) -> Figures:
    """Figures of calendar year ``year`` from the yearly cube cells (no analysis run needed).

    Raises
    ------
    ValueError
        When the gemeente has no yearly figures for ``year``.
    """
    years = yearly_years(gemeente)
    if year not in years:
        raise ValueError("gemeente {} has no yearly figures for {} (years with yearly figures: {})".format(
            gemeente.code, year, ", ".join(map(str, years)) or "none"))
    wijken = _wijken(gemeente, Area.objects.current(gemeente).first().year, required=False)
    themes = _report_themes()
    by_year = {y: yearly_counts(gemeente, y) for y in years}
    this = by_year[year]
    before = by_year.get(year - 1)
    yearly = {t.pk: {} for t in themes}
    for y, counts in by_year.items():
        for (_wijk, theme_id), n in list(counts.counts.items()) + [((None, t), n) for t, n in
                                                                    counts.unplaced_by_theme.items()]:
            if theme_id in yearly:
                yearly[theme_id][y] = yearly[theme_id].get(y, 0) + n
    current, earlier = dict(this.counts), dict(before.counts) if before else None
    wijken, whole = _with_whole(gemeente, wijken, current, earlier, this.unplaced_by_theme,
                                before.unplaced_by_theme if before else None)
    if not wijken:
        raise ValueError("gemeente {} has no wijken and no figures of the gemeente as a whole in {}".format(
            gemeente.code, year))
    digest = hashlib.sha256("".join(by_year[y].data_hash for y in (year - 1, year) if y in by_year).encode())
    return Figures(
        gemeente=gemeente, run=None, period=Period(dt.date(year, 1, 1), dt.date(year, 12, 1)), wijken=wijken,
        themes=themes, current=current, earlier=earlier,
        population=_populations([w for w in wijken if w is not whole], year),
        earlier_population=_populations([w for w in wijken if w is not whole], year - 1),
        data_hash=digest.hexdigest(), yearly=yearly, unplaced=this.unplaced, outside_indeling=this.outside_indeling,
        whole=whole, whole_population=_gemeente_population(gemeente, year),
        whole_earlier_population=_gemeente_population(gemeente, year - 1),
    )
