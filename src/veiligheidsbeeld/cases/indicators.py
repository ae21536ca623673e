"""Indicators of the casusregie (issue 16, DOMAINS.md §1d): counts per type and wijk, median days from registration
to an adopted plan, and the share of life domains improved by at least one point. Cases and the anonymised
residues of deleted cases count alike, so retention does not change the history."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field

from .choices import CaseType, Status

__all__ = ["Indicators", "indicators"]


@dataclass
class Indicators:
    registered: Counter = field(default_factory=Counter)  # (type, wijk code) -> count
    active: Counter = field(default_factory=Counter)
    closed: Counter = field(default_factory=Counter)
    days_to_plan: list[int] = field(default_factory=list)
    domains_measured: int = 0
    domains_improved: int = 0

    @property
    def median_days_to_plan(self) -> float | None:
        return statistics.median(self.days_to_plan) if self.days_to_plan else None

    @property
    def share_improved(self) -> float | None:
        """Life domains improved by >= 1 point between the first and last measurement, over those measured twice."""
        return self.domains_improved / self.domains_measured if self.domains_measured else None

    def table(self, counter: Counter, wijken: list[str]) -> list[list[int]]:
        """``counter`` as a wijken x types table (rows in ``wijken`` order, columns in :class:`CaseType` order)."""
        return [[counter[(t, w)] for t in CaseType.values] for w in wijken]


def indicators(gemeente) -> Indicators:
    from .models import Case, CaseResidue
    from .module import residue_of

    result = Indicators()
    closed = {Status.AFGESLOTEN, Status.TERUGVERWEZEN}
    for case in Case.objects.filter(gemeente=gemeente).select_related("wijk", "gemeente"):
        key = (case.case_type, case.wijk.code if case.wijk else "")
        result.registered[key] += 1
        (result.closed if case.status in closed else result.active)[key] += 1
        residue = residue_of(case)
        if residue["days_to_plan"] is not None:
            result.days_to_plan.append(residue["days_to_plan"])
        result.domains_measured += residue["domains_measured"]
        result.domains_improved += residue["domains_improved"]
    for residue in CaseResidue.objects.filter(gemeente=gemeente):
        key = (residue.case_type, residue.wijk_code)
        result.registered[key] += 1
        result.closed[key] += 1
        if residue.days_to_plan is not None:
            result.days_to_plan.append(residue.days_to_plan)
        result.domains_measured += residue.domains_measured
        result.domains_improved += residue.domains_improved
    return result
