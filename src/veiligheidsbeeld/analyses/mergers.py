"""Series across a gemeentelijke herindeling: harmonised by summing the predecessors, or broken visibly.

A gemeente formed by a merger (Groningen with Haren and Ten Boer on 1 January 2019) has figures before the
merger that cover only its own former territory. For every predecessor (``areas.herindelingen.predecessors``,
with the date until which it existed):

- where the predecessor's figures for a period before the merger are registered (cube cells on its
  gemeente-level area, same precision), they are added to the gemeente's total for that period: the series is
  harmonised to today's territory;
- where they are not registered although the gemeente has figures then, the series gets a **break** after the
  last period without them (at the merger when none are registered): no change is computed and no trend runs across it, and the break is shown.

Only the gemeente's own total is affected; wijken and buurten are harmonised by :mod:`.harmonisation`.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from veiligheidsbeeld.areas.models import AreaLevel
from veiligheidsbeeld.registrations.models import CubeCell

__all__ = ["apply_mergers", "predecessors_of"]


def predecessors_of(gemeente_code: str) -> list[tuple[str, str, dt.date]]:
    """``[(code, name, valid_until)]`` of the other gemeenten that went whole into the gemeente
    (:func:`veiligheidsbeeld.areas.herindelingen.predecessors`; the gemeente itself, listed there as its own
    predecessor, is already in its series). Empty when no herindelingen are loaded."""
    from veiligheidsbeeld.areas.herindelingen import NotCoveredError, predecessors

    try:
        found = predecessors(gemeente_code)
    except NotCoveredError:
        return []
    return [(code, name, until) for code, name, until in found if until is not None and code != gemeente_code]


def partial_herindelingen(gemeente_code: str) -> list[tuple[dt.date, str]]:
    """``[(date, names)]`` of the herindelingen in which the gemeente took only part of another gemeente: a series
    across such a date cannot be made comparable by summing (it always gets a break)."""
    from veiligheidsbeeld.areas.models import Herindeling

    rows = (
        Herindeling.objects.filter(gemeente_code=gemeente_code, predecessors__whole=False)
        .values_list("date", "predecessors__name")
        .order_by("date")
    )
    result: dict[dt.date, list[str]] = {}
    for date, name in rows:
        result.setdefault(date, []).append(name)
    return [(date, ", ".join(names)) for date, names in result.items()]


def apply_mergers(gemeente, starts: list[dt.date], precision: str, leaf_index: dict[int, int],
                  counts: np.ndarray) -> tuple[list[int], list[dict]]:
    """Add the predecessors' registered figures into ``counts`` (leaf themes x periods of the gemeente's own
    total, in place) and return ``(break indices, notes)``.

    A break index ``k`` means: the series changes territory between period ``k - 1`` and ``k``. Notes are
    ``{"predecessor", "name", "until", "method": "summed" | "break", "periods"}`` for the run summary.
    """
    breaks, notes = [], []
    if not starts:
        return breaks, notes
    position = {start: k for k, start in enumerate(starts)}
    has_data = counts.sum(axis=0) > 0
    for code, name, until in predecessors_of(gemeente.code):
        before = [k for k, start in enumerate(starts) if start <= until]
        if not before:
            continue
        cells = CubeCell.objects.filter(
            area__code=code, area__level=AreaLevel.GEMEENTE, precision=precision, period_start__lte=until
        ).values_list("theme_id", "period_start", "count")
        covered = set()
        for theme_id, start, count in cells:
            k, j = position.get(start), leaf_index.get(theme_id)
            if k is None or j is None:
                continue
            counts[j, k] += count
            covered.add(k)
        missing = [k for k in before if k not in covered and has_data[k]]
        # The series is on today's territory from just after the last period the predecessor is missing from.
        after = max(missing) + 1 if missing else None
        if after is not None and after >= len(starts):
            after = None
        if covered:
            notes.append({"predecessor": code, "name": name, "until": until.isoformat(), "method": "summed",
                          "periods": [starts[k].isoformat() for k in sorted(covered)]})
        if missing and after is not None:
            breaks.append(after)
            notes.append({"predecessor": code, "name": name, "until": until.isoformat(), "method": "break",
                          "periods": [starts[k].isoformat() for k in missing]})
    for date, names in partial_herindelingen(gemeente.code):
        after = next((k for k, start in enumerate(starts) if start >= date), None)
        if after and has_data[:after].any():
            breaks.append(after)
            notes.append({"predecessor": "", "name": names, "until": (date - dt.timedelta(days=1)).isoformat(),
                          "method": "break", "periods": [], "partial": True})
    return sorted(set(breaks)), notes
