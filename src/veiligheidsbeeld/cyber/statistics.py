"""CBS statistics on the Digitale veiligheid page: online victimisation (Veiligheidsmonitor, the perception
results) of the gemeente against Nederland and by age band, with 95 % intervals, and the age profile of
registered suspects (the suspect counts, never the incident cube).

Victimisation: the survey results whose indicator names online crime (:data:`.reporting.ONLINE_TERMS`). The
gemeente's figures are the results of its own area (``Groningen (gemeente)``, or the bare name an older
``import survey`` kept); Nederland's those of ``Nederland`` for everyone (no population group, or ``Totaal
personen``); the age bands the groups ``Leeftijd: ...`` (85846NED, national). The interval is the published one
(``Ondergrens``/``Bovengrens 95%-interval``), else value +- margin. Two figures differ clearly only when their
intervals do not overlap; the page says so in words and never calls overlapping intervals a difference.

Offenders: per offence of the newest year, the finest age classes that do not overlap
(:func:`veiligheidsbeeld.registrations.suspects.partition`) and the share of the classes within ages 12-22 (the
framework's "most cyber offenders are 12-22"), labelled with the ages the classes really span. Counts are
published with :func:`veiligheidsbeeld.core.disclosure.published_breakdown` and shares with
:func:`~veiligheidsbeeld.core.disclosure.published_share`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from veiligheidsbeeld.core.disclosure import (
    SECRET,
    DisclosurePolicy,
    published_breakdown,
    published_count,
    published_share,
)

__all__ = ["Figure", "offender_profile", "online_victimisation"]

#: The framework's age span of most cyber offenders.
YOUNG = (12, 22)


@dataclass(frozen=True)
class Figure:
    """A survey figure with its 95 % interval (``low``/``high`` None when none is published)."""

    value: float
    low: float | None
    high: float | None
    unit: str

    @classmethod
    def of(cls, result) -> Figure:
        low, high = result.lower, result.upper
        if (low is None or high is None) and result.margin is not None:
            low, high = result.value - result.margin, result.value + result.margin
        return cls(result.value, low, high, result.unit)

    def compare(self, other: Figure | None) -> str:
        """``higher``, ``lower`` (intervals apart), ``same`` (they overlap) or ``""`` (no intervals to tell)."""
        if other is None or None in (self.low, self.high, other.low, other.high):
            return ""
        if self.low > other.high:
            return "higher"
        if self.high < other.low:
            return "lower"
        return "same"


def _online(gemeente):
    from veiligheidsbeeld.registrations.models import PerceptionResult

    from .reporting import ONLINE_TERMS

    query = Q()
    for term in ONLINE_TERMS:
        query |= Q(indicator__icontains=term)
    return PerceptionResult.objects.filter(query, gemeente=gemeente).select_related("area")


def online_victimisation(gemeente) -> dict:
    """The gemeente against Nederland (newest year the gemeente has) and Nederland by age band (newest year with
    age bands), per online indicator.

    Returns
    -------
    dict
        ``comparison``: {"year", "rows": [{"indicator", "gemeente": Figure, "nederland": Figure|None,
        "difference"}]}; ``ages``: {"year", "bands": [label], "rows": [{"indicator", "figures": [Figure|None]}]}.
    """
    own_names = {gemeente.name, "{} (gemeente)".format(gemeente.name)}
    own, national, ages = {}, {}, {}
    for r in _online(gemeente):
        year = r.period_start.year
        if r.group.startswith("Leeftijd"):
            ages[(r.indicator, r.group, year)] = r
        elif r.group not in ("", "Totaal personen"):
            continue  # other breakdowns by person (sex, origin) are not shown here
        elif (r.area is not None and r.area.code == gemeente.code) or (r.area is None and r.region in own_names):
            own[(r.indicator, year)] = r
        elif r.region == "Nederland" or (r.area is not None and r.area.level == "land"):
            # the regional table's figure (no group) before the total of a table by person characteristics
            if r.group == "" or (r.indicator, year) not in national:
                national[(r.indicator, year)] = r
    comparison = {"year": None, "rows": []}
    if own:
        year = max(y for _i, y in own)
        comparison["year"] = year
        for indicator in sorted({i for i, y in own if y == year}):
            mine = Figure.of(own[(indicator, year)])
            theirs = Figure.of(national[(indicator, year)]) if (indicator, year) in national else None
            comparison["rows"].append({"indicator": indicator, "gemeente": mine, "nederland": theirs,
                                       "difference": mine.compare(theirs)})
    by_age = {"year": None, "bands": [], "rows": []}
    if ages:
        year = max(y for _i, _g, y in ages)
        bands = sorted({g for _i, g, y in ages if y == year}, key=_band_order)
        by_age.update(year=year, bands=[b.split(":", 1)[-1].strip() for b in bands])
        for indicator in sorted({i for i, _g, y in ages if y == year}):
            by_age["rows"].append({"indicator": indicator, "figures": [
                Figure.of(ages[(indicator, b, year)]) if (indicator, b, year) in ages else None for b in bands]})
    return {"comparison": comparison, "ages": by_age}


def _band_order(label: str):
    from veiligheidsbeeld.registrations.importers.statline_tables import age_range

    low, _high = age_range(label)
    return (low if low is not None else 999, label)


def offender_profile(gemeente, policy: DisclosurePolicy | None) -> dict:
    """Per offence of the newest year the gemeente's suspects by age class, and the share aged 12-22 (as far as
    the classes tell), after disclosure control. ``{"year": None}`` when no suspect counts are imported."""
    from veiligheidsbeeld.registrations.suspects import gemeente_suspects, partition

    data = gemeente_suspects(gemeente)
    years = [y for y, offences in data.items() if any(o.classes for o in offences.values())]
    if not years:
        return {"year": None, "columns": [], "rows": []}
    year = max(years)
    offences = [o for o in data[year].values() if o.classes]
    parts = {o.offence: partition(o.classes) for o in offences}
    columns = sorted({c for classes in parts.values() for c in classes},
                     key=lambda c: (c.age_from, c.age_to if c.age_to is not None else 999, c.label))
    labels = list(dict.fromkeys(c.label for c in columns))
    rows = []
    for offence in sorted(offences, key=lambda o: (not _is_cyber(o.offence), o.offence)):
        classes = parts[offence.offence]
        counts = [offence.classes[c] for c in classes]
        shown = published_breakdown(counts, policy)
        whole = sum(counts)
        cells = {c.label: (n, _percent(published_share(offence.classes[c], whole, policy)) if n != SECRET else None)
                 for c, n in zip(classes, shown)}
        young = [c for c in classes if c.within(*YOUNG)]
        young_span = "{}–{}".format(min(c.age_from for c in young), max(c.age_to for c in young)) if young else ""
        young_count = sum(offence.classes[c] for c in young)
        rows.append({
            "offence": offence.offence,
            "cells": [cells.get(label, ("", None)) for label in labels],
            "total": published_count(whole, policy),
            "young_span": young_span,
            "young_share": _percent(published_share(young_count, whole, policy)) if young else None,
        })
    return {"year": year, "columns": labels, "rows": rows}


def _percent(share: float | None) -> float | None:
    return None if share is None else 100.0 * share


def _is_cyber(offence: str) -> bool:
    text = offence.lower()
    return any(term in text for term in ("cyber", "computer", "hack", "online", "digita"))
