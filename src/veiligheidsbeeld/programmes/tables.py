"""The programme's tables per priority: euros per year of the framework period with over-spending flagged, and the
balance of preventie / zorg / repressie (the framework's second principle) by number of measures and by budget.

Rules:

- The years are every year of the framework period (``period_start..period_end``), plus any year outside it that
  has a budget line, so no euro disappears from a table; a year without budget shows an empty cell, not a gap.
- A cell is over-spent when its spent amount exceeds its planned amount (``spent > planned``); a year with spending
  but no plan is over-spent too.
- A measure counts in the balance in every year of its own period that lies in the table: from its start year to
  its end year, or to the last table year when it has no end. Its budget counts in the year of each budget line.

Every amount is in euros (EUR); the pages print the unit with each figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from .choices import Intervention
from .finances import Totals

__all__ = ["Balance", "BalanceRow", "YearCell", "balance", "budget_chart", "balance_chart", "table_years",
           "year_cells"]


@dataclass(frozen=True)
class YearCell:
    """Planned and spent euros of one year, and whether spending exceeds the plan."""

    year: int
    planned: Decimal | None
    spent: Decimal | None

    @property
    def over(self) -> bool:
        return self.spent is not None and self.spent > (self.planned or 0)

    @property
    def overrun(self) -> Decimal:
        return (self.spent or 0) - (self.planned or 0) if self.over else Decimal(0)


def table_years(framework, *budget_years) -> list[int]:
    """Every year of the framework period and every other year in ``budget_years``, in order."""
    years = set(range(framework.period_start, framework.period_end + 1)) if framework is not None else set()
    for group in budget_years:
        years.update(group)
    return sorted(years)


def year_cells(totals: Totals | None, years: list[int]) -> list[YearCell]:
    """One cell per year (``None`` amounts where the year has no budget line)."""
    cells = []
    for year in years:
        cell = totals.years.get(year) if totals is not None else None
        cells.append(YearCell(year, cell["planned"] if cell else None, cell["spent"] if cell else None))
    return cells


@dataclass
class BalanceRow:
    """One intervention type in a priority: measures per year, planned euros per year, and the totals."""

    intervention: str
    label: str
    measures: list[int] = field(default_factory=list)
    planned: list[Decimal] = field(default_factory=list)
    measures_total: int = 0
    planned_total: Decimal = Decimal(0)

    @property
    def per_year(self) -> list[tuple[int, Decimal]]:
        """(measures, planned euros) per year."""
        return list(zip(self.measures, self.planned))


@dataclass
class Balance:
    """The balance of a priority: one row per intervention type, shares of the totals."""

    years: list[int]
    rows: list[BalanceRow]

    def share(self, row: BalanceRow, what: str) -> float | None:
        """The row's share (per cent) of all measures (``"measures"``) or of the planned budget (``"planned"``)."""
        total = sum(getattr(r, what + "_total") for r in self.rows)
        return round(100 * float(getattr(row, what + "_total")) / float(total), 0) if total else None


def balance(measures, years: list[int]) -> Balance:
    """The balance of ``measures`` (with their budgets prefetched or not) over ``years``, by intervention type."""
    rows = {value: BalanceRow(value, str(label), [0] * len(years), [Decimal(0)] * len(years))
            for value, label in Intervention.choices}
    index = {year: k for k, year in enumerate(years)}
    last = years[-1] if years else None
    for measure in measures:
        row = rows[measure.intervention]
        row.measures_total += 1
        end = measure.end.year if measure.end else last
        for year in years:
            if measure.start.year <= year <= (end if end is not None else year):
                row.measures[index[year]] += 1
        for budget in measure.budgets.all():
            row.planned_total += budget.planned
            if budget.year in index:
                row.planned[index[budget.year]] += budget.planned
    return Balance(years, list(rows.values()))


# -- charts: inline SVG rendered on the server (Vega-Lite through vl-convert, as the report's charts) ---------------

def _svg(spec: dict, prefix: str) -> str:
    from veiligheidsbeeld.reports import charts

    spec = {"$schema": charts.SCHEMA, "width": 440, "height": 170, **spec}
    return charts.to_svg(spec, prefix)


def budget_chart(cells: list[YearCell], prefix: str) -> str:
    """Planned and spent euros per year as grouped bars; over-spent years get their spent bar in red."""
    planned, spent = _("planned"), _("spent")
    values = []
    for cell in cells:
        values.append({"year": str(cell.year), "kind": planned, "euro": float(cell.planned or 0), "colour": planned})
        values.append({"year": str(cell.year), "kind": spent, "euro": float(cell.spent or 0),
                       "colour": _("spent, over the plan") if cell.over else spent})
    return _svg({
        "data": {"values": values},
        "mark": {"type": "bar"},
        "encoding": {
            "x": {"field": "year", "type": "ordinal", "title": None, "axis": {"labelAngle": 0}},
            "xOffset": {"field": "kind", "sort": [planned, spent]},
            "y": {"field": "euro", "type": "quantitative", "title": _("euro (EUR)"),
                  "axis": {"format": ",.0f", "labelExpr": "'€ ' + datum.label"}},
            "color": {"field": "colour", "type": "nominal", "title": None,
                      "scale": {"domain": [planned, spent, _("spent, over the plan")],
                                "range": ["#9ca3af", "#0b5a66", "#b91c1c"]},
                      "legend": {"orient": "bottom"}},
        },
    }, prefix)


def balance_chart(value: Balance, prefix: str) -> str:
    """Planned euros per year stacked by intervention type (preventie, zorg, repressie)."""
    values = [{"year": str(year), "type": row.label, "euro": float(row.planned[k])}
              for row in value.rows for k, year in enumerate(value.years)]
    labels = [row.label for row in value.rows]
    return _svg({
        "data": {"values": values},
        "mark": {"type": "bar"},
        "encoding": {
            "x": {"field": "year", "type": "ordinal", "title": None, "axis": {"labelAngle": 0}},
            "y": {"field": "euro", "type": "quantitative", "title": _("planned (EUR)"), "stack": "zero",
                  "axis": {"format": ",.0f", "labelExpr": "'€ ' + datum.label"}},
            "color": {"field": "type", "type": "nominal", "title": None,
                      "scale": {"domain": labels, "range": ["#1d4ed8", "#15803d", "#b45309"]},
                      "legend": {"orient": "bottom"}},
            "order": {"field": "type"},
        },
    }, prefix)
