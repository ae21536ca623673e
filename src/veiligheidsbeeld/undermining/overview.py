"""The figures of the Ondermijning page and report: signals per theme, sector and wijk, registered counts, Bibob
tests and lead times against the legal terms, barriers and interventions per type, and the vulnerability map.

Everything here is person-free: counts per area, theme or sector, never an address. For a viewer without
``accounts.view_small_counts`` (a ``policy``) every count below the threshold is hidden with the cells that would
give it back (:func:`~veiligheidsbeeld.core.disclosure.published_breakdown`), and every figure derived from counts
(the density components of the vulnerability map, shares, the median lead time) is computed from published counts
only or hidden (:mod:`veiligheidsbeeld.core.disclosure`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from veiligheidsbeeld.areas.models import Area, AreaGroup, AreaPopulation
from veiligheidsbeeld.core.disclosure import (
    SECRET,
    DisclosurePolicy,
    published_breakdown,
    published_count,
    published_median,
    published_share,
)

from .bibob_clock import ADVICE_WEEKS, MAX_EXTENSION_WEEKS
from .choices import SignalTheme
from .models import AreaIndicator, Barrier, BibobDossier, Intervention, Signal
from .models.signals import sbi_section
from .vulnerability import AreaScore, area_components, composite, weights_from_settings

__all__ = ["Overview", "area_values", "overview", "signals_by_wijk", "vulnerability"]

WINDOW_DAYS = 730
ONDERMIJNING_THEME = "ondermijning"


def _wijk_of(area: Area | None) -> Area | None:
    while area is not None and area.level not in ("wijk",):
        if area.parent_id is None:
            return None
        area = area.parent
    return area


def _window(today: dt.date) -> dt.date:
    return today - dt.timedelta(days=WINDOW_DAYS)


def signals_by_wijk(gemeente, today: dt.date) -> Counter:
    counts: Counter = Counter()
    for signal in Signal.objects.filter(gemeente=gemeente, received_on__gte=_window(today)).select_related(
            "area__parent"):
        wijk = _wijk_of(signal.area)
        counts[wijk.code if wijk else ""] += 1
    return counts


def registrations_by_wijk(gemeente, today: dt.date) -> Counter:
    """Registered counts of the ondermijning themes (the theme and its children) per wijk, last 24 months."""
    from veiligheidsbeeld.registrations.models import Registration

    rows = (
        Registration.objects.filter(gemeente=gemeente, period_start__gte=_window(today))
        .filter(Q(theme__code=ONDERMIJNING_THEME) | Q(theme__parent__code=ONDERMIJNING_THEME))
        .values("area_id").annotate(n=Sum("count"))
    )
    areas = {a.pk: a for a in Area.objects.filter(pk__in=[r["area_id"] for r in rows]).select_related("parent")}
    counts: Counter = Counter()
    for row in rows:
        wijk = _wijk_of(areas.get(row["area_id"]))
        counts[wijk.code if wijk else ""] += row["n"]
    return counts


def _population(wijken) -> dict[str, int]:
    """Inhabitants per wijk in the newest year: the wijk's own figure, else the sum over its buurten."""
    rows = AreaPopulation.objects.filter(Q(area__in=wijken) | Q(area__parent__in=wijken)).values_list(
        "area_id", "area__parent_id", "year", "population")
    wijk_ids = {w.pk for w in wijken}
    own: dict[int, dict[int, int]] = {}
    children: dict[int, dict[int, int]] = {}
    for area_id, parent_id, year, population in rows:
        if area_id in wijk_ids:
            own.setdefault(area_id, {})[year] = population
        else:
            by_year = children.setdefault(parent_id, {})
            by_year[year] = by_year.get(year, 0) + population
    result = {}
    for wijk in wijken:
        years = own.get(wijk.pk) or children.get(wijk.pk)
        if years:
            result[wijk.code] = years[max(years)]
    return result


def _published_by_wijk(counts: Counter, wijken: list[Area], policy: DisclosurePolicy | None) -> dict[str, int | str]:
    """Counts per wijk (in ``wijken`` order) as the viewer may see them: a breakdown of a known total."""
    return dict(zip([w.code for w in wijken], published_breakdown([counts.get(w.code, 0) for w in wijken], policy)))


def area_values(gemeente, today: dt.date, policy: DisclosurePolicy | None = None
                ) -> tuple[list[Area], dict[str, dict[str, float]]]:
    """The wijken of the gemeente and their raw component values (see :mod:`.vulnerability`). Under a ``policy``
    the density components come from published counts only: a wijk whose count is hidden has no such component,
    for a density (with the public population) or the z-scores of the other wijken (their mean and spread) would
    give the count back."""
    wijken = list(Area.objects.filter(gemeente=gemeente, level="wijk").order_by("code"))
    population = _population(wijken)
    signals = _published_by_wijk(signals_by_wijk(gemeente, today), wijken, policy)
    registered = _published_by_wijk(registrations_by_wijk(gemeente, today), wijken, policy)
    indicators: dict[str, dict[str, float]] = {}
    for row in AreaIndicator.objects.filter(area_code__in=[w.code for w in wijken]).order_by("year"):
        indicators.setdefault(row.area_code, {})[row.indicator] = row.value  # newest year wins
    values = {}
    for wijk in wijken:
        inhabitants = population.get(wijk.code)
        kwb = indicators.get(wijk.code, {})
        comps = area_components(None if signals[wijk.code] == SECRET else signals[wijk.code],
                                None if registered[wijk.code] == SECRET else registered[wijk.code], inhabitants, kwb)
        values[wijk.code] = comps
    return wijken, values


def vulnerability(gemeente, today: dt.date, policy: DisclosurePolicy | None = None) -> list[tuple[Area, AreaScore]]:
    """The composite per wijk, most vulnerable first (areas without any component last)."""
    wijken, values = area_values(gemeente, today, policy)
    scores = composite(values, weights_from_settings())
    rows = [(w, scores[w.code]) for w in wijken]
    return sorted(rows, key=lambda r: (r[1].score is None, -(r[1].score or 0), r[0].code))


@dataclass
class Overview:
    by_theme: list[tuple[str, int]]
    by_sector: list[tuple[str, int]]
    by_wijk: list[dict]
    by_group: list[dict]
    bibob: dict
    interventions: list[tuple[str, int]]
    barriers: list[tuple[str, int]]
    vulnerability: list[tuple[Area, AreaScore]]
    weights: dict[str, float]


def _bibob_figures(gemeente, policy: DisclosurePolicy | None = None) -> dict:
    dossiers = list(BibobDossier.objects.filter(gemeente=gemeente))
    advised = [d for d in dossiers if d.advice_requested_on and d.advice_received_on]
    lead = [(d.advice_received_on - d.advice_requested_on).days for d in advised]
    on_time = [d for d in advised if d.advice_received_on <= d.clock().advice_deadline()]
    decisions = sorted(Counter(d.get_decision_display() for d in dossiers if d.decision).items())
    outcomes = sorted(Counter(d.get_outcome_display() for d in dossiers if d.outcome).items())
    on_time_shown = published_share(len(on_time), len(advised), policy) is not None
    shown = published_median(lead, policy) is not None  # the upper median, as the report has always shown it
    median = sorted(lead)[len(lead) // 2] if shown else None
    return {
        "tests": published_count(len(dossiers), policy),
        "requests": published_count(sum(1 for d in dossiers if d.advice_requested_on), policy),
        "advised": published_count(len(advised), policy),
        # "k of n on time" is shown only when neither k nor n - k is a small count (else it gives them back)
        "on_time": published_count(len(on_time), policy) if on_time_shown or not advised else None,
        "median_days": median,
        "term_days": 7 * ADVICE_WEEKS,
        "max_days": 7 * (ADVICE_WEEKS + MAX_EXTENSION_WEEKS),
        "decisions": _breakdown(decisions, policy),
        "outcomes": _breakdown(outcomes, policy),
        "negative": published_count(
            sum(1 for d in dossiers if d.decision in ("geweigerd", "ingetrokken", "voorschriften")), policy),
    }


def _breakdown(pairs: list[tuple[str, int]], policy: DisclosurePolicy | None) -> list[tuple[str, int | str]]:
    return list(zip([label for label, _n in pairs], published_breakdown([n for _label, n in pairs], policy)))


def overview(gemeente, today: dt.date, policy: DisclosurePolicy | None = None) -> Overview:
    """The page's figures; under a ``policy`` as a viewer without small-count rights may see them."""
    window = _window(today)
    signals = Signal.objects.filter(gemeente=gemeente, received_on__gte=window)
    themes = dict(signals.values_list("theme").annotate(n=Count("pk")))
    by_theme = [(label, themes.get(value, 0)) for value, label in SignalTheme.choices]
    sectors: Counter = Counter(sbi_section(code) or "?" for code in signals.values_list("sbi_code", flat=True))
    by_signal = signals_by_wijk(gemeente, today)
    wijken = list(Area.objects.filter(gemeente=gemeente, level="wijk").order_by("code"))
    shown_signals = _published_by_wijk(by_signal, wijken, policy)
    shown_registered = _published_by_wijk(registrations_by_wijk(gemeente, today), wijken, policy)
    vuln = vulnerability(gemeente, today, policy)
    score = {w.code: s for w, s in vuln}
    by_wijk = [
        {"area": w, "signals": shown_signals[w.code], "registered": shown_registered[w.code],
         "score": score[w.code].score}
        for w in wijken
    ]
    groups = []
    for group in AreaGroup.objects.filter(gemeente=gemeente).prefetch_related("members").order_by("name"):
        codes = {m.code for m in group.members.all()}
        count = published_count(sum(n for code, n in by_signal.items() if code in codes), policy)
        if any(shown_signals.get(code) == SECRET for code in codes):
            count = SECRET  # the group total minus its published wijken would give a hidden wijk back
        groups.append({"group": group, "signals": count})
    interventions = Counter(i.get_kind_display() for i in Intervention.objects.filter(gemeente=gemeente))
    barriers = Counter(b.get_status_display() for b in Barrier.objects.filter(gemeente=gemeente))
    return Overview(
        by_theme=_breakdown(by_theme, policy), by_sector=_breakdown(sorted(sectors.items()), policy), by_wijk=by_wijk,
        by_group=groups, bibob=_bibob_figures(gemeente, policy),
        interventions=_breakdown(sorted(interventions.items()), policy),
        barriers=_breakdown(sorted(barriers.items()), policy), vulnerability=vuln,
        weights=weights_from_settings(),
    )
