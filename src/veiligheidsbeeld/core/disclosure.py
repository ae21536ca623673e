"""Statistical disclosure control of counts that leave the privileged zone (pages, exports, reports, API).

Two methods, chosen by ``settings.DISCLOSURE_METHOD``:

``suppress``
    *Primary suppression* (threshold rule): a count ``0 < n < threshold`` is not shown; a single figure reads
    ``<5``. In a table published with its totals, *secondary suppression* then hides further cells so that no
    suppressed cell can be computed back from the totals or by differencing rows and columns
    (:cite:`hundepool2012`, ch. 4; CBS uses the same threshold-and-complement approach).
``round``
    Every count, totals included, is rounded independently to a multiple of ``base`` (5), as CBS does for
    StatLine tables of small areas (:cite:`hundepool2012`, §5.4 "rounding").

Secondary suppression, the algorithm
------------------------------------
Take the table with its margins as an ``(r+1) x (c+1)`` array ``T`` (last row: column totals; last column: row
totals). Its published relations are linear: every row and every column sums to its margin. Model the suppressed
cells as edges of a bipartite graph between the ``r+1`` row nodes and ``c+1`` column nodes. With the published
cells fixed, the unknowns can move exactly along *cycles* of that graph (alternating +t/-t keeps every row and
column sum unchanged; the sign flip of the margin row/column keeps the argument intact), so a suppressed cell is
uniquely determined iff its edge lies on no cycle, i.e. is a *bridge*. When every suppressed cell is positive,
moving by t = +1 or -1 along a cycle keeps all cells non-negative, so a cell on a cycle can take at least three
values: exact recovery is impossible even for an attacker using non-negativity.

The algorithm: suppress the primary cells; while the suppressed graph has a bridge ``(i, j)``, add the cheapest
path from row ``i`` to column ``j`` that avoids that edge, where an already suppressed cell costs 0, a positive
published cell costs its value (the information lost) and a zero cell cannot be used. Such a path always exists
in a table with margins (through the row total, the grand total and the column total), so the loop ends with a
bridgeless graph. This is the classic "hypercube"/network heuristic family of :cite:`hundepool2012` §4.4, in its
simple 2-D form; it does not minimise the loss globally.

Every displayed suppressed cell uses one symbol (``x``, the CBS sign for "secret") when secondary suppression is
involved: showing primary cells as ``<5`` and secondary cells differently would tell an attacker which unknowns
are small and narrow the feasible range.

This module is pure (numpy only); :func:`policy_from_settings` is the one bridge to the Django settings.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np

__all__ = [
    "METHODS",
    "SECRET",
    "DisclosurePolicy",
    "LinkedProtection",
    "ProtectedTable",
    "bridges",
    "format_count",
    "policy_for",
    "policy_from_settings",
    "primary_mask",
    "published_counts",
    "protect_linked",
    "protect_table",
    "published_breakdown",
    "published_count",
    "published_median",
    "published_share",
    "round_to_base",
    "with_margins",
]

METHODS = ("suppress", "round")
#: The symbol of a suppressed cell in a table (CBS: "x" = geheim).
SECRET = "x"


@dataclass(frozen=True)
class DisclosurePolicy:
    """How counts are protected: ``method`` in :data:`METHODS`, the ``threshold`` and the rounding ``base``."""

    threshold: int = 5
    method: str = "suppress"
    base: int = 5

    def __post_init__(self):
        if self.method not in METHODS:
            raise ValueError(
                "unknown disclosure method {!r}; valid: {}".format(self.method, ", ".join(METHODS))
            )
        if self.threshold < 1 or self.base < 1:
            raise ValueError(
                "threshold and base must be at least 1, not {} and {}".format(self.threshold, self.base)
            )


def policy_from_settings() -> DisclosurePolicy:
    """The installation's policy (``DISCLOSURE_THRESHOLD``, ``DISCLOSURE_METHOD``, ``DISCLOSURE_ROUNDING_BASE``)."""
    from django.conf import settings

    return DisclosurePolicy(
        threshold=settings.DISCLOSURE_THRESHOLD,
        method=settings.DISCLOSURE_METHOD,
        base=settings.DISCLOSURE_ROUNDING_BASE,
    )


def _counts(values) -> np.ndarray:
    array = np.asarray(values)
    if array.size and (not np.issubdtype(array.dtype, np.integer) and not np.all(np.mod(array, 1) == 0)):
        raise ValueError("disclosure control works on counts; got non-integer values")
    array = array.astype(np.int64)
    if np.any(array < 0):
        raise ValueError("counts cannot be negative")
    return array


def primary_mask(values, threshold: int) -> np.ndarray:
    """True where ``0 < value < threshold`` (zero reveals no one and stays visible)."""
    array = _counts(values)
    return (array > 0) & (array < threshold)


def round_to_base(values, base: int = 5) -> np.ndarray:
    """Round every count to the nearest multiple of ``base`` (halves up, as CBS: 2 -> 0, 3 -> 5, 7 -> 5, 8 -> 10)."""
    array = _counts(values)
    return ((array + base // 2) // base) * base


def policy_for(user, gemeente) -> DisclosurePolicy | None:
    """``None`` for users who may see small counts of ``gemeente`` (``accounts.view_small_counts``), else the
    installation's policy: the rule of the dashboard pages for the counts of an area."""
    return None if user.has_perm("accounts.view_small_counts", gemeente) else policy_from_settings()


def published_counts(counts, policy: DisclosurePolicy | None) -> list[int | None]:
    """Counts as they may be shown one by one: all (no policy: the user may see small counts), rounded under the
    ``round`` method, else None where :func:`primary_mask` hides them."""
    if policy is None:
        return [int(c) for c in counts]
    if not len(counts):
        return []
    if policy.method == "round":
        return [int(v) for v in round_to_base(list(counts), policy.base)]
    hidden = primary_mask(list(counts), policy.threshold)
    return [None if h else int(c) for c, h in zip(counts, hidden.tolist())]


def format_count(value: int, policy: DisclosurePolicy) -> str:
    """A single published figure: ``<5`` below the threshold, rounded under the ``round`` method."""
    if policy.method == "round":
        return str(int(round_to_base([value], policy.base)[0]))
    return "<{}".format(policy.threshold) if 0 < value < policy.threshold else str(int(value))


def published_breakdown(counts, policy: DisclosurePolicy | None) -> list[int | str]:
    """A breakdown of one total (per kind, per class, per phase ...) as it may be shown: :func:`published_counts`
    plus secondary suppression, for the total is known or derivable (shown elsewhere on the page, or the sum of
    another breakdown of the same records), so a single hidden cell would be the total minus the others. Hidden
    cells read :data:`SECRET`; no policy: the counts as they are."""
    counts = [int(c) for c in counts]
    if policy is None or not counts:
        return counts
    protected = protect_table([counts], policy)
    return [SECRET if hidden else int(value)
            for value, hidden in zip(protected.values[0, :-1], protected.suppressed[0, :-1])]


def published_share(part: int, whole: int, policy: DisclosurePolicy | None) -> float | None:
    """``part / whole`` as it may be shown (None: not shown). A share gives its counts back with the denominator
    (``share x whole``) or alone when the denominator is small, so for a viewer under a policy it is hidden when
    ``part``, ``whole - part`` or ``whole`` is a count below the threshold (zero stays visible, as a count);
    under the ``round`` method it is the share of the rounded counts."""
    if not whole:
        return None
    if policy is None:
        return part / whole
    if primary_mask([part, whole - part, whole], policy.threshold).any():
        return None
    if policy.method == "round":
        part, whole = (int(v) for v in round_to_base([part, whole], policy.base))
        return part / whole if whole else None
    return part / whole


def published_median(values, policy: DisclosurePolicy | None):
    """The median of ``values`` as it may be shown (None: not shown). A median, mean or difference of fewer than
    ``threshold`` values is (close to) one of those values, so under a policy it is hidden below the threshold."""
    import statistics

    values = list(values)
    if not values or (policy is not None and len(values) < policy.threshold):
        return None
    return statistics.median(values)


def published_count(value: int, policy: DisclosurePolicy | None) -> int | str:
    """A single count as it may be shown: as it is without a policy, else :func:`format_count` (``<5``)."""
    return int(value) if policy is None else format_count(value, policy)


def bridges(mask: np.ndarray) -> list[tuple[int, int]]:
    """Suppressed cells of ``mask`` (rows x columns) that lie on no cycle: these could be computed back.

    Bipartite graph: row nodes ``0..R-1``, column nodes ``R..R+C-1``, one edge per ``True`` cell; bridges by
    Tarjan's low-link depth-first search (iterative).
    """
    rows = mask.shape[0]
    adjacency: dict[int, list[tuple[int, int]]] = {}
    edges = [(int(i), int(j)) for i, j in zip(*np.nonzero(mask))]
    for k, (i, j) in enumerate(edges):
        adjacency.setdefault(i, []).append((rows + j, k))
        adjacency.setdefault(rows + j, []).append((i, k))
    return sorted(edges[k] for k in _bridge_ids(adjacency))


def _cheapest_path(
    table: np.ndarray, mask: np.ndarray, start_row: int, end_col: int
) -> list[tuple[int, int]]:
    """Cells of the cheapest row-to-column path avoiding cell (start_row, end_col) (Dijkstra over the bipartite
    graph; suppressed cells cost 0, positive published cells their value, zero cells are not usable)."""
    rows, cols = table.shape
    target = rows + end_col
    distance = {start_row: 0}
    previous: dict[int, tuple[int, tuple[int, int]]] = {}
    queue = [(0, start_row)]
    while queue:
        cost, node = heapq.heappop(queue)
        if node == target:
            break
        if cost > distance.get(node, np.inf):
            continue
        if node < rows:
            steps = [(rows + j, (node, j)) for j in range(cols)]
        else:
            steps = [(i, (i, node - rows)) for i in range(rows)]
        for neighbour, cell in steps:
            if cell == (start_row, end_col) or (not mask[cell] and table[cell] == 0):
                continue
            new = cost + (0 if mask[cell] else int(table[cell]))
            if new < distance.get(neighbour, np.inf):
                distance[neighbour] = new
                previous[neighbour] = (node, cell)
                heapq.heappush(queue, (new, neighbour))
    if target not in previous:
        raise ValueError(
            "no complementary cells available for cell {} (table without margins?)".format(
                (start_row, end_col)
            )
        )
    path, node = [], target
    while node != start_row:
        node, cell = previous[node]
        path.append(cell)
    return path


@dataclass(frozen=True)
class ProtectedTable:
    """A table with margins after disclosure control.

    ``values`` is the ``(r+1) x (c+1)`` table with totals (last row and column; rounded under ``round``),
    ``suppressed`` marks hidden cells, ``primary`` the cells below the threshold.
    """

    values: np.ndarray
    suppressed: np.ndarray
    primary: np.ndarray
    policy: DisclosurePolicy

    def labels(self) -> list[list[str]]:
        """The table as it may be shown: numbers, and :data:`SECRET` for suppressed cells."""
        return [
            [SECRET if hidden else str(int(value)) for value, hidden in zip(row, hidden_row)]
            for row, hidden_row in zip(self.values, self.suppressed)
        ]

    def published(self) -> np.ndarray:
        """Float copy of :attr:`values` with ``nan`` where suppressed (for charts and exports)."""
        out = self.values.astype(float)
        out[self.suppressed] = np.nan
        return out


def with_margins(table) -> np.ndarray:
    """The ``r x c`` table extended with row totals, column totals and the grand total."""
    inner = _counts(table)
    if inner.ndim != 2:
        raise ValueError("a table is two-dimensional (rows x columns), got {} dimensions".format(inner.ndim))
    full = np.zeros((inner.shape[0] + 1, inner.shape[1] + 1), dtype=np.int64)
    full[:-1, :-1] = inner
    full[:-1, -1] = inner.sum(axis=1)
    full[-1, :-1] = inner.sum(axis=0)
    full[-1, -1] = inner.sum()
    return full


def protect_table(table, policy: DisclosurePolicy | None = None) -> ProtectedTable:
    """Protect an ``r x c`` table of counts that is published with its row, column and grand totals.

    Parameters
    ----------
    table : array_like of int, shape (r, c)
        The inner cells (e.g. areas x months, areas x themes); totals are computed here.
    policy : DisclosurePolicy, optional
        Defaults to ``DisclosurePolicy()`` (threshold 5, suppression).

    Examples
    --------
    >>> t = protect_table([[3, 10, 12], [8, 9, 20]])
    >>> t.labels()
    [['x', 'x', '12', '25'], ['x', 'x', '20', '37'], ['11', '19', '32', '62']]
    """
    policy = policy or DisclosurePolicy()
    full = with_margins(table)
    primary = primary_mask(full, policy.threshold)
    if policy.method == "round":
        return ProtectedTable(round_to_base(full, policy.base), np.zeros_like(primary), primary, policy)
    mask = primary.copy()
    while True:
        open_cells = bridges(mask)
        if not open_cells:
            break
        i, j = open_cells[0]
        for cell in _cheapest_path(full, mask, i, j):
            mask[cell] = True
    return ProtectedTable(full, mask, primary, policy)


# --------------------------------------------------------------------------------------------------------------
# Linked hierarchical tables (gemeente > wijk > buurt x theme > group, priorities): secondary suppression across
# levels. See docs/adr/0015-linked-table-suppression.md.
# --------------------------------------------------------------------------------------------------------------

#: Default tier of a gemeente (root) cell of a parent column (a theme group, a priority, "all") and of a leaf
#: column: see :func:`_cost_weights`. A parent goes first: when a gemeente theme of 1-4 needs a complement in its
#: own group, every candidate (a sibling theme or the group total) ends up known to within the small theme's
#: range, so the loss is the figure that turns into "x"; the themes are what a report quotes one by one. Callers
#: that know which figures are read pass ``root_tiers`` (``dashboard.published``).
PARENT_TIER, LEAF_TIER = 0, 1


def _cost_weights(table: np.ndarray, root: int | None, parents, root_tiers=None) -> np.ndarray:
    """Cost multiplier per cell (Python ints, exact): the cost of suppressing a published cell is its value
    times this weight.

    Cells below the root (wijken, buurten, remainders) weigh 1: the ordinary information loss, smallest values
    first. A root cell of tier ``t`` weighs ``W ** (t + 1)`` with ``W`` one more than the sum of every value of the
    table, so the costs are lexicographic: no set of cells of lower tiers, however large, costs as much as one
    cell of a higher tier (value at least 1). A gemeente figure is thus hidden only when no set of wijk and buurt
    cells can protect the primary ones, and a gemeente figure of a higher tier only when no set of gemeente
    figures of lower tiers (with their own complements below) can. ``root_tiers`` maps a column to its tier;
    by default parent columns have :data:`PARENT_TIER` and leaf columns :data:`LEAF_TIER`.
    """
    weight = np.ones(table.shape, dtype=object)
    if root is None:
        return weight
    base = int(table.sum()) + 1
    parents = set(parents)
    for column in range(table.shape[1]):
        if root_tiers is not None and column in root_tiers:
            tier = int(root_tiers[column])
        else:
            tier = PARENT_TIER if column in parents else LEAF_TIER
        if tier < 0:
            raise ValueError("a cost tier is 0 or more, not {} (column {})".format(tier, column))
        weight[root, column] = base ** (tier + 1)
    return weight


def _edge_bridges(endpoints: list[tuple[int, int]], active: list[int]) -> set[int]:
    """Indices (into ``endpoints``) of the ``active`` edges that lie on no cycle (Tarjan, iterative; parallel
    edges form a cycle)."""
    adjacency: dict[int, list[tuple[int, int]]] = {}
    for k in active:
        u, v = endpoints[k]
        adjacency.setdefault(u, []).append((v, k))
        adjacency.setdefault(v, []).append((u, k))
    return _bridge_ids(adjacency)


def _cheapest_complement(endpoints, costs, suppressed, avoid: int) -> list[int]:
    """Edges of the cheapest path between the endpoints of edge ``avoid`` that does not use it (Dijkstra; a
    suppressed edge costs 0, a usable published edge its cost, an edge of cost None cannot be used)."""
    start, target = endpoints[avoid]
    adjacency: dict[int, list[tuple[int, int]]] = {}
    for k, (u, v) in enumerate(endpoints):
        if k == avoid or (not suppressed[k] and costs[k] is None):
            continue
        adjacency.setdefault(u, []).append((v, k))
        adjacency.setdefault(v, []).append((u, k))
    distance = {start: 0}
    previous: dict[int, tuple[int, int]] = {}
    queue = [(0, start)]
    while queue:
        cost, node = heapq.heappop(queue)
        if node == target:
            break
        if cost > distance.get(node, np.inf):
            continue
        for neighbour, k in adjacency.get(node, []):
            new = cost + (0 if suppressed[k] else costs[k])
            if new < distance.get(neighbour, np.inf):
                distance[neighbour] = new
                previous[neighbour] = (node, k)
                heapq.heappush(queue, (new, neighbour))
    if target not in previous:
        return []
    path, node = [], target
    while node != start:
        node, k = previous[node]
        path.append(k)
    return path


@dataclass(frozen=True)
class LinkedProtection:
    """A linked table after disclosure control: ``values`` (areas x columns, the true counts, or rounded under the
    ``round`` method), ``suppressed`` and ``primary`` masks of the same shape."""

    values: np.ndarray
    suppressed: np.ndarray
    primary: np.ndarray
    policy: DisclosurePolicy

    def published(self) -> np.ndarray:
        """Float copy of :attr:`values` with ``nan`` where suppressed."""
        out = self.values.astype(float)
        out[self.suppressed] = np.nan
        return out


def _blocks(n_rows, n_cols, row_children, column_children, links=()):
    """The sub-tables of a linked table: ``(rows, columns, rows related, columns related)`` where the last row is
    the sum of the others when ``rows related`` and the last column the sum of the others when ``columns related``.

    Every parent area with its children is crossed with every parent column with its children (the HITAS
    decomposition, :cite:`hundepool2012` §4.3.2), and with every column that is nobody's parent on its own.
    """
    area_families = [(list(children) + [parent], True) for parent, children in row_children.items() if children]
    if not area_families:
        area_families = [([row], False) for row in range(n_rows)]
    column_families = [(list(children) + [parent], True) for parent, children in column_children.items() if children]
    parents = {parent for parent, children in column_children.items() if children}
    column_families += [([column], False) for column in range(n_cols) if column not in parents]
    for rows, rows_related in area_families:
        for columns, columns_related in column_families:
            yield rows, columns, rows_related, columns_related
    for columns in links:  # one relation per row among these columns, whatever the signs
        yield list(range(n_rows)), list(columns), False, True


def protect_linked(values, row_children: dict[int, list[int]], column_children: dict[int, list[int]],
                   policy: DisclosurePolicy | None = None, *, root: int | None = None,
                   links: list[list[int]] = (), root_tiers: dict[int, int] | None = None) -> LinkedProtection:
    """Protect a linked hierarchical table: every figure published, hierarchies along both axes.

    Parameters
    ----------
    values : array_like of int, shape (areas, columns)
        Every published figure: ``values[parent] == values[children].sum(axis=0)`` for each entry of
        ``row_children`` and ``values[:, parent] == values[:, children].sum(axis=1)`` for each entry of
        ``column_children`` (a column may be the child of several parents: a theme in its group and in a
        priority). Add a remainder row or column where a parent is more than the sum of its children.
    row_children, column_children : dict
        Parent index -> child indices.
    policy : DisclosurePolicy, optional
        Defaults to ``DisclosurePolicy()``.
    root : int, optional
        The row of the whole gemeente: its cells carry secondary suppression last, in tiers (see
        :func:`_cost_weights`): a root cell is hidden only when no set of cells below the root can protect.
    links : list of dict, optional
        Further linear relations among columns that hold in every row and that the hierarchies do not show on
        their own, as ``{column: coefficient}`` summing to zero, e.g. a priority that takes some themes of a
        group: priority + the group's other themes - the groups it touches = 0.
    root_tiers : dict, optional
        Column -> tier of its root cell (0 goes first); default :data:`PARENT_TIER` for parent columns and
        :data:`LEAF_TIER` for leaf columns. A root cell of a higher tier is hidden only when no set of
        root cells of lower tiers (with their own complements) can protect the primary cells.

    Notes
    -----
    Primary suppression hides ``0 < n < threshold``. Secondary suppression follows the HITAS approach of
    tau-argus :cite:`hundepool2012` (§4.3.2): the linked table is split into its non-hierarchical sub-tables
    (a parent with its children on both axes) and each is protected with the 2-D network method of
    :func:`protect_table` (every suppressed cell must lie on a cycle of suppressed cells), with the cells hidden
    in other sub-tables fixed, repeated until no sub-table changes (backtracking). HITAS protects the sub-tables
    one by one; a combination of relations from several sub-tables can still determine a cell, so the whole
    system is then checked (:func:`_determined`) and every determined cell gets the cheapest published cell of
    one of its relations as a further complement, and HITAS runs again, until no cell is determined. The cost of suppressing a
    cell is its value (the information lost), so a secondary cell is the cheapest available complement and not
    a cell of 5 or more when smaller cells can carry it; the cells of the ``root`` row come after every other
    cell, in lexicographic tiers (``root_tiers``; by default parent totals before leaf themes).

    Under the ``round`` method every figure is rounded independently to the base (no suppression).

    Examples
    --------
    >>> wijk_buurten = {0: [1, 2, 3]}
    >>> t = protect_linked([[30], [3, ], [12], [15]], wijk_buurten, {})
    >>> t.suppressed[:, 0].tolist()
    [False, True, True, False]
    """
    policy = policy or DisclosurePolicy()
    table = _counts(values)
    if table.ndim != 2:
        raise ValueError("a linked table is two-dimensional (areas x columns), got {} dimensions".format(table.ndim))
    for parent, children in row_children.items():
        if children and not np.array_equal(table[list(children)].sum(axis=0), table[parent]):
            raise ValueError("row {} is not the sum of its children {}".format(parent, list(children)))
    for parent, children in column_children.items():
        if children and not np.array_equal(table[:, list(children)].sum(axis=1), table[:, parent]):
            raise ValueError("column {} is not the sum of its children {}".format(parent, list(children)))
    primary = primary_mask(table, policy.threshold)
    if policy.method == "round":
        return LinkedProtection(round_to_base(table, policy.base), np.zeros_like(primary), primary, policy)
    mask = primary.copy()
    parents = [parent for parent, children in column_children.items() if children]
    weight = _cost_weights(table, root, parents, root_tiers)
    blocks = list(_blocks(table.shape[0], table.shape[1], row_children, column_children,
                          [list(link) for link in links]))
    relations = _relations(table.shape, row_children, column_children, links)
    by_row: dict[int, set[int]] = {}
    by_column: dict[int, set[int]] = {}
    for b, (rows, columns, _r, _c) in enumerate(blocks):
        for row in rows:
            by_row.setdefault(row, set()).add(b)
        for column in columns:
            by_column.setdefault(column, set()).add(b)
    by_cell: dict[tuple[int, int], list[int]] = {}
    for r, relation in enumerate(relations):
        for other in relation:
            by_cell.setdefault(other, []).append(r)
    queue = list(range(len(blocks)))
    while True:
        queued = set(queue)
        while queue:  # a worklist of sub-tables: a sub-table is protected again when one of its cells was hidden
            b = queue.pop(0)
            queued.discard(b)
            rows, columns, rows_related, columns_related = blocks[b]
            if not mask[np.ix_(rows, columns)].any():
                continue
            for cell in _secure_block(table, mask, weight, rows, columns, rows_related, columns_related):
                for other in by_row.get(cell[0], set()) & by_column.get(cell[1], set()):
                    if other not in queued:
                        queue.append(other)
                        queued.add(other)
        determined = _determined(mask, relations)
        if not determined:
            return LinkedProtection(table, mask, primary, policy)
        added = 0
        for cell in determined:  # repair: hide the cheapest published cell nearest to the determined one
            extra = _nearest_complement(cell, table, mask, weight, relations, by_cell)
            if extra is None:  # an earlier repair of this round hid everything around it: checked again next
                continue
            mask[extra] = True
            added += 1
            queue.extend(sorted(by_row.get(extra[0], set()) & by_column.get(extra[1], set())))
        if not added:
            raise ValueError("cells {} cannot be protected: no published cell is related to them".format(
                determined[:5]))


def _nearest_complement(cell, table, mask, weight, relations, by_cell) -> tuple[int, int] | None:
    """The cheapest published positive cell among those reached first from ``cell`` through relations and
    suppressed cells (breadth first); None when there is none."""
    seen, frontier = {cell}, [cell]
    while frontier:
        candidates, following = [], []
        for current in frontier:
            for r in by_cell.get(current, []):
                for other in relations[r]:
                    if other in seen:
                        continue
                    seen.add(other)
                    if mask[other]:
                        following.append(other)
                    elif table[other] > 0:
                        candidates.append((int(table[other]) * weight[other], other))
        if candidates:
            return min(candidates)[1]
        frontier = following
    return None


def _relations(shape, row_children, column_children, links) -> list[dict[tuple[int, int], float]]:
    """Every linear relation of the linked table as ``{cell: coefficient}`` (sums to zero)."""
    n_rows, n_cols = shape
    relations = []
    for parent, children in row_children.items():
        if children:
            for j in range(n_cols):
                relation = {(parent, j): -1.0}
                relation.update({(child, j): 1.0 for child in children})
                relations.append(relation)
    for parent, children in column_children.items():
        if children:
            for i in range(n_rows):
                relation = {(i, parent): -1.0}
                relation.update({(i, child): 1.0 for child in children})
                relations.append(relation)
    for link in links:
        coefficients = link if isinstance(link, dict) else {column: 1.0 for column in link}
        for i in range(n_rows):
            relations.append({(i, column): float(c) for column, c in coefficients.items()})
    return relations


def _determined(mask, relations) -> list[tuple[int, int]]:
    """Suppressed cells that the published cells and the relations determine exactly (linear algebra, whatever the
    sub-tables say): a cell is determined iff it is zero in every vector of the null space of the relations
    restricted to the suppressed cells. Two random vectors are projected onto that null space (LSQR); a cell
    with a zero component in both is determined (a free cell has a zero component with probability 0)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.linalg import lsqr

    unknown = {cell: k for k, cell in enumerate(zip(*(axis.tolist() for axis in np.nonzero(mask))))}
    if not unknown:
        return []
    rows, cols, values, r = [], [], [], 0
    for relation in relations:
        terms = [(unknown[cell], c) for cell, c in relation.items() if cell in unknown]
        if not terms:
            continue
        for k, c in terms:
            rows.append(r)
            cols.append(k)
            values.append(c)
        r += 1
    if r == 0:
        return []
    matrix = coo_matrix((values, (rows, cols)), shape=(r, len(unknown))).tocsr()
    rng = np.random.default_rng(0)
    determined = np.ones(len(unknown), dtype=bool)
    for _trial in range(2):
        x = rng.standard_normal(len(unknown))
        result = lsqr(matrix.T, x, atol=1e-14, btol=1e-14, iter_lim=50 * len(unknown))
        if result[1] == 7:  # iteration limit: fall back to the exact null space
            from scipy.linalg import null_space

            basis = null_space(matrix.toarray())
            return [cell for cell, k in unknown.items() if not basis.size or np.all(np.abs(basis[k]) < 1e-9)]
        z = x - matrix.T @ result[0]
        determined &= np.abs(z) < 1e-6
    return [cell for cell, k in unknown.items() if determined[k]]


def _secure_block(table, mask, weight, rows, columns, rows_related, columns_related) -> list[tuple[int, int]]:
    """Make every suppressed cell of one sub-table lie on a cycle; returns the cells it hid.

    Nodes: one per row relation (a row whose last column is its total) and per column relation (a column whose
    last row is its total), node ``-1`` where a cell is in fewer than two relations.
    """
    cells, endpoints, costs = [], [], []
    n_rows = len(rows)
    for i, r in enumerate(rows):
        for j, c in enumerate(columns):
            u = i if columns_related else -1
            v = n_rows + j if rows_related else -2
            cells.append((r, c))
            endpoints.append((u, v))
            value = int(table[r, c])
            costs.append(None if value == 0 else value * weight[r, c])  # exact integers (lexicographic tiers)
    suppressed = [bool(mask[cell]) for cell in cells]
    # a cell in no relation (a lone figure) is never determined by the others
    hidden_now = []
    while True:
        active = [k for k, hidden in enumerate(suppressed) if hidden and endpoints[k] != (-1, -2)]
        open_edges = sorted(_edge_bridges(endpoints, active))
        if not open_edges:
            return hidden_now
        k = open_edges[0]
        path = _cheapest_complement(endpoints, costs, suppressed, k)
        if not path:
            raise ValueError("no complementary cells available for cell {}".format(cells[k]))
        for edge in path:
            if not suppressed[edge]:
                suppressed[edge] = True
                mask[cells[edge]] = True
                hidden_now.append(cells[edge])


def _bridge_ids(adjacency: dict[int, list[tuple[int, int]]]) -> set[int]:
    """Ids of the bridges of an undirected multigraph given as ``{node: [(neighbour, edge id), ...]}``: the edges
    whose removal disconnects their component (iterative Tarjan, 1974; parallel edges are no bridges,
    as each edge is skipped only by its own id)."""
    order: dict[int, int] = {}
    low: dict[int, int] = {}
    found: set[int] = set()
    for root in adjacency:
        if root in order:
            continue
        order[root] = low[root] = len(order)
        stack = [(root, -1, iter(adjacency[root]))]
        while stack:
            node, via, neighbours = stack[-1]
            for neighbour, k in neighbours:
                if k == via:
                    continue
                if neighbour in order:
                    low[node] = min(low[node], order[neighbour])
                else:
                    order[neighbour] = low[neighbour] = len(order)
                    stack.append((neighbour, k, iter(adjacency[neighbour])))
                    break
            else:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[node])
                    if low[node] > order[parent]:
                        found.add(via)
    return found
