"""Figures of a set of themes per area (summed in one query) and how they may be shown to a user.

Counts leave the privileged zone under disclosure control (:mod:`veiligheidsbeeld.core.disclosure`): for users
without ``accounts.view_small_counts`` a count below the threshold reads ``<5`` and its rate and change are not
shown, because with the population they would give the count back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from veiligheidsbeeld.analyses.indicators import AreaValue, month_index, rates, theme_values, window_table
from veiligheidsbeeld.analyses.indicators import summed_values as run_summed_values
from veiligheidsbeeld.analyses.models import AnalysisRun, IndicatorSeries
from veiligheidsbeeld.core.disclosure import SECRET, DisclosurePolicy, format_count

__all__ = ["Shown", "area_theme_rows", "nl_count", "published_shown", "rank_of", "shown", "summed_values"]


def summed_values(run, themes, areas, end: dt.date, window: int = 12) -> dict[int, AreaValue]:
    """Area pk -> figures of the themes summed, for the ``window`` months ending at ``end``.

    A finished run is read from its arrays kept in process memory (:func:`~veiligheidsbeeld.analyses.indicators.
    summed_values`); a run still being written from the database (one query).
    """
    if run.status == AnalysisRun.Status.DONE:
        return run_summed_values(run, themes, areas, end, window)
    end_i = month_index(run, end)
    start, before = end_i - window + 1, end_i - 12
    sums: dict[int, list] = {}
    for area_id, counts, population, rates in IndicatorSeries.objects.filter(
        run=run, theme__in=themes, area__in=areas
    ).values_list("area_id", "counts", "population", "rates"):
        if start < 0 or end_i >= len(counts):
            continue
        entry = sums.setdefault(area_id, [0, 0 if before - window + 1 >= 0 else None, population[end_i], False])
        entry[0] += sum(counts[start : end_i + 1])
        if entry[1] is not None:
            entry[1] += sum(counts[before - window + 1 : before + 1])
        entry[3] = entry[3] or rates[end_i] is not None
    result = {}
    for area in areas:
        if area.pk not in sums:
            continue
        count, previous, population, has_rate = sums[area.pk]
        rate = count / population * 1000.0 * 12.0 / window if population and has_rate else None
        change = (count - previous) / previous * 100.0 if previous else None
        result[area.pk] = AreaValue(area, count, previous, population, rate, change)
    return result


def nl_count(value: int) -> str:
    """1234 -> '1.234' (Dutch thousands separator)."""
    return "{:,}".format(int(value)).replace(",", ".")


def _label(value: int | None, policy: DisclosurePolicy | None) -> str:
    if value is None:
        return "–"
    text = str(value) if policy is None else format_count(value, policy)
    return nl_count(int(text)) if text.isdigit() else text


@dataclass(frozen=True)
class Shown:
    """An area's figures as they may be shown: protected count labels plus the numbers that remain visible."""

    value: AreaValue
    count: str
    previous: str
    rate: float | None
    change: float | None
    #: the published counts (``count``/``previous`` None where hidden or absent) of a figure read from the one
    #: published source; a change or its significance is assessed from these, never from ``value``
    published: AreaValue | None = None

    @property
    def area(self):
        return self.value.area

    @property
    def population(self):
        return self.value.population


def shown(value: AreaValue, policy: DisclosurePolicy | None) -> Shown:
    """Labels of ``value`` for a user with ``policy`` (``None``: everything is shown).

    Under a policy, the rate of a count below the threshold is hidden, and so is a change with a small side.
    """
    small = policy is not None and 0 < value.count < policy.threshold
    small_before = policy is not None and value.previous is not None and 0 < value.previous < policy.threshold
    return Shown(
        value,
        _label(value.count, policy),
        _label(value.previous, policy),
        None if small else value.rate,
        None if small or small_before else value.change,
    )


def published_shown(state, area, column) -> Shown | None:
    """The figures of ``area`` x ``column`` (a key of :mod:`.published`) for the state's period and viewer, read
    from the one published source: counts after linked-table disclosure control, the rate and the change
    computed from published counts only. None when the run has no such figure."""
    from .published import previous_end, published_window

    window = published_window(state.run, state.end, state.policy)
    if window is None or not window.has(area.pk, column):
        return None
    before = published_window(state.run, previous_end(state.end), state.policy)
    count = window.count(area.pk, column)
    previous = before.count(area.pk, column) if before is not None and before.has(area.pk, column) else None
    has_previous = before is not None and before.has(area.pk, column)
    change = (count - previous) / previous * 100.0 if count is not None and previous else None
    true = window.true_count(area.pk, column)
    true_previous = before.true_count(area.pk, column) if has_previous else None
    population = window.population[window.rows[area.pk]]
    value = AreaValue(area, true, true_previous, None if np.isnan(population) else int(population),
                      window.rate(area.pk, column), change)
    return Shown(
        value,
        SECRET if count is None else nl_count(count),
        "–" if not has_previous else (SECRET if previous is None else nl_count(previous)),
        window.rate(area.pk, column),
        change,
        AreaValue(area, count, previous, value.population, window.rate(area.pk, column), change),
    )


def rank_of(values: dict[int, AreaValue], area_pk: int, key: str = "rate") -> tuple[int, int] | None:
    """(rank, number of ranked areas) of an area by ``key`` descending (1 = highest), or None if not ranked."""
    ranked = sorted(
        (v for v in values.values() if getattr(v, key) is not None), key=lambda v: getattr(v, key), reverse=True
    )
    for position, value in enumerate(ranked, start=1):
        if value.area.pk == area_pk:
            return position, len(ranked)
    return None


def area_theme_rows(run, themes, area, peer_pks, gemeente_area, end: dt.date, window: int = 12) -> list[tuple]:
    """``(theme, area value, gemeente value, rank)`` per theme with a series for ``area`` in a finished run.

    The rank is :func:`rank_of` by rate among ``peer_pks`` (the areas of the same level, ``area`` included),
    computed on the arrays of the run at once instead of per theme; the gemeente value is None when ``area`` is
    the gemeente itself. Disclosure control is left to the caller.
    """
    others = [pk for pk in peer_pks if pk != area.pk and pk != gemeente_area.pk]
    table = window_table(run, themes, others + [area.pk, gemeente_area.pk], end, window)
    if table is None:
        return []
    me, whole_row = len(others), len(others) + 1
    peer_rates = rates(table)[: len(others) + 1]
    higher_or_equal = peer_rates[:-1] >= peer_rates[-1]  # earlier peers come first among equal rates
    ranked = (~np.isnan(peer_rates)).sum(axis=0)
    rows = []
    for column, theme in enumerate(themes):
        mine = theme_values(table, me, column, area)
        if mine is None:
            continue
        whole = None if gemeente_area.pk == area.pk else theme_values(table, whole_row, column, gemeente_area)
        rank = None
        if not np.isnan(peer_rates[-1, column]):
            rank = (int(higher_or_equal[:, column].sum()) + 1, int(ranked[column]))
        rows.append((theme, mine, whole, rank))
    return rows
