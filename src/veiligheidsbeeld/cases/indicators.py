"""Indicators of the casusregie (issue 16, DOMAINS.md §1d): counts per type and wijk, median days from registration
to an adopted plan, and the share of life domains improved by at least one point. Cases and the anonymised
residues of deleted cases count alike, so retention does not change the history."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field

from .choices import CaseType, Status

__all__ = ["Indicators", "TopXFlow", "indicators", "module_indicators", "topx_flow"]

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


@dataclass(frozen=True)
class TopXFlow:
    """The Top-X list of a year: its size at the end of the year (or today, for the running year), and the
    placements that flowed in and out during it."""

    size: int
    inflow: int
    outflow: int


def topx_flow(gemeente, year: int, today=None) -> TopXFlow:
    import datetime as dt

    from django.db.models import Q
    from django.utils import timezone

    from .models import TopXPlacement

    end = min(dt.date(year, 12, 31), today or timezone.localdate())
    placements = TopXPlacement.objects.filter(case__gemeente=gemeente)
    size = placements.filter(inflow_on__lte=end).filter(Q(outflow_on__isnull=True) | Q(outflow_on__gt=end)).count()
    return TopXFlow(size, placements.filter(inflow_on__year=year).count(),
                    placements.filter(outflow_on__year=year).count())


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
    flow = topx_flow(gemeente, year)

    def linked(why, *figures):
        """Counts that add up to each other (open + closed = registered; size, inflow and outflow chain the years):
        when one is hidden, all are, so that none can be derived from the others."""
        shown = [mi.count(n, policy) for _key, _label, n in figures]
        if any(status == mi.SECRET for _value, status in shown):
            shown = [(None, mi.SECRET)] * len(figures)
        return [mi.Indicator(key, label, value, "aantal", PRIORITY, status, note=why)
                for (key, label, _n), (value, status) in zip(figures, shown)]

    topx_note = _("Top-X: persons on the list at the end of the year (today for the running year), and the "
                  "placements that started and ended in the year.")
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
        *linked(note, ("cases.active", _("Cases of the year still open"), sum(result.active.values())),
                ("cases.closed", _("Cases of the year closed"), sum(result.closed.values()))),
        *linked(topx_note, ("cases.topx_size", _("Top-X list size"), flow.size),
                ("cases.topx_inflow", _("Top-X inflow"), flow.inflow),
                ("cases.topx_outflow", _("Top-X outflow"), flow.outflow)),
    ]
