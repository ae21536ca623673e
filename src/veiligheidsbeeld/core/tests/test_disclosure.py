"""Disclosure control: an attacker with every published cell and total tries to recover suppressed cells."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.optimize import linprog

from veiligheidsbeeld.core.disclosure import (
    SECRET,
    DisclosurePolicy,
    bridges,
    format_count,
    primary_mask,
    protect_table,
    round_to_base,
    with_margins,
)

tables = st.tuples(st.integers(1, 6), st.integers(1, 6)).flatmap(
    lambda shape: arrays(np.int64, shape, elements=st.sampled_from([0, 0, 1, 2, 3, 4, 5, 7, 12, 40]))
)


def feasible_range(protected, cell):
    """The smallest and largest value of ``cell`` consistent with everything published (linear programming).

    Unknowns: the suppressed cells (>= 0). Constraints: every row and column of the published table sums to its
    (possibly suppressed) total. This is the strongest attack by totals and differencing on one table.
    """
    full, mask = protected.values, protected.suppressed
    unknown = list(zip(*np.nonzero(mask)))
    index = {c: k for k, c in enumerate(unknown)}
    rows, cols = full.shape
    a_eq, b_eq = [], []

    def constraint(cells, total):
        row, known = np.zeros(len(unknown)), 0.0
        for term, sign in cells + [(total, -1)]:
            if term in index:
                row[index[term]] += sign
            else:
                known += sign * full[term]
        a_eq.append(row)
        b_eq.append(-known)

    for i in range(rows):
        constraint([((i, j), 1) for j in range(cols - 1)], (i, cols - 1))
    for j in range(cols):
        constraint([((i, j), 1) for i in range(rows - 1)], (rows - 1, j))
    objective = np.zeros(len(unknown))
    objective[index[cell]] = 1
    low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    assert low.status == 0 and high.status in (0, 3)  # 3: unbounded above (nothing published constrains it)
    return low.fun, (-high.fun if high.status == 0 else np.inf)


@settings(max_examples=150, deadline=None)
@given(tables)
def test_no_suppressed_cell_can_be_recovered_from_totals_or_differences(table):
    protected = protect_table(table)
    full = protected.values
    assert np.array_equal(full, with_margins(table)), "published values are the true ones"
    assert not np.any(protected.primary & ~protected.suppressed), "every small cell is suppressed"
    for cell in zip(*np.nonzero(protected.suppressed)):
        low, high = feasible_range(protected, cell)
        assert low <= full[cell] <= high
        assert high - low >= 1.99, "cell {} = {} recovered exactly ({}..{})".format(
            cell, full[cell], low, high
        )


@settings(max_examples=150, deadline=None)
@given(tables)
def test_no_displayed_cell_is_below_the_threshold(table):
    labels = protect_table(table, DisclosurePolicy(threshold=5)).labels()
    shown = [int(label) for row in labels for label in row if label != SECRET]
    assert all(v == 0 or v >= 5 for v in shown)


def test_the_attack_succeeds_without_secondary_suppression():
    """The attacker of these tests is real: primary suppression alone gives the cell away."""
    from veiligheidsbeeld.core.disclosure import ProtectedTable

    full = with_margins([[3, 10], [8, 9]])
    naive = ProtectedTable(full, primary_mask(full, 5), primary_mask(full, 5), DisclosurePolicy())
    low, high = feasible_range(naive, (0, 0))
    assert low == high == 3


def test_bridges_finds_cells_on_no_cycle():
    mask = np.array([[True, True, False], [True, True, False], [False, False, False]])
    assert bridges(mask) == []  # the 2x2 block is a cycle
    mask[2, 0] = mask[2, 2] = True
    assert bridges(mask) == [(2, 0), (2, 2)]  # a path hanging off the cycle


def test_secondary_suppression_prefers_small_cells():
    protected = protect_table([[3, 10, 100], [8, 9, 200]])
    assert protected.labels()[0][:3] == [SECRET, SECRET, "100"]


@pytest.mark.parametrize(
    "values,rounded",
    [([0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 13, 102], [0, 0, 0, 5, 5, 5, 5, 5, 10, 10, 15, 100])],
)
def test_round_to_base_5(values, rounded):
    assert round_to_base(values, 5).tolist() == rounded


@settings(max_examples=100, deadline=None)
@given(tables)
def test_rounding_publishes_multiples_of_the_base_near_the_truth(table):
    protected = protect_table(table, DisclosurePolicy(method="round"))
    assert np.all(protected.values % 5 == 0)
    assert np.all(np.abs(protected.values - with_margins(table)) <= 2)
    assert not protected.suppressed.any()


@pytest.mark.parametrize(
    "value,policy,text",
    [
        (3, DisclosurePolicy(), "<5"),
        (0, DisclosurePolicy(), "0"),
        (5, DisclosurePolicy(), "5"),
        (3, DisclosurePolicy(threshold=10), "<10"),
        (7, DisclosurePolicy(method="round"), "5"),
    ],
)
def test_format_count(value, policy, text):
    assert format_count(value, policy) == text


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"method": "blur"}, "unknown disclosure method 'blur'; valid: suppress, round"),
        ({"threshold": 0}, "at least 1"),
    ],
)
def test_policy_rejects_bad_settings(kwargs, message):
    with pytest.raises(ValueError, match=message):
        DisclosurePolicy(**kwargs)


@pytest.mark.parametrize(
    "table,message", [([[1.5, 2]], "non-integer"), ([[-1, 2]], "negative"), ([1, 2], "two-dimensional")]
)
def test_bad_tables_are_refused(table, message):
    with pytest.raises(ValueError, match=message):
        protect_table(table)


def test_policy_from_settings(settings):
    from veiligheidsbeeld.core.disclosure import policy_from_settings

    settings.DISCLOSURE_THRESHOLD, settings.DISCLOSURE_METHOD = 10, "round"
    assert policy_from_settings() == DisclosurePolicy(threshold=10, method="round", base=5)


def test_linked_table_keeps_a_large_gemeente_total_and_hides_the_group_instead():
    """Issue 15: a gemeente theme of 1 in a group of three needs one more hidden gemeente figure; the group total
    goes, not the theme of 1.432 the report's summary quotes; a wijk cell of the small theme carries the rest."""
    from veiligheidsbeeld.core.disclosure import protect_linked

    # rows: gemeente, wijk A, wijk B; columns: verward, jeugd, huiselijk, group (= sum of the three)
    table = [[3431 + 0, 1432, 1, 4864], [2000, 700, 1, 2701], [1431, 732, 0, 2163]]
    protected = protect_linked(table, {0: [1, 2]}, {3: [0, 1, 2]}, root=0)
    assert protected.suppressed[0].tolist() == [False, False, True, True]
    from veiligheidsbeeld.core.tests.attacker import Attacker

    attacker = Attacker()
    for i in range(3):
        for j in range(4):
            if not protected.suppressed[i, j]:
                attacker.know((i, j), table[i][j])
        attacker.sum_of((i, 3), [(i, 0), (i, 1), (i, 2)])
    for j in range(4):
        attacker.sum_of((0, j), [(1, j), (2, j)])
    hidden = {(i, j): table[i][j] for i in range(3) for j in range(4) if protected.suppressed[i, j]}
    assert not attacker.recovered(hidden)


def _attack_three_by_four(table, protected):
    from veiligheidsbeeld.core.tests.attacker import Attacker

    attacker = Attacker()
    for i in range(3):
        for j in range(4):
            if not protected.suppressed[i, j]:
                attacker.know((i, j), table[i][j])
        attacker.sum_of((i, 3), [(i, 0), (i, 1), (i, 2)])
    for j in range(4):
        attacker.sum_of((0, j), [(1, j), (2, j)])
    hidden = {(i, j): table[i][j] for i in range(3) for j in range(4) if protected.suppressed[i, j]}
    return attacker.recovered(hidden)


def test_root_tiers_choose_which_gemeente_figure_carries_the_suppression():
    """Issue 15: the caller says which gemeente figures are read (``root_tiers``); with the group total in the
    last tier the smallest sibling theme goes instead (the cheapest in value), never the larger one; the
    attacker recovers nothing either way."""
    from veiligheidsbeeld.core.disclosure import protect_linked

    table = [[3431, 1432, 1, 4864], [2000, 700, 1, 2701], [1431, 732, 0, 2163]]
    protected = protect_linked(table, {0: [1, 2]}, {3: [0, 1, 2]}, root=0, root_tiers={3: 1, 0: 0, 1: 0, 2: 0})
    assert protected.suppressed[0].tolist() == [False, True, True, False]
    assert not _attack_three_by_four(table, protected)
    protected = protect_linked(table, {0: [1, 2]}, {3: [0, 1, 2]}, root=0, root_tiers={3: 1, 0: 0, 1: 2, 2: 0})
    assert protected.suppressed[0].tolist() == [True, False, True, False]
    assert not _attack_three_by_four(table, protected)
    with pytest.raises(ValueError, match="cost tier is 0 or more"):
        protect_linked(table, {0: [1, 2]}, {3: [0, 1, 2]}, root=0, root_tiers={3: -1})


def test_cost_tiers_are_lexicographic():
    """A gemeente figure of 1 in a higher tier costs more than every cell of the lower tiers together (the old
    weights, x10,000 for the gemeente and x10 for its totals, were not: a group total of 1,868 cost less than a
    gemeente theme of 2)."""
    from veiligheidsbeeld.core.disclosure import _cost_weights

    table = np.array([[1868, 2, 1866], [900, 1, 899], [968, 1, 967]], dtype=np.int64)
    weight = _cost_weights(table, 0, parents=[0])
    costs = [[int(v) * w for v, w in zip(row, wrow)] for row, wrow in zip(table.tolist(), weight.tolist())]
    below = sum(costs[1]) + sum(costs[2])
    assert costs[0][0] > below and min(costs[0][1:]) > costs[0][0] + below
    assert all(isinstance(w, int) for w in weight.ravel())  # exact: no float rounding at 10**20 and more


@st.composite
def linked_tables(draw):
    """A gemeente > wijken > buurten x themes in two groups, a priority taking part of each group, and all."""
    wijken = draw(st.lists(st.integers(1, 3), min_size=1, max_size=3))
    leaves = draw(st.tuples(st.integers(1, 3), st.integers(1, 3)))
    n_buurten, n_leaves = sum(wijken), sum(leaves)
    base = np.array(draw(st.lists(st.sampled_from([0, 0, 1, 2, 3, 4, 5, 7, 12, 40]),
                                  min_size=n_buurten * n_leaves, max_size=n_buurten * n_leaves)),
                    dtype=np.int64).reshape(n_buurten, n_leaves)
    # rows: buurten, wijken, gemeente; columns: leaves, group 1, group 2, priority, all
    row_children, rows, start = {}, [base[k] for k in range(n_buurten)], 0
    wijk_rows = []
    for size in wijken:
        row_children[len(rows)] = list(range(start, start + size))
        rows.append(base[start:start + size].sum(axis=0))
        wijk_rows.append(len(rows) - 1)
        start += size
    row_children[len(rows)] = wijk_rows
    rows.append(base.sum(axis=0))
    leaf_table = np.array(rows)
    g1, g2 = list(range(leaves[0])), list(range(leaves[0], n_leaves))
    priority = g1[:1] + g2[:1]
    table = np.column_stack([leaf_table, leaf_table[:, g1].sum(axis=1), leaf_table[:, g2].sum(axis=1),
                             leaf_table[:, priority].sum(axis=1), leaf_table.sum(axis=1)])
    c1, c2, cp, call = n_leaves, n_leaves + 1, n_leaves + 2, n_leaves + 3
    column_children = {c1: g1, c2: g2, cp: priority, call: [c1, c2]}
    link = {cp: 1.0, c1: -1.0, c2: -1.0, **{c: 1.0 for c in g1[1:] + g2[1:]}}
    return table, row_children, column_children, [link], len(rows) - 1


@settings(max_examples=60, deadline=None)
@given(linked_tables())
def test_no_hidden_cell_of_a_linked_table_can_be_recovered(case):
    """Issue 15: the LP attacker with every relation of the linked table (levels, groups, the priority) recovers
    no suppressed cell."""
    from veiligheidsbeeld.core.disclosure import protect_linked
    from veiligheidsbeeld.core.tests.attacker import Attacker

    table, row_children, column_children, links, root = case
    protected = protect_linked(table, row_children, column_children, links=links, root=root)
    assert not np.any(protected.primary & ~protected.suppressed)
    attacker = Attacker()
    n_rows, n_cols = table.shape
    for i in range(n_rows):
        for j in range(n_cols):
            if not protected.suppressed[i, j]:
                attacker.know((i, j), table[i, j])
    for parent, children in row_children.items():
        for j in range(n_cols):
            attacker.sum_of((parent, j), [(c, j) for c in children])
    for parent, children in column_children.items():
        for i in range(n_rows):
            attacker.sum_of((i, parent), [(i, c) for c in children])
    hidden = {(i, j): int(table[i, j]) for i, j in zip(*np.nonzero(protected.suppressed))}
    assert not attacker.recovered(hidden)


def test_shares_medians_and_breakdowns_never_give_a_small_count_back():
    from veiligheidsbeeld.core.disclosure import published_breakdown, published_median, published_share

    policy = DisclosurePolicy(threshold=5)
    assert published_share(5, 6, policy) is None  # 6 - 5 = 1 late: share x 6 gives it back
    assert published_share(1, 20, policy) is None and published_share(3, 3, policy) is None
    assert published_share(15, 20, policy) == 0.75 and published_share(0, 20, policy) == 0.0
    assert published_share(5, 6, None) == 5 / 6  # small-count rights
    assert published_median([10, 12, 40], policy) is None and published_median(range(5), policy) == 2
    assert published_breakdown([7, 1, 0], policy) == ["x", "x", 0]  # a lone x would be the total minus the rest
    assert published_breakdown([7, 9, 12], policy) == [7, 9, 12]
    assert published_share(12, 17, DisclosurePolicy(method="round")) == 10 / 15  # the rounded counts' share
