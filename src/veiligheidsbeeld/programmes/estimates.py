"""Ramingen: the cost of a person-centred approach such as Top-X, which scales with the size of the group.

``cost = cost per person per year x group size x years``. The framework (chapter 4, Financien) asks for an
estimate "afhankelijk van de omvang van de doelgroep"; scenarios show the range for several group sizes.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

__all__ = ["Scenario", "estimate", "scenarios"]


@dataclass(frozen=True)
class Scenario:
    """One estimate: a named group size and its cost per year and over the whole period."""

    name: str
    group_size: int
    years: int
    cost_per_person_per_year: Decimal
    per_year: Decimal
    total: Decimal


def estimate(cost_per_person_per_year, group_size: int, years: int, name: str = "") -> Scenario:
    """Cost of ``group_size`` persons for ``years`` years.

    Raises
    ------
    ValueError
        When the cost is negative, or the group size or number of years is not a positive whole number.

    Examples
    --------
    >>> estimate(15000, 20, 4).total
    Decimal('1200000')
    """
    cost = Decimal(str(cost_per_person_per_year))
    if cost < 0:
        raise ValueError(f"cost per person per year must not be negative, got {cost}")
    for label, value in (("group size", group_size), ("years", years)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ValueError(f"{label} must be a whole number of at least 1, got {value!r}")
    per_year = cost * group_size
    return Scenario(name, group_size, years, cost, per_year, per_year * years)


def scenarios(cost_per_person_per_year, group_sizes: dict[str, int], years: int) -> list[Scenario]:
    """One :func:`estimate` per named group size (e.g. ``{"laag": 15, "midden": 25, "hoog": 40}``)."""
    return [estimate(cost_per_person_per_year, size, years, name) for name, size in group_sizes.items()]
