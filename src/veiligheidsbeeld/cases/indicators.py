"""Indicators of the casusregie (issue 16, DOMAINS.md §1d): counts per type and wijk, median days from registration
to an adopted plan, and the share of life domains improved by at least one point. Cases and the anonymised
residues of deleted cases count alike, so retention does not change the history."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field

from .choices import CaseType, Status

__all__ = ["Indicators", "indicators", "module_indicators"]

PRIORITY = "veiligheid-zorg"


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


def indicators(gemeente, year: int | None = None) -> Indicators:
    """The indicators of every case of ``gemeente``, or of the cases registered in ``year`` (the cohort)."""
    from .models import Case, CaseResidue
    from .module import residue_of

    result = Indicators()
    closed = {Status.AFGESLOTEN, Status.TERUGVERWEZEN}
    cases = Case.objects.filter(gemeente=gemeente)
    residues = CaseResidue.objects.filter(gemeente=gemeente)
    if year is not None:
        cases = cases.filter(registered_at__year=year)
        residues = residues.filter(registered_year=year)
    for case in cases.select_related("wijk", "gemeente"):
        key = (case.case_type, case.wijk.code if case.wijk else "")
        result.registered[key] += 1
        (result.closed if case.status in closed else result.active)[key] += 1
        residue = residue_of(case)
        if residue["days_to_plan"] is not None:
            result.days_to_plan.append(residue["days_to_plan"])
        result.domains_measured += residue["domains_measured"]
        result.domains_improved += residue["domains_improved"]
    for residue in residues:
        key = (residue.case_type, residue.wijk_code)
        result.registered[key] += 1
        result.closed[key] += 1
        if residue.days_to_plan is not None:
            result.days_to_plan.append(residue.days_to_plan)
        result.domains_measured += residue.domains_measured
        result.domains_improved += residue.domains_improved
    return result


def module_indicators(gemeente, year: int, policy) -> list:
    """The casusregie in the veiligheidsbeeld (:mod:`veiligheidsbeeld.core.module_indicators`): the cases
    registered in ``year`` per type, their median days to an adopted plan and the share of life domains
    improved. Counts only, no person: nothing to audit."""
    from django.utils.translation import gettext_lazy as _

    from veiligheidsbeeld.core import module_indicators as mi

    result = indicators(gemeente, year)
    per_type = Counter()
    for (case_type, _wijk), n in result.registered.items():
        per_type[case_type] += n
    labels = dict(CaseType.choices)
    note = _("Casusregie (Zorg- en Veiligheidshuis): cases registered in the year, with the anonymised residues of "
             "deleted cases.")
    value, status = mi.count(sum(per_type.values()), policy)
    days, days_status = mi.median(result.days_to_plan, policy)
    improved, improved_status = mi.share(result.domains_improved, result.domains_measured, policy)
    return [
        mi.Indicator("cases.registered", _("Cases registered"), value, "aantal", PRIORITY, status,
                     mi.breakdown([(labels[t], per_type[t]) for t in CaseType.values], policy), _("per type"),
                     note),
        mi.Indicator("cases.days_to_plan", _("Median days from registration to an adopted plan"), days, "dagen",
                     PRIORITY, days_status, note=note),
        mi.Indicator("cases.domains_improved", _("Life domains improved by at least one point"), improved, "%",
                     PRIORITY, improved_status,
                     note=_("Share of the life domains measured twice (first and last measurement of the main "
                            "person) that improved by at least one point; cases registered in the year.")),
    ]
