"""Harmonising areas of older (or newer) CBS indelingen into the indeling of a run.

CBS re-divides wijken and buurten between years. A registration stays on the area of the indeling it was
located in (the bicycle thefts of 2013-2017 on the 2017 buurten); a run works on one indeling (``area_year``).
Rules, applied per source area:

1. **Unchanged code**: an area whose code exists at the same level in the target year carries over whole.
2. **Boundary overlap**: otherwise, when the source area and all target areas of its level have a boundary,
   the source area is split over the target areas in proportion to the overlap of the boundaries (shapely).
   Overlaps below :data:`MIN_SHARE` of the source surface are slivers of simplified boundaries and are
   dropped; the allocation is accepted only when at least :data:`MIN_COVERAGE` of the source surface lies
   within target areas.
3. **Parent**: when neither works, the parent area (a buurt's wijk) is tried with the same rules; the counts
   then reach the wijk and gemeente totals but no buurt.
4. **Reported**: whatever is left is listed with its reason and its registrations are left out. Nothing is
   guessed.

Shares are computed on WGS84 coordinates; within one gemeente the ratio of surfaces is practically the same as
in a projected system. Counts split over several areas are rounded to whole registrations with the largest
remainder method (ties to the target with the lowest code), so totals are kept exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely

__all__ = ["MIN_COVERAGE", "MIN_SHARE", "Harmonisation", "harmonise", "split_count"]

MIN_SHARE = 0.01
MIN_COVERAGE = 0.95


@dataclass
class Harmonisation:
    """Where the registrations on each source area go: ``targets[source_id] = [(target_id, share), ...]``.

    ``report`` lists every source area that was not carried over by its code: ``{"area", "year", "method",
    "targets"}`` for allocations (method ``overlap`` or ``parent``) and ``{"area", "year", "reason"}`` for
    areas left out (their id is absent from ``targets``).
    """

    target_year: int
    targets: dict[int, list[tuple[int, float]]] = field(default_factory=dict)
    report: list[dict] = field(default_factory=list)

    @property
    def unresolved(self) -> list[dict]:
        return [item for item in self.report if "reason" in item]


def _shape(area):
    try:
        shape = shapely.geometry.shape(area.geometry)
    except (AttributeError, KeyError, TypeError, ValueError):
        return None
    return None if shape.is_empty or shape.area <= 0 else shapely.make_valid(shape)


class _Index:
    """The target areas of one level: by code, and their boundaries in an STRtree when all have one."""

    def __init__(self, areas):
        self.areas = list(areas)
        self.by_code = {a.code: a for a in self.areas}
        shapes = [_shape(a) for a in self.areas]
        self.complete = bool(self.areas) and all(s is not None for s in shapes)
        self.shapes = shapes
        self.tree = shapely.STRtree(shapes) if self.complete else None


def _overlap(area, index: _Index):
    """``(targets, None)`` by boundary overlap, or ``(None, reason)``."""
    shape = _shape(area)
    if shape is None:
        return None, "no boundary for {} ({})".format(area.code, area.year)
    if not index.complete:
        return None, "not every {} of the target indeling has a boundary".format(area.level)
    shares = {}
    for i in index.tree.query(shape, predicate="intersects"):
        share = shape.intersection(index.shapes[i]).area / shape.area
        if share >= MIN_SHARE:
            shares[index.areas[i]] = share
    coverage = sum(shares.values())
    if coverage < MIN_COVERAGE:
        return None, "only {:.0%} of {} ({}) lies within areas of the target indeling".format(
            coverage, area.code, area.year
        )
    ordered = sorted(shares.items(), key=lambda item: item[0].code)
    return [(target.pk, share / coverage) for target, share in ordered], None


def harmonise(sources, targets, target_year: int) -> Harmonisation:
    """Map each source area (of any indeling year) onto the target areas of ``target_year``.

    Parameters
    ----------
    sources : iterable of Area
        The areas the registrations are on (with ``parent`` loaded for rule 3).
    targets : iterable of Area
        All areas of the target indeling of the gemeente.
    target_year : int
        The indeling year of ``targets``.
    """
    by_level: dict[str, list] = {}
    for area in targets:
        by_level.setdefault(area.level, []).append(area)
    indices = {level: _Index(areas) for level, areas in by_level.items()}
    result = Harmonisation(target_year)

    def resolve(area):
        """``(allocation, carried_by_code, reason)``."""
        index = indices.get(area.level)
        if index is None:
            return None, False, "the target indeling has no {}".format(area.level)
        same = index.by_code.get(area.code)
        if same is not None:
            return [(same.pk, 1.0)], True, None
        allocation, reason = _overlap(area, index)
        return allocation, False, reason

    for area in sources:
        if area.year == target_year:
            result.targets[area.pk] = [(area.pk, 1.0)]
            continue
        allocation, carried, reason = resolve(area)
        if allocation is not None:
            result.targets[area.pk] = allocation
            if not carried:
                result.report.append(_allocated(area, "overlap", allocation, indices))
            continue
        if area.parent is not None:
            allocation, _, _ = resolve(area.parent)
            if allocation is not None:
                result.targets[area.pk] = allocation
                result.report.append(_allocated(area, "parent", allocation, indices, reason=reason))
                continue
        result.report.append({"area": area.code, "year": area.year, "reason": reason})
    return result


def _allocated(area, method, allocation, indices, reason=None) -> dict:
    codes = {a.pk: a.code for index in indices.values() for a in index.areas}
    item = {
        "area": area.code,
        "year": area.year,
        "method": method,
        "targets": {codes[pk]: round(share, 4) for pk, share in allocation},
    }
    if reason:
        item["note"] = reason
    return item


def split_count(count: int, shares: list[float]) -> list[int]:
    """Whole registrations per target: floor of ``count * share`` plus the largest remainders.

    >>> split_count(10, [0.55, 0.45]), split_count(1, [0.5, 0.5]), split_count(7, [1.0])
    ([6, 4], [1, 0], [7])
    """
    exact = np.asarray(shares, dtype=float) * count
    whole = np.floor(exact).astype(int)
    left = count - int(whole.sum())
    if left:
        order = np.argsort(-(exact - whole), kind="stable")
        whole[order[:left]] += 1
    return whole.tolist()
