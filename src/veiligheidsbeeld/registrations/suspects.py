"""Reading the suspect counts (:class:`~.models.SuspectCount`): a gemeente's rows, its age profile per offence and
the suspects of an age span per offence, without counting a person twice.

Age classes of one table may nest (``12 tot 18 jaar`` beside ``12 tot 25 jaar``), and a police table may split
what CBS keeps whole. Figures are therefore never summed over every class: :func:`partition` picks the finest
classes that do not overlap, and :func:`span_count` adds classes only when they cover an age span exactly
(``12-17``: ``12 tot 18 jaar``, or ``12 tot 15`` and ``15 tot 18``); otherwise the figure is not available.
Only men and women together (``sex`` empty) are read. These are unprotected counts: pages and reports publish
them through :mod:`veiligheidsbeeld.core.disclosure`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q

from .models import SuspectCount

__all__ = ["AgeClass", "OffenceCounts", "gemeente_suspects", "partition", "span_count"]


@dataclass(frozen=True)
class AgeClass:
    label: str
    age_from: int
    age_to: int | None  # None: and older

    def within(self, low: int, high: int) -> bool:
        return self.age_from >= low and self.age_to is not None and self.age_to <= high


@dataclass
class OffenceCounts:
    """The counts of one offence in one region and year: ``total`` (all ages, None when the source has no total)
    and per age class."""

    offence: str
    year: int
    total: int | None
    classes: dict[AgeClass, int]


def _own(gemeente) -> Q:
    names = [gemeente.name, "{} (gemeente)".format(gemeente.name)]
    return Q(area__code=gemeente.code) | Q(area__isnull=True, region__in=names)


def gemeente_suspects(gemeente, *, national: bool = False) -> dict[int, dict[str, OffenceCounts]]:
    """``{year: {offence: OffenceCounts}}`` of the gemeente's own region (``national``: of Nederland) in the
    suspect counts the gemeente imported."""
    region = Q(area__level="land") | Q(area__isnull=True, region="Nederland") if national else _own(gemeente)
    rows = SuspectCount.objects.filter(region, gemeente=gemeente, sex="", precision="year").values_list(
        "offence", "period_start", "age_class", "age_from", "age_to", "count")
    result: dict[int, dict[str, OffenceCounts]] = defaultdict(dict)
    for offence, start, label, age_from, age_to, count in rows:
        entry = result[start.year].setdefault(offence, OffenceCounts(offence, start.year, None, {}))
        if label.strip().lower().startswith("totaal"):
            entry.total = count
        elif age_from is not None:
            entry.classes[AgeClass(label, age_from, age_to)] = count
    return dict(result)


def partition(classes) -> list[AgeClass]:
    """The finest age classes that do not overlap, youngest first.

    >>> c = [AgeClass("12 tot 25 jaar", 12, 24), AgeClass("12 tot 18 jaar", 12, 17), AgeClass("18 tot 25 jaar", 18, 24),
    ...      AgeClass("65 jaar of ouder", 65, None)]
    >>> [a.label for a in partition(c)]
    ['12 tot 18 jaar', '18 tot 25 jaar', '65 jaar of ouder']
    """
    ordered = sorted(classes, key=lambda c: (c.age_from, (c.age_to if c.age_to is not None else 999) - c.age_from))
    chosen: list[AgeClass] = []
    for age_class in ordered:
        last = chosen[-1].age_to if chosen else -1
        if last is not None and age_class.age_from > last:
            chosen.append(age_class)
    return chosen


def span_count(counts: dict[AgeClass, int], low: int, high: int) -> int | None:
    """The suspects aged ``low`` to ``high`` (inclusive) from classes that cover the span exactly; None if none do.

    >>> span_count({AgeClass("12 tot 15 jaar", 12, 14): 3, AgeClass("15 tot 18 jaar", 15, 17): 4,
    ...             AgeClass("12 tot 18 jaar", 12, 17): 7}, 12, 17)
    7
    >>> span_count({AgeClass("12 tot 15 jaar", 12, 14): 3, AgeClass("15 tot 18 jaar", 15, 17): 4}, 12, 17)
    7
    >>> span_count({AgeClass("12 tot 25 jaar", 12, 24): 9}, 12, 17) is None
    True
    """
    age, total = low, 0
    while age <= high:
        # the widest class starting at this age that stays inside the span
        fitting = [c for c in counts if c.age_from == age and c.within(low, high)]
        if not fitting:
            return None
        widest = max(fitting, key=lambda c: c.age_to)
        total += counts[widest]
        age = widest.age_to + 1
    return total
