"""What the overview page shows: the request's state (gemeente, theme, period, level, measure) and its figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from django.core.cache import cache
from django.http import Http404
from django.utils import dateformat
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from veiligheidsbeeld.accounts.services import gemeenten_for
from veiligheidsbeeld.analyses.alerts import alert_figures
from veiligheidsbeeld.analyses.display import MIN_BASE
from veiligheidsbeeld.analyses.indicators import AreaValue, area_values, quantile_classes
from veiligheidsbeeld.analyses.models import AnalysisRun, HotSpot, SafetyIndexValue
from veiligheidsbeeld.areas.models import Area, AreaLevel
from veiligheidsbeeld.core.disclosure import policy_for, published_counts
from veiligheidsbeeld.stats.rates import eb_smooth

from .sections import theme_tree

__all__ = ["MEASURES", "PALETTE", "State", "indexed_chart", "map_features", "resolve_state", "trend_spec"]

#: Map measures: query value -> what the legend calls it.
MEASURES = {
    "rate": _lazy("registrations per 1,000 inhabitants per year"),
    "smoothed": _lazy("per 1,000 inhabitants per year, smoothed (empirical Bayes)"),
    "count": _lazy("number of registrations"),
    "change": _lazy("change versus the same months a year earlier"),
    "index": _lazy("veiligheidsindex (100 = gemeente average in the base year)"),
}

# ColorBrewer "YlOrRd" 5 classes (Brewer 2003), dark enough at the top for contrast with white borders.
PALETTE = ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"]
# ColorBrewer "RdBu" 5 classes reversed: falls blue, rises red, the class around zero neutral (Brewer 2003).
DIVERGING = ["#2166ac", "#92c5de", "#f7f7f7", "#f4a582", "#b2182b"]


def diverging_classes(values: list[float | None]) -> tuple[list[int | None], list[float]]:
    """Classes of changes on a scale centred on zero: five classes with breaks symmetric around 0 (the middle
    class holds the changes closest to zero, on both sides), and the six breaks."""
    known = np.array([abs(v) for v in values if v is not None], dtype=float)
    if known.size == 0:
        return [None] * len(values), []
    q1, q2, q3 = (float(x) for x in np.quantile(known, [0.2, 0.6, 1.0]))
    q3 = q3 or 1.0
    q2 = q2 if q2 > q1 else (q1 + q3) / 2
    q1 = q1 if q1 > 0 else q2 / 2
    lowest = min(v for v in values if v is not None)
    highest = max(v for v in values if v is not None)
    # Inner breaks symmetric around zero; the outer ones at the observed extremes (a fall is never below -100 %).
    breaks = [min(lowest, -q2), -q2, -q1, q1, q2, max(highest, q2)]
    classes = [None if v is None else int(min(np.searchsorted(breaks, v, side="right") - 1, 4)) for v in values]
    return [None if c is None else max(c, 0) for c in classes], breaks
LEVELS = (AreaLevel.WIJK, AreaLevel.BUURT)
DEFAULT_THEME = "hic"


@dataclass
class State:
    """What a dashboard page shows, read from its URL: gemeente, analysis run, theme, level, measure, period."""

    gemeente: object
    run: AnalysisRun | None
    theme: Theme
    level: str
    measure: str
    end: dt.date | None
    months: list[dt.date]
    policy: object = None

    def query(self, **changes) -> str:
        params = {
            "gemeente": self.gemeente.code,
            "thema": self.theme.code,
            "niveau": self.level,
            "maat": self.measure,
        }
        if self.end:
            params["periode"] = self.end.strftime("%Y-%m")
        params.update(changes)
        return "&".join("{}={}".format(k, v) for k, v in params.items())

    @property
    def period(self) -> str:
        """The selected period as in the URL (``YYYY-MM``), or an empty string."""
        return self.end.strftime("%Y-%m") if self.end else ""

    @property
    def period_options(self) -> list[tuple[str, str]]:
        """(``YYYY-MM``, "oktober 2025") of every selectable period, newest first (formatted once per run)."""
        if self.run is None:
            return []
        return _period_options(self.run.pk, self.run.created_at, get_language(), tuple(self.months))


@lru_cache(maxsize=64)
def _period_options(run_pk, created_at, language, months) -> list[tuple[str, str]]:
    return [(month.strftime("%Y-%m"), dateformat.format(month, "F Y")) for month in reversed(months)]


def _parse_month(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        year, month = value.split("-")
        return dt.date(int(year), int(month), 1)
    except ValueError:
        return None


def resolve_state(request, gemeente_code: str | None = None) -> State:
    """Read the page state from the query string, within what the user may see; fall back to defaults."""
    allowed = gemeenten_for(request.user)
    code = gemeente_code or request.GET.get("gemeente")
    gemeente = allowed.filter(code=code).first() if code else allowed.first()
    if gemeente is None:
        raise Http404(_("No gemeente available for this account."))
    run = AnalysisRun.objects.latest_for(gemeente)
    tree = theme_tree(request)
    theme = tree.by_code.get(request.GET.get("thema") or DEFAULT_THEME) or (tree.themes[0] if tree.themes else None)
    level = request.GET.get("niveau") if request.GET.get("niveau") in LEVELS else AreaLevel.WIJK
    measure = request.GET.get("maat") if request.GET.get("maat") in MEASURES else "rate"
    months: list[dt.date] = []
    end = None
    if run is not None:
        from veiligheidsbeeld.analyses.services import month_range

        months = month_range(run.first_month, run.last_month)[11:]  # a full 12-month window is needed
        policy = policy_for(request.user, gemeente)
        if policy is not None:  # windows that do not overlap, so that no two can be subtracted
            from .published import aligned_months

            months = aligned_months(months, run.last_month)
        end = _parse_month(request.GET.get("periode"))
        if end not in months:
            end = months[-1] if months else None
    return State(gemeente, run, theme, level, measure, end, months, policy_for(request.user, gemeente))


def areas_of(state: State, level: str, *, geometry: bool = False):
    """The areas of ``level`` in the run's indeling, by code; their boundaries only when asked (for the map)."""
    if state.run is None:
        return Area.objects.none()
    areas = Area.objects.filter(gemeente=state.gemeente, year=state.run.area_year, level=level).order_by("code")
    return areas if geometry else areas.defer("geometry")


def values(state: State, level: str | None = None, *, geometry: bool = False) -> list[AreaValue]:
    if state.run is None or state.end is None:
        return []
    areas = list(areas_of(state, level or state.level, geometry=geometry))
    return area_values(state.run, state.theme, areas, state.end)


def format_value(measure: str, value: float | None) -> str:
    if value is None:
        return _("unknown")
    if measure == "rate":
        return "{:.1f}".format(value).replace(".", ",")
    if measure == "change":
        return "{:+.0f}%".format(value)
    if measure in ("smoothed", "index"):
        return "{:.1f}".format(value).replace(".", ",")
    return "{:,.0f}".format(value).replace(",", ".")


def _published_measured(state: State, rows: list[AreaValue]) -> list[float | None]:
    """The map value of every row for a viewer under a disclosure policy, from the published figures only
    (:mod:`.published`): a hidden count has no value of any measure; the smoothed rate is the empirical-Bayes
    rate of the published counts of the level (hidden areas left out), so it cannot be inverted into a hidden
    count; the index is shown only when none of the counts it is made of is hidden."""
    from .figures import published_shown
    from .published import column_of, published_window

    column = column_of(state.theme)
    window = published_window(state.run, state.end, state.policy)
    if window is None:
        return [None] * len(rows)
    if state.measure == "smoothed":
        counts = [window.count(row.area.pk, column) if window.has(row.area.pk, column) else None for row in rows]
        population = [row.population for row in rows]
        known = [k for k, (c, p) in enumerate(zip(counts, population)) if c is not None and p]
        result = [None] * len(rows)
        if known:
            smoothed = eb_smooth(np.array([counts[k] for k in known], dtype=float),
                                 np.array([population[k] for k in known], dtype=float))
            for k, value in zip(known, smoothed):
                result[k] = None if np.isnan(value) else float(value)
        return result
    if state.measure == "index":
        return _published_index(state, rows)
    measured = []
    for row in rows:
        value = published_shown(state, row.area, column)
        if value is None:
            measured.append(None)
        elif state.measure == "count":
            count = window.count(row.area.pk, column)
            measured.append(None if count is None else float(count))
        elif state.measure == "change":  # no percentage on a published base below 5 (#14)
            base = value.published.previous if value.published is not None else None
            measured.append(None if base is None or base < MIN_BASE else value.change)
        else:
            measured.append(value.rate)
    return measured


def _published_index(state: State, rows: list[AreaValue]) -> list[float | None]:
    """The veiligheidsindex of the period's year where none of the counts it is made of (the index themes of
    the area in the 12 months ending in December of that year) is hidden from the viewer."""
    from veiligheidsbeeld.analyses.safety_index import INDEX_THEMES

    from .published import column_of, published_window
    from .sections import theme_tree

    year = state.end.year
    window = published_window(state.run, dt.date(year, 12, 1), state.policy)
    if window is None:
        return [None] * len(rows)
    codes = {code for codes in INDEX_THEMES.values() for code in codes}
    tree = theme_tree()
    leaves = [t for t in tree.leaves if t.code in codes or (t.parent and t.parent.code in codes)]
    index = dict(
        SafetyIndexValue.objects.filter(run=state.run, year=year, area__in=[r.area for r in rows]).values_list(
            "area_id", "index"
        )
    )
    result = []
    for row in rows:
        safe = window.has(row.area.pk, column_of(leaves[0])) if leaves else False
        safe = safe and all(window.count(row.area.pk, column_of(t)) is not None for t in leaves
                            if window.has(row.area.pk, column_of(t)))
        result.append(index.get(row.area.pk) if safe else None)
    return result


def _measured(state: State, rows: list[AreaValue]) -> list[float | None]:
    """The map value of every row for the state's measure (disclosure control applied to counts)."""
    if state.policy is not None:
        return _published_measured(state, rows)
    if state.measure == "smoothed":
        counts = np.array([row.count for row in rows], dtype=float)
        population = np.array([row.population or 0 for row in rows], dtype=float)
        smoothed = eb_smooth(counts, population) if rows else []
        return [None if np.isnan(v) else float(v) for v in smoothed]
    if state.measure == "index":
        year = state.end.year if state.end else None
        index = dict(
            SafetyIndexValue.objects.filter(run=state.run, year=year, area__in=[r.area for r in rows]).values_list(
                "area_id", "index"
            )
        )
        return [index.get(row.area.pk) for row in rows]
    policy = state.policy
    measured = []
    for row in rows:
        small = policy is not None and 0 < row.count < policy.threshold
        small_before = policy is not None and row.previous is not None and 0 < row.previous < policy.threshold
        if state.measure == "count":
            measured.append(None if small else float(row.count))
        elif state.measure == "change":  # no percentage on a base below 5 (#14)
            base_small = row.previous is None or row.previous < MIN_BASE
            measured.append(None if small or small_before or base_small else row.change)
        else:
            measured.append(None if small else row.rate)
    return measured


def _hotspots(state: State) -> dict[int, str]:
    """Area pk -> hot spot category of the state's theme in the 12 months up to the period (hot spots only)."""
    if state.run is None or state.end is None:
        return {}
    rows = HotSpot.objects.filter(run=state.run, theme=state.theme, period=state.end).exclude(category="none")
    return {area_id: category for area_id, category in rows.values_list("area_id", "category")}


def map_features(state: State) -> dict:
    """GeoJSON FeatureCollection of the level's areas with value, label, quantile class and hot spot category."""
    rows = values(state, geometry=True)
    measured = _measured(state, rows)
    diverging = state.measure == "change"
    classes, breaks = diverging_classes(measured) if diverging else quantile_classes(measured)
    palette = DIVERGING if diverging else PALETTE
    hotspots = _hotspots(state)
    features = []
    for row, value, klass in zip(rows, measured, classes):
        if not row.area.geometry:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": row.area.geometry,
                "properties": {
                    "code": row.area.code,
                    "name": row.area.name,
                    "value": value,
                    "label": format_value(state.measure, value),
                    "class": klass,
                    "hotspot": hotspots.get(row.area.pk, ""),
                },
            }
        )
    legend = [
        {
            "class": i,
            "label": "{} – {}".format(format_value(state.measure, lo), format_value(state.measure, hi)),
            "color": palette[i] if diverging else PALETTE[round(i * (len(PALETTE) - 1) / max(len(breaks) - 2, 1))],
        }
        for i, (lo, hi) in enumerate(zip(breaks[:-1], breaks[1:]))
    ]
    return {
        "type": "FeatureCollection",
        "title": "{}: {}".format(state.theme, MEASURES[state.measure]),
        "method": str(
            _("Diverging scale centred on zero: blue fell, red rose, the middle class is close to no change.")
            if diverging
            else _("Quantile classes: each class holds about the same number of areas.")
        ),
        "legend": legend,
        "hotspot_label": str(_("Hot spot (Gi*, 90 % confidence or more)")) if hotspots else "",
        "features": features,
    }


BAND_MONTHS = 36


def _band(counts: list[int]) -> dict[int, tuple[float, float, float]]:
    """Month index -> (expected, lower, upper): the seasonal baseline and its 95 % prediction interval.

    The same early-warning model as the analysis (:func:`veiligheidsbeeld.stats.early_warning.early_warning`),
    for the last :data:`BAND_MONTHS` months of this one series.
    """
    from veiligheidsbeeld.stats.early_warning import early_warning

    n = len(counts)
    if n < 25:
        return {}
    result = early_warning(np.array([counts]), start=max(n - BAND_MONTHS, 12))
    lower, upper = result.prediction_interval(0.95)
    band = {}
    for column, month in enumerate(result.months):
        if not result.insufficient_history[0, column]:
            band[int(month)] = (
                round(float(result.expected[0, column]), 2),
                float(lower[0, column]),
                float(upper[0, column]),
            )
    return band


def policy_key(policy) -> str:
    """A cache-key part for a disclosure policy (``none`` for users who see every count)."""
    return "none" if policy is None else "{}-{}-{}".format(policy.method, policy.threshold, policy.base)


def run_cache_key(state: State, *parts) -> str:
    """Cache key of something shown from the state's (finished) run: the language, the run, the disclosure
    policy and ``parts`` (what else it depends on, e.g. a name, the theme, the area)."""
    run = state.run
    return ":".join(str(part) for part in (get_language(), run.pk, run.created_at.timestamp(),
                                            policy_key(state.policy), *parts))


def _average(counts, shown, policy) -> float | None:
    """The 12-month average of ``counts`` as it may be shown (see :func:`trend_spec`)."""
    if policy is None:
        return round(sum(counts) / 12.0, 2)
    if policy.method == "round":
        return round(published_counts([sum(counts)], policy)[0] / 12.0, 2)
    return None if any(v is None for v in shown) else round(sum(counts) / 12.0, 2)


def trend_spec(state: State, area, compare=None) -> dict | None:
    """Vega-Lite spec: monthly registrations of the state's theme in ``area`` with the 12-month average, the
    expected band (seasonal baseline, 95 % prediction interval) and the run's alerts marked.

    With ``compare`` (an area, e.g. the gemeente) a second panel indexes both areas' 12-month totals to 100 in
    the first full year, so a wijk and its gemeente can be read on one scale.

    Under the state's disclosure policy the counts are published as on the rest of the page: a month below the
    threshold has no point, a 12-month average only where none of its months is hidden (rounded totals under
    the ``round`` method), an alert below the threshold sits at the threshold with its label ("<5") and its month
    has no band (see :func:`~veiligheidsbeeld.analyses.alerts.alert_figures`).
    """
    from veiligheidsbeeld.analyses.indicators import series_for
    from veiligheidsbeeld.analyses.models import Alert
    from veiligheidsbeeld.analyses.services import month_range

    if state.run is None:
        return None
    cache_key = run_cache_key(state, "vb-trend", state.theme.pk, area.pk, getattr(compare, "pk", ""))
    cached = cache.get(cache_key)
    if cached is not None:
        return cached or None
    series = series_for(state.run, state.theme, area)
    if series is None:
        cache.set(cache_key, {}, 600)
        return None
    months = month_range(state.run.first_month, state.run.last_month)
    policy = state.policy
    if policy is not None:
        # no single months for a viewer under a policy: with the 12-month totals of the tables they would give
        # hidden counts away by subtraction; the chart shows the published 12-month totals (as a monthly mean)
        band, shown_counts = {}, [None] * len(series.counts)
        published = dict(_published_totals(state, area, months))
    else:
        band = _band(series.counts)
        shown_counts = published_counts(series.counts, policy)
        published = {}
    data = []
    for k, (month, count) in enumerate(zip(months, shown_counts)):
        row = {"maand": month.isoformat()}
        if count is not None:
            row["aantal"] = count
        if k >= 11 and policy is None:
            row["gemiddelde"] = _average(series.counts[k - 11 : k + 1], shown_counts[k - 11 : k + 1], policy)
        elif published.get(month) is not None:
            row["gemiddelde"] = round(published[month] / 12.0, 2)
        if k in band:
            row["verwacht"], row["onder"], row["boven"] = band[k]
        data.append(row)
    if policy is not None:  # only the published 12-month totals: a line through them, with their points
        data = [row for row in data if "gemiddelde" in row]
    alerts = []
    by_month = {row["maand"]: row for row in data}
    for a in Alert.objects.filter(run=state.run, theme=state.theme, area=area):
        figures = alert_figures(a, policy)
        if figures.protected:  # no band in that month: its upper bound with "<5" could leave one count
            for field in ("verwacht", "onder", "boven"):
                by_month.get(a.month.isoformat(), {}).pop(field, None)
        alerts.append(
            {
                "maand": a.month.isoformat(),
                "aantal": figures.observed if figures.observed is not None else policy.threshold,
                "label": figures.observed_label,
                "signaal": str(a.get_severity_display()),
            }
        )
    layers = [
        {
            "mark": {"type": "area", "color": "#c6d8ea", "opacity": 0.7},
            "encoding": {
                "y": {"field": "onder", "type": "quantitative"},
                "y2": {"field": "boven"},
                "tooltip": [
                    {"field": "maand", "type": "temporal", "title": _("Month"), "format": "%B %Y"},
                    {"field": "verwacht", "type": "quantitative", "title": _("Expected"), "format": ".1f"},
                    {"field": "onder", "type": "quantitative", "title": _("Lower bound (95 %)")},
                    {"field": "boven", "type": "quantitative", "title": _("Upper bound (95 %)")},
                ],
            },
        },
        {
            "mark": {"type": "line", "color": "#5b7fa3", "strokeWidth": 1},
            "encoding": {
                "y": {"field": "aantal", "type": "quantitative", "title": _("Registrations per month")},
                "tooltip": [
                    {"field": "maand", "type": "temporal", "title": _("Month"), "format": "%B %Y"},
                    {"field": "aantal", "type": "quantitative", "title": _("Registrations")},
                ],
            },
        },
        {
            "mark": {"type": "line", "color": "#0b3d6e", "strokeWidth": 2.5, "point": policy is not None},
            "encoding": {"y": {"field": "gemiddelde", "type": "quantitative"}},
        },
    ]
    if alerts:
        layers.append(
            {
                "data": {"values": alerts},
                "mark": {"type": "point", "shape": "triangle-up", "filled": True, "color": "#b00020", "size": 90},
                "encoding": {
                    "y": {"field": "aantal", "type": "quantitative"},
                    "tooltip": [
                        {"field": "maand", "type": "temporal", "title": _("Month"), "format": "%B %Y"},
                        {"field": "label", "type": "nominal", "title": _("Registrations")},
                        {"field": "signaal", "type": "nominal", "title": _("Signal")},
                    ],
                },
            }
        )
    marks = _period_marks(state.run)
    if marks:
        layers.append(
            {
                "data": {"values": marks},
                "mark": {"type": "rule", "strokeDash": [4, 3], "color": "#6b7280", "strokeWidth": 1.5},
                "encoding": {
                    "x": {"field": "maand", "type": "temporal"},
                    "tooltip": [
                        {"field": "maand", "type": "temporal", "title": _("Month"), "format": "%B %Y"},
                        {"field": "opmerking", "type": "nominal", "title": _("Note")},
                    ],
                },
            }
        )
    spec = {
        "description": _(
            "Registrations per month: {theme} in {area}, with the 12-month average, the expected band and alerts."
        ).format(theme=state.theme, area=area.name),
        "width": "container",
        "height": 220,
        "data": {"values": data},
        "encoding": {"x": {"field": "maand", "type": "temporal", "title": _("Month")}},
        "layer": layers,
    }
    if compare is not None:
        spec = {
            "description": spec["description"],
            "vconcat": [
                {key: value for key, value in spec.items() if key != "description"},
                _comparison(state, [compare, area], months),
            ],
        }
    cache.set(cache_key, spec, 600)
    return spec


def _period_marks(run) -> list[dict]:
    """Dashed marks of the months a chart must not be read across: months only partly covered by event data
    (:mod:`veiligheidsbeeld.analyses.coverage`) and a break of territory (herindeling without the predecessors'
    figures)."""
    from veiligheidsbeeld.analyses.coverage import partial_months

    marks = [
        {"maand": month.isoformat(),
         "opmerking": str(_("partial month: {days} of {total} days covered")).format(days=days, total=total)}
        for month, (days, total) in sorted(partial_months(run).items())
    ]
    for note in (run.summary or {}).get("mergers", []):
        if note.get("method") == "break":
            until = dt.date.fromisoformat(note["until"])
            after = (until.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
            if run.first_month < after <= run.last_month:
                marks.append({"maand": after.isoformat(), "opmerking": str(
                    _("break: herindeling with {name}; earlier months cover the former territory")
                ).format(name=note["name"])})
    return marks


def _published_totals(state: State, area, months) -> list[tuple[dt.date, int | None]]:
    """(window end, published 12-month count) of ``area`` and the state's theme for every window a viewer under
    the state's policy may see (:func:`.published.aligned_months`)."""
    from .published import aligned_months, column_of, published_window

    result = []
    for end in aligned_months(months[11:], state.run.last_month):
        window = published_window(state.run, end, state.policy)
        if window is not None and window.has(area.pk, column_of(state.theme)):
            result.append((end, window.count(area.pk, column_of(state.theme))))
    return result


def _indexed(counts: list[int], policy=None) -> list[float | None]:
    """12-month rolling totals indexed to 100 at the first full window.

    Under a disclosure policy the totals are published first (rounded, or None below the threshold), so an
    index never rests on a hidden total.
    """
    totals = [sum(counts[k - 11 : k + 1]) if k >= 11 else None for k in range(len(counts))]
    if policy is not None:
        shown = published_counts([t or 0 for t in totals], policy)
        totals = [None if t is None else v for t, v in zip(totals, shown)]
    base = totals[11] if len(totals) > 11 else None
    return [None if t is None or not base else round(t / base * 100.0, 1) for t in totals]


def _comparison(state: State, areas, months) -> dict:
    from veiligheidsbeeld.analyses.indicators import series_for

    data = []
    for area in areas:
        if state.policy is not None:  # the published 12-month totals only, indexed to the first one
            totals = _published_totals(state, area, months)
            base = totals[0][1] if totals else None
            for month, total in totals:
                if total is not None and base:
                    data.append({"maand": month.isoformat(), "gebied": area.name,
                                 "index": round(total / base * 100.0, 1)})
            continue
        series = series_for(state.run, state.theme, area)
        if series is None:
            continue
        for month, value in zip(months, _indexed(series.counts, state.policy)):
            if value is not None:
                data.append({"maand": month.isoformat(), "gebied": area.name, "index": value})
    return indexed_chart(data, _("12-month total, indexed (first year = 100)"))


def indexed_chart(data: list[dict], title: str) -> dict:
    """A Vega-Lite line chart of ``index`` per ``gebied`` over ``maand`` (temporal)."""
    return {
        "width": "container",
        "height": 180,
        "data": {"values": data},
        "mark": {"type": "line", "strokeWidth": 2, "point": False},
        "encoding": {
            "x": {"field": "maand", "type": "temporal", "title": _("Month")},
            "y": {"field": "index", "type": "quantitative", "title": title, "scale": {"zero": False},
                  "axis": {"format": ",.0f"}},
            "color": {
                "field": "gebied",
                "type": "nominal",
                "title": _("Area"),
                "scale": {"range": ["#0b3d6e", "#c2410c", "#047857"]},
            },
            "strokeDash": {"field": "gebied", "type": "nominal", "legend": None},
            "tooltip": [
                {"field": "gebied", "type": "nominal", "title": _("Area")},
                {"field": "maand", "type": "temporal", "title": _("Month"), "format": "%B %Y"},
                {"field": "index", "type": "quantitative", "title": _("Index"), "format": ",.1f"},
            ],
        },
    }
