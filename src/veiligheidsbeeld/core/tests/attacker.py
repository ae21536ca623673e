"""The disclosure attacker: everything published, as linear equations over unknown counts, solved by LP.

An attacker collects what a role can fetch (pages, map data, CSV, API, report, open data) as *facts*: a cell's
published value (``know``), or a linear relation that the figures obey (``relate``: a wijk is the sum of its
buurten, a group the sum of its themes, a rate is a count divided by a published population). For every hidden
cell it then asks the strongest question an attacker with a solver can ask: the smallest and largest value of
the cell consistent with all facts and non-negativity (:func:`scipy.optimize.linprog`, HiGHS). A cell whose
range holds a single integer is recovered.

Used by ``core/tests/test_disclosure.py`` (one table), ``core/tests/test_linked_disclosure.py`` (linked
tables) and ``dashboard/tests/test_disclosure_attack.py`` (everything a role can fetch).
"""

from __future__ import annotations

import math

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import lil_matrix

__all__ = ["Attacker"]


class Attacker:
    """Facts about cells (hashable keys) and the LP ranges of the unknown ones."""

    def __init__(self):
        self.known: dict = {}
        self.relations: list[tuple[dict, float]] = []

    def know(self, cell, value) -> None:
        """A published value of ``cell``; a second, different value for the same cell is a test failure."""
        value = float(value)
        if cell in self.known and abs(self.known[cell] - value) > 1e-6:
            raise AssertionError("{} published as {} and as {}".format(cell, self.known[cell], value))
        self.known[cell] = value

    def relate(self, terms: dict, constant: float = 0.0) -> None:
        """``sum(coefficient * cell) == constant`` holds for the true counts."""
        self.relations.append((dict(terms), float(constant)))

    def sum_of(self, total, parts) -> None:
        """``total`` is the sum of ``parts``."""
        terms = {total: -1.0}
        for part in parts:
            terms[part] = terms.get(part, 0.0) + 1.0
        self.relate(terms)

    def unknowns(self) -> list:
        cells = {cell for terms, _c in self.relations for cell in terms}
        return sorted((c for c in cells if c not in self.known), key=repr)

    def _system(self):
        unknown = self.unknowns()
        index = {cell: k for k, cell in enumerate(unknown)}
        matrix = lil_matrix((len(self.relations), len(unknown)))
        rhs = np.zeros(len(self.relations))
        for r, (terms, constant) in enumerate(self.relations):
            known = 0.0
            for cell, coefficient in terms.items():
                if cell in index:
                    matrix[r, index[cell]] += coefficient
                else:
                    known += coefficient * self.known[cell]
            rhs[r] = constant - known
        return unknown, index, matrix.tocsr(), rhs

    def ranges(self, cells=None) -> dict:
        """Cell -> (lowest, highest) value consistent with every fact (``inf`` when unbounded above)."""
        unknown, index, matrix, rhs = self._system()
        result = {}
        for cell in cells if cells is not None else unknown:
            if cell in self.known:
                result[cell] = (self.known[cell], self.known[cell])
                continue
            if cell not in index:
                result[cell] = (0.0, math.inf)  # in no relation: nothing constrains it
                continue
            objective = np.zeros(len(unknown))
            objective[index[cell]] = 1.0
            low = linprog(objective, A_eq=matrix, b_eq=rhs, bounds=(0, None), method="highs")
            high = linprog(-objective, A_eq=matrix, b_eq=rhs, bounds=(0, None), method="highs")
            if low.status != 0:
                raise AssertionError("the published facts are inconsistent: {}".format(low.message))
            result[cell] = (low.fun, -high.fun if high.status == 0 else math.inf)
        return result

    def recovered(self, truth: dict) -> dict:
        """The hidden cells of ``truth`` (cell -> true count) whose range holds one integer: cell -> range.

        Also checks that the true value lies in the range (else the facts were wrong, a bug of the test).
        """
        found = {}
        for cell, (low, high) in self.ranges(list(truth)).items():
            true = truth[cell]
            assert low - 1e-6 <= true <= high + 1e-6, "{}: true {} outside {}..{}".format(cell, true, low, high)
            if math.isfinite(high) and math.floor(high + 1e-6) == math.ceil(low - 1e-6):
                found[cell] = (low, high)
        return found
