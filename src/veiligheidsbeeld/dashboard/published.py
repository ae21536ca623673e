"""The one source of every published figure: the counts of a 12-month window as one protected linked table.

Every output that shows a count, rate, change or rank (dashboard cards and tables, the map, the area profiles,
the CSV export, the hot-spots API, the report and the open-data export) reads it from a :class:`Window`:

- rows: the gemeente, its wijken and buurten of the run's CBS indeling, and per parent a remainder row
  (registrations on the parent but in none of its children, e.g. "niet aan een wijk toe te wijzen"), so that
  every parent is exactly the sum of its rows;
- columns: every leaf theme, every theme group (the sum of its leaves), every priority of the current framework
  (the sum of its *distinct* leaves: a registration counts once however many groups or priorities its theme is
  in), ``all`` (every leaf once) and the registered totals (``misdrijven-totaal``, own series);
- disclosure control for viewers without ``accounts.view_small_counts``:
  :func:`veiligheidsbeeld.core.disclosure.protect_linked` over the whole table (primary and secondary suppression
  across gemeente > wijk > buurt and theme > group/priority), docs/adr/0015-linked-table-suppression.md.

Derived values are computed from the published counts only: a rate, change, smoothed rate or rank of a hidden
count does not exist for such a viewer. The window of the year before (for changes) is protected the same way.
Viewers without small-count rights see 12-month windows that end in the run's last calendar month only
(:func:`aligned_months`), so that overlapping windows cannot be subtracted from each other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from veiligheidsbeeld.analyses.indicators import month_index, window_table
from veiligheidsbeeld.analyses.models import AnalysisRun
from veiligheidsbeeld.areas.models import Area, AreaLevel
from veiligheidsbeeld.core.disclosure import DisclosurePolicy, protect_linked

from .sections import Section, current_framework_pk, sections_for, theme_tree

__all__ = ["ALL", "Window", "aligned_months", "column_of", "published_window", "section_column"]

#: Column key of every leaf theme once.
ALL = ("all", "")


def column_of(theme) -> tuple[str, str]:
    """Column key of a theme (leaf, group or registered total)."""
    return ("theme", theme.code)


def section_column(section: Section) -> tuple[str, str]:
    """Column key of a dashboard section: a priority (its distinct leaves) or a theme group."""
    return ("priority", section.code) if section.is_priority else ("theme", section.code)


def aligned_months(months: list[dt.date], last: dt.date) -> list[dt.date]:
    """The window ends a viewer without small-count rights may choose: ``last`` and every 12 months before it.

    Windows of 12 months that overlap could be subtracted (two windows one month apart differ by one month
    in and one month out); windows 12 months apart do not overlap.
    """
    return [m for m in months if ((last.year - m.year) * 12 + last.month - m.month) % 12 == 0]


@dataclass(frozen=True)
class Window:
    """The published figures of one 12-month window of a finished run for one disclosure policy.

    ``counts`` holds the true counts (rows x columns), ``hidden`` what the policy hides (all False without a
    policy), ``population`` the inhabitants per row in the window's last month (NaN where unknown), ``rated``
    whether a rate may be computed (a series with a rate in that month).
    """

    run_pk: int
    end: dt.date
    policy: DisclosurePolicy | None
    rows: dict[object, int]
    levels: dict[str, list[int]]
    columns: dict[tuple[str, str], int]
    counts: np.ndarray
    shown: np.ndarray
    hidden: np.ndarray
    population: np.ndarray
    rated: np.ndarray
    root: int

    def has(self, area_pk, column) -> bool:
        return area_pk in self.rows and column in self.columns

    def count(self, area_pk, column) -> int | None:
        """The published count (None: hidden, or no such row/column)."""
        if not self.has(area_pk, column):
            return None
        i, j = self.rows[area_pk], self.columns[column]
        return None if self.hidden[i, j] else int(self.shown[i, j])

    def true_count(self, area_pk, column) -> int:
        return int(self.counts[self.rows[area_pk], self.columns[column]])

    def rate(self, area_pk, column, window: int = 12) -> float | None:
        """Registrations per 1,000 inhabitants per year, from the published count only."""
        count = self.count(area_pk, column)
        if count is None:
            return None
        i, j = self.rows[area_pk], self.columns[column]
        population = self.population[i]
        if np.isnan(population) or population <= 0 or not self.rated[i, j]:
            return None
        return count / population * 1000.0 * 12.0 / window


def _structure(run: AnalysisRun, sections: list[Section], tree):
    """Areas (gemeente, wijken, buurten), their parents and the columns with their children."""
    areas = list(
        Area.objects.filter(gemeente=run.gemeente, year=run.area_year).defer("geometry").order_by("level", "code")
    )
    leaves = [t for t in tree.leaves]
    groups = [g for g in tree.groups if tree.children[g.pk]]
    totals = tree.totals
    columns: dict[tuple[str, str], int] = {}
    children: dict[int, list[int]] = {}
    for theme in leaves + totals:
        columns[column_of(theme)] = len(columns)
    for group in groups:
        columns[column_of(group)] = len(columns)
        children[columns[column_of(group)]] = [columns[column_of(t)] for t in tree.children[group.pk]]
    for section in sections:
        if not section.is_priority:
            continue
        distinct = []
        for theme in section.themes:
            for leaf in tree.children.get(theme.pk) or [theme]:
                key = column_of(leaf)
                if key in columns and columns[key] not in distinct and leaf.parent_id is not None:
                    distinct.append(columns[key])
        if distinct:
            columns[("priority", section.code)] = len(columns)
            children[columns[("priority", section.code)]] = distinct
    columns[ALL] = len(columns)
    children[columns[ALL]] = [columns[column_of(g)] for g in groups]
    return areas, leaves + totals, columns, children, _links(columns, children, groups, tree)


def _links(columns, children, groups, tree) -> list[dict[int, float]]:
    """Relations a priority adds when it takes part of a group: priority + the other themes of the groups it
    touches = those groups (the hierarchies alone do not show it; without it a theme left out of the priority
    is the difference of three published totals)."""
    group_of = {}
    for group in groups:
        for leaf in tree.children[group.pk]:
            group_of[columns[column_of(leaf)]] = group
    links = []
    for key, parent in columns.items():
        if key[0] != "priority":
            continue
        touched = []
        for leaf in children[parent]:
            if group_of[leaf] not in touched:
                touched.append(group_of[leaf])
        rest = [columns[column_of(leaf)] for g in touched for leaf in tree.children[g.pk]
                if columns[column_of(leaf)] not in children[parent]]
        link = {parent: 1.0}
        link.update({column: 1.0 for column in rest})
        link.update({columns[column_of(g)]: -1.0 for g in touched})
        links.append(link)
    return links


#: Cost tiers of the gemeente's figures (lower goes first; ``core.disclosure._cost_weights`` makes them
#: lexicographic: a figure of a higher tier is hidden only when no set of figures of lower tiers can protect).
#: Last: a theme of a priority, because the report's summary quotes every one of them (issue 15, done when "the
#: summary shows every gemeente total of 5 or more"). Before it: priority totals, "all" and registered totals
#: (the cards), themes no priority quotes, and first theme group totals: a group total that must complement a
#: small theme of its own is then known to within that theme's range anyway, and one hidden group total closes
#: the "all = sum of groups" relation for another. Measured on the demo (benchmarks/results/disclosure-attack.md):
#: leaves before totals would hide Straatroof (42) and Jeugdoverlast (1.411) in the summary instead of the
#: totals of High Impact Crimes and Veiligheid en zorg; with themes no priority quotes first, the "all"
#: relation cascades into Discriminatie (6) and Onrust en polarisatie (148).
TIER_GROUP, TIER_THEME, TIER_TOTAL, TIER_QUOTED = 0, 1, 2, 3


def _root_tiers(columns, column_children, registered) -> dict[int, int]:
    """The cost tier of every column's gemeente figure (issue 15: minimise the loss where it is read)."""
    quoted = {leaf for key, parent in columns.items() if key[0] == "priority" for leaf in column_children[parent]}
    tiers = {}
    for key, j in columns.items():
        if j in quoted:
            tiers[j] = TIER_QUOTED
        elif key[0] in ("priority", "all") or j in registered:
            tiers[j] = TIER_TOTAL
        elif j in column_children:
            tiers[j] = TIER_GROUP
        else:
            tiers[j] = TIER_THEME
    return tiers


def _build(run: AnalysisRun, end: dt.date, policy: DisclosurePolicy | None, sections, tree) -> Window | None:
    areas, series_themes, columns, column_children, links = _structure(run, sections, tree)
    table = window_table(run, series_themes, [a.pk for a in areas], end)
    if table is None:
        return None
    n_series = len(series_themes)
    base = np.zeros((len(areas), len(columns)), dtype=np.int64)
    rated = np.zeros((len(areas), len(columns)), dtype=bool)
    base[:, :n_series] = table.current
    rated[:, :n_series] = table.rated
    # groups first, then priorities and "all" (which may sum groups): children come before parents
    for parent in sorted(column_children):
        kids = column_children[parent]
        base[:, parent] = base[:, kids].sum(axis=1)
        rated[:, parent] = rated[:, kids].any(axis=1)
    rows: dict[object, int] = {a.pk: i for i, a in enumerate(areas)}
    by_pk = {a.pk: a for a in areas}
    root = next((a for a in areas if a.level == AreaLevel.GEMEENTE), None)
    row_children: dict[int, list[int]] = {}
    for area in areas:
        if area.parent_id in by_pk:
            row_children.setdefault(rows[area.parent_id], []).append(rows[area.pk])
    extra, population = [], list(table.population)
    for parent, kids in list(row_children.items()):
        remainder = base[parent] - base[kids].sum(axis=0)
        if np.any(remainder < 0):
            raise ValueError(
                "run #{}: area {} has fewer registrations than its parts; rebuild the run".format(
                    run.pk, areas[parent].code))
        key = ("rest", areas[parent].pk)
        rows[key] = len(areas) + len(extra)
        extra.append((remainder, rated[parent]))
        population.append(np.nan)
        kids.append(rows[key])
    if extra:
        base = np.vstack([base] + [e[0][None, :] for e in extra])
        rated = np.vstack([rated] + [e[1][None, :] for e in extra])
    levels = {
        level: [rows[a.pk] for a in areas if a.level == level]
        for level in (AreaLevel.GEMEENTE, AreaLevel.WIJK, AreaLevel.BUURT)
    }
    root_row = rows[root.pk] if root is not None else 0
    if policy is None:
        shown, hidden = base, np.zeros(base.shape, dtype=bool)
    else:
        protected = protect_linked(base, row_children, column_children, policy, root=root_row, links=links,
                                   root_tiers=_root_tiers(columns, column_children, {
                                       columns[column_of(t)] for t in series_themes if t.is_total}))
        shown, hidden = protected.values, protected.suppressed
    for array in (base, shown, hidden, rated):
        array.flags.writeable = False
    return Window(run.pk, end, policy, rows, levels, columns, base, shown, hidden, np.array(population, dtype=float),
                  rated, root_row)


@lru_cache(maxsize=32)
def _cached(run_pk: int, created_at, end: dt.date, policy, framework_pk) -> Window | None:
    run = AnalysisRun.objects.select_related("gemeente").get(pk=run_pk)
    tree = theme_tree()
    return _build(run, end, policy, sections_for(run.gemeente, tree), tree)


def published_window(run: AnalysisRun, end: dt.date, policy: DisclosurePolicy | None) -> Window | None:
    """The :class:`Window` of the 12 months ending at ``end`` (None when outside the finished run).

    Kept in process memory per run, month, policy and framework version (a finished run never changes).
    """
    if run is None or run.status != AnalysisRun.Status.DONE:
        return None
    if month_index(run, end) - 11 < 0 or end > run.last_month:
        return None
    return _cached(run.pk, run.created_at, end, policy, current_framework_pk(run.gemeente))


def previous_end(end: dt.date) -> dt.date:
    return end.replace(year=end.year - 1)
