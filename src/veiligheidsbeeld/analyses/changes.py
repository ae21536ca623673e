"""Whether a change shown on a page is significant: the rate-ratio test per figure, FDR over what the page shows.

A page that lists the change of every wijk (or every theme, or every priority) against the same months a year
earlier shows a family of comparisons; without correction one in twenty pure-noise changes would get an arrow.
:func:`assess_changes` tests each change with the score test for the ratio of two Poisson counts over equal
periods (:func:`veiligheidsbeeld.stats.poisson_rate_test`, :cite:`gu2008`), gives its 95 % score interval as a
percentage (:func:`veiligheidsbeeld.stats.rate_ratio_interval`) and controls the false discovery rate over the
family with Benjamini-Hochberg (:cite:`benjamini1995`). Only a significant change gets an arrow and a colour; the
others read "≈ not significant" with the interval on hover. A change on a base below :data:`.display.MIN_BASE`
registrations is not given as a percentage at all: the counts are shown.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from veiligheidsbeeld.stats import benjamini_hochberg, poisson_rate_test, rate_ratio_interval

from .display import MIN_BASE

__all__ = ["ALPHA", "ChangeAssessment", "assess_changes", "from_result"]

ALPHA = 0.05


@dataclass(frozen=True)
class ChangeAssessment:
    """What may be said of one change: ``direction`` is ``up``/``down`` only when significant after FDR, ``none``
    otherwise, ``small`` when the base is below :data:`MIN_BASE` (show ``previous -> current``, no percentage);
    ``lower``/``upper`` bound the relative change in percent (95 %)."""

    current: int
    previous: int
    percent: float | None
    lower: float | None
    upper: float | None
    q_value: float
    significant: bool
    direction: str
    small: bool


def assess_changes(pairs, *, alpha: float = ALPHA, exposures=None) -> list[ChangeAssessment | None]:
    """Assess ``pairs`` of ``(current, previous)`` counts (None where there is no comparison) as one family.

    ``exposures`` (optional) are ``(exposure now, exposure before)`` per pair, e.g. inhabitants; by default the
    periods are taken as equally long with equal exposure.
    """
    index, now, before, e_now, e_before = [], [], [], [], []
    for k, pair in enumerate(pairs):
        if pair is None or pair[0] is None or pair[1] is None:
            continue
        current, previous = int(pair[0]), int(pair[1])
        if current == 0 and previous == 0:
            continue
        index.append(k)
        now.append(current)
        before.append(previous)
        exposure = exposures[k] if exposures is not None and exposures[k] is not None else (1.0, 1.0)
        e_now.append(float(exposure[0]))
        e_before.append(float(exposure[1]))
    result: list[ChangeAssessment | None] = [None] * len(pairs)
    if not index:
        return result
    test = poisson_rate_test(now, e_now, before, e_before)
    lower, upper = rate_ratio_interval(now, e_now, before, e_before, alpha=alpha)
    q, significant = benjamini_hochberg(test.p_value, alpha)
    for n, k in enumerate(index):
        ratio_shift = e_now[n] / e_before[n]
        percent = (now[n] / before[n] / ratio_shift - 1) * 100.0 if before[n] else None
        direction = "none"
        if significant[n]:
            direction = "up" if test.statistic[n] > 0 else "down"
        result[k] = ChangeAssessment(
            current=now[n], previous=before[n], percent=percent,
            lower=None if not np.isfinite(lower[n]) else float((lower[n] - 1) * 100.0),
            upper=None if not np.isfinite(upper[n]) else float((upper[n] - 1) * 100.0),
            q_value=float(q[n]), significant=bool(significant[n]), direction=direction,
            small=before[n] < MIN_BASE,
        )
    return result


def from_result(change) -> ChangeAssessment:
    """The :class:`ChangeAssessment` of a stored :class:`~.models.ChangeResult` (its FDR family is the run)."""
    def percent(ratio):
        return None if ratio is None else (ratio - 1) * 100.0

    return ChangeAssessment(
        current=change.count, previous=change.previous_count, percent=percent(change.rate_ratio),
        lower=percent(change.lower), upper=percent(change.upper), q_value=change.q_value,
        significant=change.significant, direction=change.direction, small=change.previous_count < MIN_BASE,
    )
