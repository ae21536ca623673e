"""What changed since the year before: relative change and its significance for every published figure.

Each change compares the period's count with the same period a year earlier with the score test for the ratio
of two Poisson rates (:func:`veiligheidsbeeld.stats.poisson_rate_test`, :cite:`gu2008`), with the inhabitants
as exposure where both are known (else equal exposure: the periods have the same length). The p-values of all
changes in the report form one family: Benjamini-Hochberg q-values (:func:`veiligheidsbeeld.stats.
benjamini_hochberg`, :cite:`benjamini1995`) keep the expected share of false "significant" changes at
:data:`ALPHA`. Only figures published in both periods are compared, so nothing suppressed leaks through a change.
"""

from __future__ import annotations

from dataclasses import dataclass

from veiligheidsbeeld.stats import benjamini_hochberg, poisson_rate_test

from .protection import ALL, PublishedFigures

__all__ = ["ALPHA", "MIN_EARLIER", "Change", "biggest", "compute_changes"]

ALPHA = 0.05
#: Relative changes are listed among the biggest rises and falls only from this many registrations a year before.
MIN_EARLIER = 10


@dataclass(frozen=True)
class Change:
    """Change of one published figure (``row``: wijk pk or ``ALL``) of ``theme_code``."""

    row: object
    theme_code: str
    current: int
    earlier: int
    percent: float | None
    q_value: float
    significant: bool


def compute_changes(published: PublishedFigures) -> dict[tuple[object, str], Change]:
    """Changes of every figure published in both periods, keyed by ``(row, theme code)``."""
    figures = published.figures
    if figures.earlier is None:
        return {}
    keys, now, before, exposure_now, exposure_before = [], [], [], [], []
    for (earlier, row, code), cell in published.cells.items():
        if earlier or not cell.shown:
            continue
        other = published.cells.get((True, row, code))
        if other is None or not other.shown:
            continue
        pops = (None, None)
        if row != ALL:
            pops = (figures.population.get(row), figures.earlier_population.get(row))
        else:
            pops = (figures.total_population(), figures.total_population(earlier=True))
        keys.append((row, code))
        now.append(cell.value)
        before.append(other.value)
        both = pops[0] and pops[1]
        exposure_now.append(pops[0] if both else 1)
        exposure_before.append(pops[1] if both else 1)
    if not keys:
        return {}
    test = poisson_rate_test(now, exposure_now, before, exposure_before)
    q_values, rejected = benjamini_hochberg(test.p_value, ALPHA)
    result = {}
    for k, key in enumerate(keys):
        percent = (now[k] - before[k]) / before[k] * 100.0 if before[k] else None
        result[key] = Change(key[0], key[1], now[k], before[k], percent, float(q_values[k]), bool(rejected[k]))
    return result


def biggest(changes: dict, rows, codes, *, rising: bool, limit: int = 5) -> list[Change]:
    """The largest relative rises (or falls) among ``rows`` x ``codes`` with at least :data:`MIN_EARLIER` before."""
    candidates = [
        c for c in changes.values()
        if c.row in rows and c.theme_code in codes and c.earlier >= MIN_EARLIER and c.percent is not None
        and (c.percent > 0 if rising else c.percent < 0)
    ]
    candidates.sort(key=lambda c: (-abs(c.percent), str(c.row), c.theme_code))
    return candidates[:limit]

