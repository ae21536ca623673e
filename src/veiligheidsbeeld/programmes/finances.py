"""The programme's financial overview: planned and spent per theme and per priority, per year and in total.

Every budget line counts once in the theme overview (under its measure's theme, or "no theme") and once in
the priority overview (under its measure's priority code, or "no priority"), so both add up to the same total.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from .models import Budget

__all__ = ["BudgetOverview", "Totals", "budget_overview"]


@dataclass
class Totals:
    """Planned and spent euros, in total and per year."""

    planned: Decimal = Decimal(0)
    spent: Decimal = Decimal(0)
    years: dict[int, dict[str, Decimal]] = field(default_factory=dict)

    def add(self, year: int, planned: Decimal, spent: Decimal) -> None:
        self.planned += planned
        self.spent += spent
        cell = self.years.setdefault(year, {"planned": Decimal(0), "spent": Decimal(0)})
        cell["planned"] += planned
        cell["spent"] += spent


@dataclass
class BudgetOverview:
    """Totals per theme code and per priority code ("" where a measure has none), and the grand total."""

    years: list[int]
    by_theme: dict[str, Totals]
    by_priority: dict[str, Totals]
    total: Totals
    has_examples: bool


def budget_overview(measures) -> BudgetOverview:
    """Sum the budgets of ``measures`` (a Measure queryset, e.g. the ones a user may see)."""
    by_theme: dict[str, Totals] = defaultdict(Totals)
    by_priority: dict[str, Totals] = defaultdict(Totals)
    total = Totals()
    has_examples = False
    budgets = Budget.objects.filter(measure__in=measures).select_related("measure__theme")
    for budget in budgets:
        measure = budget.measure
        theme = measure.theme.code if measure.theme_id else ""
        for totals in (by_theme[theme], by_priority[measure.priority_code], total):
            totals.add(budget.year, budget.planned, budget.spent)
        has_examples = has_examples or budget.is_example
    return BudgetOverview(sorted(total.years), dict(by_theme), dict(by_priority), total, has_examples)
