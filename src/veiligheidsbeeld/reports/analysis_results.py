"""Early-warning alerts, trends, hot spots and the veiligheidsindex of a stored run, as plain report data.

Everything is read through :mod:`veiligheidsbeeld.analyses.queries` and turned into sentences and table rows in
English source strings (translated by gettext). Disclosure control, as for the report's tables:

- an alert's observed count is a single figure: below the threshold it reads
  :data:`~veiligheidsbeeld.core.disclosure.SECRET` (:func:`.protection.protect_single`); the expected count and
  its interval come from the baseline model, not from a cell;
- trends (Kendall's tau, Sen's slope, q) and hot spots (Gi* z, category, smoothed rate) publish no counts;
- an index component is a rate per 1,000 inhabitants, which with the (published) population gives its yearly count
  back: a component whose count is between 0 and the threshold is hidden, and then the index too (the index and
  the other sub-indices with their weights would give it back).

Alerts marked false alarm (``vals-alarm``) are left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veiligheidsbeeld.analyses.display import slope_label
from veiligheidsbeeld.analyses.models import IndicatorSeries, Severity, TrendDirection
from veiligheidsbeeld.analyses.queries import alerts_for, hotspots_for, index_for, trends_for
from veiligheidsbeeld.analyses.safety_index import INDEX_THEMES
from veiligheidsbeeld.analyses.services import month_range
from veiligheidsbeeld.analyses.workflow import AlertStatus
from veiligheidsbeeld.areas.models import AreaLevel
from veiligheidsbeeld.core.disclosure import SECRET, DisclosurePolicy
from veiligheidsbeeld.frameworks.models import Theme

from .numbers import format_decimal, format_int
from .protection import protect_single

__all__ = ["CHAPTER_ITEMS", "HOT_PATTERNS", "INDEX_YEARS", "SUMMARY_ITEMS", "AnalysisResults", "analysis_results",
           "chapter_results", "summary_results", "wijk_results"]

#: How many alerts, trends and hot spots the summary names (the strongest evidence first).
SUMMARY_ITEMS = 5
#: How many wijk trends and hot spots a chapter lists (the rest is counted).
CHAPTER_ITEMS = 10
#: Index years shown in a wijk profile (the newest).
INDEX_YEARS = 3

HOT_PATTERNS = {
    "new_hot_spot": gettext_lazy("new hot spot"),
    "consecutive_hot_spot": gettext_lazy("consecutive hot spot"),
    "intensifying_hot_spot": gettext_lazy("intensifying hot spot"),
    "persistent_hot_spot": gettext_lazy("persistent hot spot"),
    "diminishing_hot_spot": gettext_lazy("diminishing hot spot"),
    "sporadic_hot_spot": gettext_lazy("sporadic hot spot"),
    "oscillating_hot_spot": gettext_lazy("oscillating hot spot"),
    "historical_hot_spot": gettext_lazy("historical hot spot"),
}
"""Emerging hot spot patterns (:func:`veiligheidsbeeld.stats.emerging_hot_spots`) as report labels."""


@dataclass
class AnalysisResults:
    """The results of one run as report rows; ``available`` is False for a report without a run.

    ``alerts``, ``trends`` and ``hotspots`` are lists of dicts (see the ``_alert``, ``_trend`` and ``_hotspot``
    helpers); ``index`` maps a wijk pk to its index rows, newest year first; ``trends_tested`` counts the tested
    series.
    """

    available: bool
    alerts: list[dict] = field(default_factory=list)
    trends: list[dict] = field(default_factory=list)
    hotspots: list[dict] = field(default_factory=list)
    index: dict[int, list[dict]] = field(default_factory=dict)
    index_base_year: int | None = None
    trends_tested: int = 0


def _q_label(q: float) -> str:
    return "q < 0,001" if q < 0.001 else "q = {}".format(format_decimal(q, 3))


def _month_label(month) -> str:
    return "{} {}".format(str(MONTHS[month.month]).lower(), month.year)


def _wijk_of(area):
    return area if area.level == AreaLevel.WIJK else (area.parent if area.level == AreaLevel.BUURT else None)


def _alert(alert, policy: DisclosurePolicy) -> dict:
    observed = protect_single(alert.observed, policy)
    if alert.p_trend < alert.p_month:
        severity_text = _("a steady rise over recent months")
    elif alert.severity == Severity.ALARM:
        severity_text = _("exceptionally high")
    else:
        severity_text = _("higher than expected")
    text = _("{theme} in {area}: {observed} registrations in {month}, expected {expected} ({lower}-{upper}); "
             "{severity_text}").format(
        theme=alert.theme.name, area=alert.area.name, observed=SECRET if observed is None else format_int(observed),
        month=_month_label(alert.month), expected=round(alert.expected), lower=int(alert.lower),
        upper=int(alert.upper), severity_text=severity_text)
    wijk = _wijk_of(alert.area)
    return {"text": text, "theme_code": alert.theme.code, "group_code": alert.theme.parent.code
            if alert.theme.parent_id else alert.theme.code, "wijk": wijk.pk if wijk else None,
            "severity": alert.get_severity_display(), "is_alarm": alert.severity == Severity.ALARM,
            "q": alert.q_value}


def _trend(trend, gemeente_level: bool) -> dict:
    # Readable units (#14): the change of the yearly total per year, and per 1,000 inhabitants.
    total = trend.slope_total if trend.slope_total is not None else trend.slope_per_year * 12
    slope = slope_label(total, trend.slope_rate)
    if trend.direction == TrendDirection.UP:
        text = _("{theme} in {area} rises significantly: {slope} ({q}).")
    elif trend.direction == TrendDirection.DOWN:
        text = _("{theme} in {area} falls significantly: {slope} ({q}).")
    else:
        text = _("{theme} in {area}: no significant trend ({q}).")
    return {
        "text": text.format(theme=trend.theme.name, area=trend.area.name, slope=slope, q=_q_label(trend.q_value)),
        "area": trend.area.name, "theme": trend.theme.name, "theme_code": trend.theme.code,
        "wijk": None if gemeente_level else trend.area_id, "gemeente_level": gemeente_level,
        # A significant test with a slope that rounds to zero is not a rising or falling trend (#14).
        "direction": trend.get_direction_display(), "significant": trend.direction != TrendDirection.NONE,
        "significance": _("significant") if trend.direction != TrendDirection.NONE else _("not significant"),
        "tau": format_decimal(trend.tau, 2), "slope": slope, "q": _q_label(trend.q_value), "q_value": trend.q_value,
        "months": trend.months,
    }


def _hotspot(spot) -> dict:
    wijk = _wijk_of(spot.area)
    pattern = HOT_PATTERNS.get(spot.pattern, "")
    text = _("{theme} in {area} ({wijk}): {category}").format(
        theme=spot.theme.name, area=spot.area.name, wijk=wijk.name if wijk else "", category=spot.get_category_display())
    if pattern:
        text += _("; pattern over the years: {pattern}").format(pattern=pattern)
    return {"text": text + ".", "theme": spot.theme.name, "theme_code": spot.theme.code, "area": spot.area.name,
            "wijk_name": wijk.name if wijk else "", "wijk": wijk.pk if wijk else None,
            "category": spot.get_category_display(), "pattern": str(pattern), "z": format_decimal(spot.z, 2),
            "rate": format_decimal(spot.rate, 1), "period": _month_label(spot.period), "z_value": spot.z}


def _component_counts(run, wijken) -> dict[tuple[int, int, str], int]:
    """Registrations per (wijk pk, year, index component) over the complete years of the run."""
    months = month_range(run.first_month, run.last_month)
    component_of = {}
    for theme in Theme.objects.leaves().select_related("parent"):
        for name, codes in INDEX_THEMES.items():
            if theme.code in codes or theme.parent.code in codes:
                component_of[theme.pk] = name
    counts: dict[tuple[int, int, str], int] = {}
    for area_id, theme_id, values in IndicatorSeries.objects.filter(
        run=run, area__in=wijken, theme_id__in=list(component_of)
    ).values_list("area_id", "theme_id", "counts"):
        for month, value in zip(months, values):
            key = (area_id, month.year, component_of[theme_id])
            counts[key] = counts.get(key, 0) + int(value)
    return counts


def _index_rows(run, policy: DisclosurePolicy) -> tuple[dict[int, list[dict]], int | None]:
    values = list(index_for(run).filter(area__level=AreaLevel.WIJK).order_by("area__code", "-year"))
    counts = _component_counts(run, {v.area_id for v in values}) if values else {}
    rows: dict[int, list[dict]] = {}
    for value in values:
        if len(rows.setdefault(value.area_id, [])) >= INDEX_YEARS:
            continue
        hidden = {name for name in INDEX_THEMES
                  if 0 < counts.get((value.area_id, value.year, name), 0) < policy.threshold}
        components = []
        for name, label in (("crime", _("crime")), ("nuisance", _("nuisance")), ("perception", _("perception"))):
            sub = getattr(value, name)
            if sub is None and name not in value.components:
                continue
            shown = name not in hidden
            rate = value.components.get(name)
            components.append({
                "name": label,
                "sub_index": format_decimal(sub, 0) if shown and sub is not None else (SECRET if not shown else ""),
                "value": format_decimal(rate, 1) if shown and rate is not None else (SECRET if not shown else ""),
                "unit": _("% feels unsafe") if name == "perception" else _("per 1,000 inhabitants"),
                "weight": format_decimal(value.weights.get(name, 0) * 100, 0) + "%" if name in value.weights else "",
            })
        rows[value.area_id].append({
            "year": value.year, "index": SECRET if hidden else format_decimal(value.index, 0),
            "complete": value.complete, "components": components,
        })
    return rows, run.summary.get("index", {}).get("base_year")


def analysis_results(run, policy: DisclosurePolicy) -> AnalysisResults:
    """The alerts, trends, significant hot spots and index values of ``run`` (``None``: not available)."""
    if run is None:
        return AnalysisResults(available=False)
    alerts = alerts_for(run).exclude(status=AlertStatus.VALS_ALARM).select_related("theme__parent", "area__parent")
    trends = trends_for(run).filter(area__level__in=[AreaLevel.WIJK, AreaLevel.GEMEENTE])
    hotspots = hotspots_for(run).filter(z__gt=0).select_related("area__parent")
    index, base_year = _index_rows(run, policy)
    return AnalysisResults(
        available=True,
        alerts=sorted((_alert(a, policy) for a in alerts), key=lambda a: (not a["is_alarm"], a["q"])),
        trends=[_trend(t, t.area.level == AreaLevel.GEMEENTE) for t in trends],
        hotspots=[_hotspot(h) for h in hotspots],
        index=index,
        index_base_year=base_year,
        trends_tested=run.summary.get("trends", {}).get("tested", 0),
    )


def summary_results(results: AnalysisResults) -> dict:
    """The main alerts, significant gemeente trends and strongest hot spots, for the summary."""
    significant = sorted((t for t in results.trends if t["gemeente_level"] and t["significant"]),
                         key=lambda t: t["q_value"])
    return {
        "available": results.available,
        "alerts": results.alerts[:SUMMARY_ITEMS],
        "alerts_more": max(0, len(results.alerts) - SUMMARY_ITEMS),
        "trends": significant[:SUMMARY_ITEMS],
        "trends_count": sum(1 for t in results.trends if t["significant"]),
        "trends_tested": results.trends_tested,
        "hotspots": sorted(results.hotspots, key=lambda h: -h["z_value"])[:SUMMARY_ITEMS],
        "hotspots_more": max(0, len(results.hotspots) - SUMMARY_ITEMS),
    }


def chapter_results(results: AnalysisResults, codes: set[str]) -> dict:
    """A chapter's part: alerts, gemeente trends of every theme (with significance), the strongest significant
    wijk trends and hot spots of the themes ``codes`` (leaf and group codes)."""
    alerts = [a for a in results.alerts if a["theme_code"] in codes or a["group_code"] in codes]
    wijk_trends = sorted((t for t in results.trends if not t["gemeente_level"] and t["significant"]
                          and t["theme_code"] in codes), key=lambda t: t["q_value"])
    hotspots = [h for h in results.hotspots if h["theme_code"] in codes]
    return {
        "available": results.available,
        "alerts": alerts,
        "gemeente_trends": [t for t in results.trends if t["gemeente_level"] and t["theme_code"] in codes],
        "wijk_trends": wijk_trends[:CHAPTER_ITEMS],
        "wijk_trends_more": max(0, len(wijk_trends) - CHAPTER_ITEMS),
        "hotspots": hotspots[:CHAPTER_ITEMS],
        "hotspots_more": max(0, len(hotspots) - CHAPTER_ITEMS),
    }


def wijk_results(results: AnalysisResults, wijk) -> dict:
    """A wijk profile's part: its index rows (newest year first) and the alerts of the wijk and its buurten."""
    return {
        "available": results.available,
        "index": results.index.get(wijk.pk, []),
        "index_base_year": results.index_base_year,
        "alerts": [a for a in results.alerts if a["wijk"] == wijk.pk],
    }
