"""Disclosure control of a report's figures, once, so that every table, chart, text and export agrees.

Each theme group is protected as one table (wijken x its leaf themes) published with its margins: the row
total is the group's figure of a wijk, the column total the figure of all wijken together. The published totals
(``misdrijven-totaal``, ``overlast-totaal``) form one more table. The groups' tables share no cells, so no
figure of one table can be computed from another. Protection uses
:func:`veiligheidsbeeld.core.disclosure.protect_table` with the installation's policy; a suppressed cell reads
:data:`~veiligheidsbeeld.core.disclosure.SECRET`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from veiligheidsbeeld.core.disclosure import SECRET, DisclosurePolicy, protect_table, round_to_base
from veiligheidsbeeld.frameworks.models import Theme

from .figures import Figures
from .numbers import format_int

__all__ = ["ALL", "Cell", "PublishedFigures", "protect_single", "publish"]

#: Row key of the gemeente's figure: all wijken together with the part not assignable to a wijk (the column totals).
ALL = "all"


@dataclass(frozen=True)
class Cell:
    """A published count: ``value`` is ``None`` when suppressed; ``label`` is what a table shows."""

    value: int | None

    @property
    def label(self) -> str:
        return SECRET if self.value is None else format_int(self.value)

    @property
    def shown(self) -> bool:
        return self.value is not None


@dataclass
class PublishedFigures:
    """The figures of a report after disclosure control, for the period and (when known) the year before.

    ``cells[(earlier, row, theme code)]`` holds every published count; ``row`` is a wijk pk or :data:`ALL`;
    ``theme code`` a leaf theme, a published total or a group theme (the group's row total).
    """

    figures: Figures
    policy: DisclosurePolicy
    groups: list[Theme]
    leaves: dict[str, list[Theme]]
    cells: dict[tuple[bool, object, str], Cell]

    def cell(self, row, theme: Theme, *, earlier: bool = False) -> Cell | None:
        """The published count of ``row`` (a wijk, its pk or :data:`ALL`) for ``theme``; ``None`` if not reported."""
        key = getattr(row, "pk", row)
        return self.cells.get((earlier, key, theme.code))

    def has_data(self, theme: Theme) -> bool:
        """True when the theme has registrations in the period or the year before (in any wijk)."""
        return any(
            self.figures.count(w, t, earlier=e) > 0
            for w in self.figures.wijken
            for t in self.leaves.get(theme.code, [theme])
            for e in (False, True)
        )


def _protect(figures: Figures, themes: list[Theme], earlier: bool, policy: DisclosurePolicy):
    table = np.array([[figures.count(w, t, earlier=earlier) for t in themes] for w in figures.wijken], dtype=np.int64)
    protected = protect_table(table, policy)
    values, hidden = protected.values, protected.suppressed
    rows = [w.pk for w in figures.wijken] + [ALL]
    for i, row in enumerate(rows):
        for j, theme in enumerate(themes):
            yield row, theme.code, Cell(None if hidden[i, j] else int(values[i, j]))
        yield row, None, Cell(None if hidden[i, -1] else int(values[i, -1]))


def _from_windows(figures: Figures, policy: DisclosurePolicy, groups, leaves) -> dict | None:
    """The cells of a run's report read from the one published source of the dashboard
    (:func:`veiligheidsbeeld.dashboard.published.published_window`): the same linked-table protection, so a
    figure of the report equals the figure of every other output. ``ALL`` is the gemeente's figure; the row of the gemeente as a whole
    (:attr:`~.figures.Figures.whole`) is its remainder row ``("rest", gemeente)``, so nothing counts twice."""
    from veiligheidsbeeld.areas.models import AreaLevel
    from veiligheidsbeeld.dashboard.published import column_of, previous_end, published_window

    run = figures.run
    if run is None or run.status != run.Status.DONE or figures.period.months != 12:
        return None
    ends = [(False, figures.period.last)] + ([(True, previous_end(figures.period.last))]
                                             if figures.earlier is not None else [])
    cells: dict[tuple[bool, object, str], Cell] = {}
    for earlier, end in ends:
        window = published_window(run, end, policy)
        if window is None:
            return None
        gemeente_row = window.levels[AreaLevel.GEMEENTE]
        gemeente_pk = next((pk for pk, i in window.rows.items() if gemeente_row and i == gemeente_row[0]), None)
        # the row of the gemeente as a whole (figures.whole, "not assignable to a wijk") is the window's
        # remainder row of the gemeente, so that the wijken and it add up to ALL, the gemeente's figure (once)
        whole_pk = figures.whole.pk if figures.whole is not None else None
        rows = [(w.pk, ("rest", gemeente_pk) if w.pk == whole_pk else w.pk) for w in figures.wijken]
        rows.append((ALL, gemeente_pk))
        for theme in list(figures.themes) + list(groups):
            column = column_of(theme)
            for key, pk in rows:
                if pk is not None and window.has(pk, column):
                    cells[(earlier, key, theme.code)] = Cell(window.count(pk, column))
    return cells


def publish(figures: Figures, policy: DisclosurePolicy) -> PublishedFigures:
    """Protect ``figures`` (both periods) with ``policy``.

    A run's twelve-month report reads the dashboard's published linked table (:func:`_from_windows`); a report
    of yearly cube figures (no run) protects each group's wijken x themes table here.
    """
    leaf_themes = [t for t in figures.themes if t.parent_id is not None]
    groups = []
    for theme in leaf_themes:
        if theme.parent not in groups:
            groups.append(theme.parent)
    leaves = {g.code: [t for t in leaf_themes if t.parent_id == g.pk] for g in groups}
    totals = [t for t in figures.themes if t.is_total]
    cells = _from_windows(figures, policy, groups, leaves)
    if cells is not None:
        return PublishedFigures(figures, policy, groups, leaves, cells)
    cells = {}
    periods = [False] + ([True] if figures.earlier is not None else [])
    for earlier in periods:
        for group in groups:
            for row, code, cell in _protect(figures, leaves[group.code], earlier, policy):
                cells[(earlier, row, code or group.code)] = cell
        if totals:
            for row, code, cell in _protect(figures, totals, earlier, policy):
                if code is not None:  # the sum of different totals means nothing and is not published
                    cells[(earlier, row, code)] = cell
    return PublishedFigures(figures, policy, groups, leaves, cells)


def protect_single(value: int, policy: DisclosurePolicy) -> int | None:
    """A figure outside any published table (a yearly total in a chart): primary suppression or rounding only.

    >>> protect_single(3, DisclosurePolicy()), protect_single(12, DisclosurePolicy(method="round"))
    (None, 10)
    """
    if policy.method == "round":
        return int(round_to_base([value], policy.base)[0])
    return None if 0 < value < policy.threshold else int(value)
