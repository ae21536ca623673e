"""Dashboard pages. Views stay thin: state and figures come from :mod:`.overview`, :mod:`.figures`,
:mod:`.sections` and :mod:`.national`."""

from __future__ import annotations

import datetime as dt
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veiligheidsbeeld.accounts.services import gemeenten_for
from veiligheidsbeeld.analyses.alerts import alert_figures
from veiligheidsbeeld.analyses.changes import assess_changes
from veiligheidsbeeld.analyses.display import reason_text
from veiligheidsbeeld.analyses.models import Alert, AnalysisRun, HotSpot, SafetyIndexValue, TrendResult
from veiligheidsbeeld.analyses.drilldown import drilldown
from veiligheidsbeeld.analyses.services import change_alert_status, set_alert_follow_up
from veiligheidsbeeld.analyses.workflow import (
    ALLOWED_STATUS_CHANGES,
    PARTNER_STATUS_CHANGES,
    AlertStatus,
    InvalidStatusChange,
)
from veiligheidsbeeld.areas.models import Area, AreaLevel
from veiligheidsbeeld.core import spreadsheet
from veiligheidsbeeld.core.module_indicators import CAVEAT as MODULE_CAVEAT
from veiligheidsbeeld.core.module_indicators import for_priority
from veiligheidsbeeld.core.modules import todos_for
from veiligheidsbeeld.core.visibility import filter_notice
from veiligheidsbeeld.core.disclosure import SECRET, policy_from_settings, published_counts
from veiligheidsbeeld.programmes.models import Measure
from veiligheidsbeeld.programmes.permissions import sees_own_measures_only, visible_measures
from veiligheidsbeeld.registrations.models import PerceptionResult

from . import overview
from .figures import published_shown, shown
from .national import e33_comparison, national_comparison
from .search import search_areas
from .published import ALL, aligned_months, column_of, published_window, section_column
from .templatetags.vb import nl_int
from .sections import current_framework_pk, section_by_code, sections_for, theme_tree

ALERT_PAGE_SIZE = 50
MAP_CACHE_SECONDS = 600
#: How long a rendered fragment of figures is kept: they belong to a finished run and never change; the
#: limit bounds how long a renamed area or a new boundary file takes to show.
FRAGMENT_SECONDS = 600
LEVELS = [(AreaLevel.WIJK, _("Wijken")), (AreaLevel.BUURT, _("Buurten"))]


class _Once:
    """A context value computed when a template first uses it, then kept: nothing is computed for a fragment
    that comes from the cache (``{% cache %}`` in the templates)."""

    def __init__(self, function, *args, **kwargs):
        self.function, self.args, self.kwargs = function, args, kwargs
        self.done, self.value = False, None

    def __call__(self):
        if not self.done:
            self.value, self.done = self.function(*self.args, **self.kwargs), True
        return self.value


def _fragment_key(state, *parts) -> str:
    """Cache key of a page fragment that shows figures of the state's run: everything the figures depend on
    (language, run, disclosure policy, the URL state, framework version, page-specific parts)."""
    return "" if state.run is None else overview.run_cache_key(state, state.query(), *parts)


def _theme_choices(request):
    tree = theme_tree(request)
    return [(g, tree.children[g.pk]) for g in tree.groups] + [(t, []) for t in tree.totals]


def _gemeente_area(state):
    if state.run is None:
        return None
    return (
        Area.objects.filter(gemeente=state.gemeente, year=state.run.area_year, level=AreaLevel.GEMEENTE)
        .defer("geometry")
        .first()
    )


def _measures():
    return [(value, label) for value, label in overview.MEASURES.items()]


def _trends(state, themes, area) -> dict[int, TrendResult]:
    """Theme pk -> the trend of ``area`` that may be called rising or falling (significant, a slope that does not
    round to zero; the monthly test where there is one, else the yearly)."""
    if state.run is None or area is None:
        return {}
    rows = TrendResult.objects.filter(
        run=state.run, area=area, theme__in=list(themes), significant=True, direction__in=("up", "down")
    ).order_by("-precision")  # "year" < "quarter" < "month": the monthly result wins
    return {trend.theme_id: trend for trend in rows}


def _trend_directions(state, themes, area) -> dict[int, str]:
    """Theme pk -> significant trend direction ('up'/'down') of ``area`` in the run."""
    return {pk: trend.direction for pk, trend in _trends(state, themes, area).items()}


def _partial_in_window(state) -> list:
    """Partial months (event data covering only part of the month) in the 12-month window and the one a year
    earlier: their change is not computed."""
    if state.run is None or state.end is None:
        return []
    from veiligheidsbeeld.analyses.coverage import partial_months

    partial = partial_months(state.run)
    if not partial:
        return []
    first = state.end.replace(year=state.end.year - 2)
    return sorted(m for m in partial if first < m <= state.end)


def _pair(value, policy, partial) -> tuple[int, int] | None:
    """(current, previous) of a change that may be assessed: none across a partial month, none where disclosure
    control hides a side.

    ``value`` is an AreaValue of counts the viewer may see: for a figure of the published source its
    ``Shown.published`` (published counts, None where hidden), so that a change is never assessed from hidden
    counts."""
    if value is None or value.count is None or value.previous is None or partial:
        return None
    if policy is not None and (0 < value.count < policy.threshold or 0 < value.previous < policy.threshold):
        return None
    return value.count, value.previous


def _assess(values, state) -> list:
    """:func:`~veiligheidsbeeld.analyses.changes.assess_changes` of ``values`` (AreaValue, a published
    :class:`~.figures.Shown` or None) as one family; a Shown is assessed on its published counts."""
    partial = _partial_in_window(state)
    values = [getattr(v, "published", v) if v is not None and hasattr(v, "published") else v for v in values]
    return assess_changes([_pair(v, state.policy, partial) for v in values])


def _unplaced(state, area, column) -> dict | None:
    """Registrations of the gemeente ``area`` as a whole that no wijk holds, from the published source: the
    remainder row ``("rest", area.pk)`` of the linked table (protected with the table, so hidden where it could
    give a small count away). ``{"n", "wijk_sum"}`` (``wijk_sum`` = the published gemeente count minus ``n``)
    when both parts exist."""
    window = published_window(state.run, state.end, state.policy)
    rest = ("rest", area.pk)
    if window is None or not window.has(rest, column) or not window.has(area.pk, column):
        return None
    n, whole = window.count(rest, column), window.count(area.pk, column)
    if n is None or whole is None:
        return None
    wijk_sum = whole - n
    if wijk_sum > 0 and n > 0:
        return {"n": n, "wijk_sum": wijk_sum}
    return None


class _Row:
    """A :class:`~.figures.Shown` with the assessment of its change (``row.assessment``)."""

    def __init__(self, shown_value, assessment):
        self._shown, self.assessment = shown_value, assessment

    def __getattr__(self, name):
        return getattr(self._shown, name)


def _section_cards(request, state, gemeente_area):
    """One card per section: its themes summed over the gemeente, with change and trend arrows (the newest year
    of the yearly figures when the run has no months)."""
    cards = []
    if state.run is None or state.end is None or gemeente_area is None:
        return cards
    if not state.run.summary.get("months", 1):
        cards, year = _yearly_section_cards(request, state, gemeente_area)
        for card in cards:
            card["year"] = year
        return cards
    sections = sections_for(state.gemeente, theme_tree(request))
    directions = _trend_directions(state, {t for section in sections for t in section.themes}, gemeente_area)
    for section in sections:
        value = published_shown(state, gemeente_area, section_column(section))
        if value is None:
            continue
        section_directions = [directions[t.pk] for t in section.themes if t.pk in directions]
        cards.append(
            {
                "section": section,
                "raw": value,
                "value": value,
                "rising": section_directions.count("up"),
                "falling": section_directions.count("down"),
            }
        )
    for card, assessment in zip(cards, _assess([card["raw"] for card in cards], state)):
        card["assessment"] = assessment
    for card in cards:
        unplaced = _unplaced(state, gemeente_area, section_column(card["section"]))
        if unplaced:
            card["unplaced"], card["wijk_sum"] = unplaced["n"], unplaced["wijk_sum"]
    return cards


def _add_unplaced(state, cards, wijk_values) -> None:
    """Yearly cards (a run without months, so without a published 12-month window): ``card["unplaced"]``:
    registrations of the gemeente as a whole that no wijk holds (the card's count minus
    the wijk sum), shown as "n niet aan een wijk toe te wijzen" when both exist; never below the disclosure
    threshold."""
    wijken = list(overview.areas_of(state, AreaLevel.WIJK))
    if not wijken:
        return
    for card in cards:
        values = wijk_values(card["section"], wijken)
        wijk_sum = sum(v.count for v in values.values())
        unplaced = card["raw"].count - wijk_sum
        if wijk_sum > 0 and unplaced > 0 and (state.policy is None or unplaced >= state.policy.threshold):
            card["unplaced"] = unplaced
            card["wijk_sum"] = wijk_sum


def _yearly_section_cards(request, state, gemeente_area):
    """Cards of a run without monthly series (a gemeente whose figures are yearly): each section's themes summed
    over the gemeente as a whole in the newest year, against the year before."""
    from veiligheidsbeeld.analyses.indicators import AreaValue
    from veiligheidsbeeld.analyses.models import PeriodSeries, SeriesPrecision

    rows = PeriodSeries.objects.filter(run=state.run, precision=SeriesPrecision.YEAR).values_list(
        "area_id", "theme_id", "periods", "counts", "population"
    )
    by_area: dict[int, dict[int, tuple]] = {}
    for area_id, theme_id, periods, counts, population in rows:
        by_area.setdefault(area_id, {})[theme_id] = (periods, counts, population)
    own = by_area.get(gemeente_area.pk, {})
    years = sorted({int(p[:4]) for periods, counts, _ in own.values() for p, c in zip(periods, counts) if c is not None})
    if not years:
        return [], None
    year = years[-1]

    def value_for(area, themes, series_of):
        count = previous = 0
        population, seen, seen_before = None, False, False
        for theme in themes:
            series = series_of.get(theme.pk)
            if series is None:
                continue
            periods, counts, pops = series
            by_year = {int(p[:4]): (c, pop) for p, c, pop in zip(periods, counts, pops)}
            if by_year.get(year, (None, None))[0] is not None:
                count += by_year[year][0]
                population = by_year[year][1]
                seen = True
            if by_year.get(year - 1, (None, None))[0] is not None:
                previous += by_year[year - 1][0]
                seen_before = True
        if not seen:
            return None
        rate = count / population * 1000.0 if population else None
        prev = previous if seen_before else None
        change = (count - prev) / prev * 100.0 if prev else None
        return AreaValue(area, count, prev, population, rate, change)

    cards = []
    sections = sections_for(state.gemeente, theme_tree(request))
    directions = _trend_directions(state, {t for section in sections for t in section.themes}, gemeente_area)
    for section in sections:
        value = value_for(gemeente_area, section.themes, own)
        if value is None:
            continue
        section_directions = [directions[t.pk] for t in section.themes if t.pk in directions]
        cards.append({"section": section, "raw": value, "value": shown(value, state.policy),
                      "rising": section_directions.count("up"), "falling": section_directions.count("down")})
    for card, assessment in zip(cards, assess_changes([_pair(c["raw"], state.policy, []) for c in cards])):
        card["assessment"] = assessment

    def wijk_values(section, wijken):
        found = {}
        for wijk in wijken:
            value = value_for(wijk, section.themes, by_area.get(wijk.pk, {}))
            if value is not None:
                found[wijk.pk] = value
        return found

    _add_unplaced(state, cards, wijk_values)
    return cards, year


def _with_figures(alerts, policy) -> list:
    """The alerts with ``.figures``: what the user may see of their counts (:func:`alert_figures`)."""
    alerts = list(alerts)
    for alert in alerts:
        alert.figures = alert_figures(alert, policy)
    return alerts


def _alerts(state, **filters):
    if state.run is None:
        return Alert.objects.none()
    return (
        Alert.objects.filter(run=state.run, **filters)
        .select_related("area", "theme", "assigned_organisation")
        .defer("area__geometry")
    )


def _base_context(request, state):
    return {
        "state": state,
        "gemeenten": gemeenten_for(request.user),
        "theme_choices": _Once(_theme_choices, request),
        "levels": LEVELS,
        "measures": _measures(),
        "profile_url": reverse("dashboard:area-profile", args=["CODE"]).replace("CODE", "{code}"),
    }


@login_required
def overview_page(request):
    state = overview.resolve_state(request)
    gemeente_area = _gemeente_area(state)
    context = _base_context(request, state) | {
        "cards": _Once(_section_cards, request, state, gemeente_area),
        "alerts": _alerts(state).exclude(status=AlertStatus.VALS_ALARM).order_by("-month", "q_value")[:5],
        "rows": _Once(_wijk_rows, state),
        "trend_spec": _Once(overview.trend_spec, state, gemeente_area) if gemeente_area else None,
        "gemeente_area": gemeente_area,
        "fragment_key": _fragment_key(state, "overview", current_framework_pk(state.gemeente)),
        "fragment_seconds": FRAGMENT_SECONDS if state.run else 0,
        "todos": [] if request.htmx else todos_for(request.user),
    }
    template = "dashboard/_overview_content.html" if request.htmx else "dashboard/overview.html"
    return render(request, template, context)


def _wijk_rows(state) -> list:
    """The state's theme per area of the chosen level (wijken or buurten), highest rate first, as the user may
    see it (from the published source), each change assessed within the table on published counts."""
    values = [published_shown(state, area, column_of(state.theme)) for area in overview.areas_of(state, state.level)]
    values = [value for value in values if value is not None]
    rows = [_Row(v, a) for v, a in zip(values, _assess(values, state))]
    return sorted(rows, key=lambda r: (r.rate is None, -(r.rate or 0)))


def _theme_rows(state, section, gemeente_area) -> list:
    rows = []
    if gemeente_area is None or state.end is None:
        return rows
    trends = _trends(state, section.themes, gemeente_area)
    for theme in section.themes:
        value = published_shown(state, gemeente_area, column_of(theme))
        if value is not None:
            trend = trends.get(theme.pk)
            rows.append(
                {
                    "theme": theme,
                    "raw": value,
                    "value": value,
                    "trend": trend.direction if trend else "",
                    "trend_result": trend,
                    "query": state.query(thema=theme.code),
                }
            )
    for row, assessment in zip(rows, _assess([row["raw"] for row in rows], state)):
        row["assessment"] = assessment
    return rows


def _published_years(state, area, series) -> dict[int, int | None] | None:
    """Year -> published count of the state's theme in ``area`` for a viewer under disclosure control, read from
    the published source: a calendar year is the 12-month window ending in December, published only when that
    window is one the viewer may see (:func:`.published.aligned_months`: otherwise it would overlap the
    published windows and give months away by subtraction); a year before the run's months (yearly figures only)
    is protected on its own. None (the year's own series, counts protected one
    by one) without a policy or for a run without monthly windows."""
    if state.policy is None or state.run is None or not (state.run.summary or {}).get("months", 1):
        return None
    column = column_of(state.theme)
    result = {}
    for start, count in zip(series.periods, series.counts):
        year = int(start[:4])
        if year < state.run.first_month.year:  # before every monthly window: a yearly figure of its own
            result[year] = None if count is None else published_counts([count], state.policy)[0]
            continue
        december = dt.date(year, 12, 1)
        window = None
        if aligned_months([december], state.run.last_month):
            window = published_window(state.run, december, state.policy)
        result[year] = window.count(area.pk, column) if window is not None and window.has(area.pk, column) else None
    return result


def _yearly_rows(state, area) -> dict | None:
    """The state's theme per calendar year in ``area``: counts (complete years only, at their own precision),
    the change against the year before with its significance, and the yearly trend; None without years."""
    from veiligheidsbeeld.analyses.changes import from_result
    from veiligheidsbeeld.analyses.models import ChangeResult, PeriodSeries, SeriesPrecision

    if state.run is None or area is None:
        return None
    series = PeriodSeries.objects.filter(
        run=state.run, area=area, theme=state.theme, precision=SeriesPrecision.YEAR
    ).first()
    if series is None:
        return None
    changes = {
        c.period.year: c
        for c in ChangeResult.objects.filter(run=state.run, area=area, theme=state.theme, precision="year")
    }
    published = _published_years(state, area, series)
    shown_counts = published_counts([c or 0 for c in series.counts], state.policy) if published is None else [
        published.get(int(start[:4])) for start in series.periods
    ]
    by_year = {int(start[:4]): shown_counts[k] for k, start in enumerate(series.periods)}
    own = published is not None and state.policy is not None  # changes of published counts, not of the run's
    assessments = {}
    if own:
        years = sorted(by_year)
        for year, assessment in zip(years, assess_changes([(by_year[y], by_year.get(y - 1)) for y in years])):
            assessments[year] = assessment
    rows = []
    for k, (start, count) in enumerate(zip(series.periods, series.counts)):
        if count is None:
            continue
        year = int(start[:4])
        change = changes.get(year)
        hidden = shown_counts[k] is None
        shown_count = None if hidden else shown_counts[k]
        if own:
            assessment = None if hidden or k in series.breaks else assessments.get(year)
        else:
            assessment = None if change is None or hidden else from_result(change)
        rows.append({
            "year": year,
            "count": SECRET if hidden else nl_int(shown_count),
            "rate": None if hidden or not series.population[k] else shown_count / series.population[k] * 1000.0,
            "assessment": assessment,
            "break": k in series.breaks,
        })
    trend = TrendResult.objects.filter(run=state.run, area=area, theme=state.theme, precision="year").first()
    return {"rows": rows[::-1], "origin": series.origin, "trend": trend}


def module_year(state) -> int:
    """The calendar year of the modules' indicators on a priority page: that of the period shown (the run's last
    month by default), else the current year."""
    from django.utils import timezone

    return state.end.year if state.end else timezone.localdate().year


@login_required
def priority_page(request, code: str):
    state = overview.resolve_state(request)
    section = section_by_code(state.gemeente, code, theme_tree(request))
    if section is None or not section.themes:
        raise Http404(_("Unknown priority or theme group."))
    if state.theme not in section.themes:
        state.theme = section.themes[0]
    gemeente_area = _gemeente_area(state)
    linked = Measure.objects.filter(gemeente=state.gemeente).filter(
        **({"priority_code": section.code} if section.is_priority else {"theme__in": section.themes})
    )
    programme_measures = visible_measures(request.user, linked).select_related("owner", "theme")
    measures_notice = filter_notice(
        sees_own_measures_only(request.user), programme_measures, linked, what=_("measures"),
        reason=_("those of which your organisation is owner or partner"))
    context = _base_context(request, state) | {
        "section": section,
        "theme_rows": _Once(_theme_rows, state, section, gemeente_area),
        "rows": _Once(_wijk_rows, state),
        "alerts": _alerts(state, theme__in=section.themes)
        .exclude(status=AlertStatus.VALS_ALARM)
        .order_by("-month", "q_value")[:10],
        "programme_measures": programme_measures,
        "filter_notice": measures_notice,
        "trend_spec": _Once(overview.trend_spec, state, gemeente_area) if gemeente_area else None,
        "national_spec": _Once(national_comparison, state, gemeente_area) if gemeente_area else None,
        "yearly": _Once(_yearly_rows, state, gemeente_area),
        "e33_spec": _Once(e33_comparison, state, gemeente_area) if section.code == "veiligheid-zorg" else None,
        # the modules' figures of this priority: the same function as the report's chapter (issues 16-19)
        "module_indicators": _Once(for_priority, state.gemeente, module_year(state), state.policy, section.code)
        if section.is_priority and request.user.has_perm("accounts.view_dashboard") else None,
        "module_year": module_year(state),
        "module_caveat": MODULE_CAVEAT,
        "gemeente_area": gemeente_area,
        "fragment_key": _fragment_key(
            state, "priority", section.code, current_framework_pk(state.gemeente), *[t.pk for t in section.themes]
        ),
        "fragment_seconds": FRAGMENT_SECONDS if state.run else 0,
    }
    template = "dashboard/_priority_content.html" if request.htmx else "dashboard/priority.html"
    return render(request, template, context)


@login_required
def map_geojson(request, code: str):
    state = overview.resolve_state(request, gemeente_code=code)
    if state.gemeente.code != code:
        raise Http404
    if state.run is None:
        return JsonResponse(overview.map_features(state))
    # The features of a finished run never change (boundaries are re-read after MAP_CACHE_SECONDS).
    key = overview.run_cache_key(state, "vb-map", state.query())
    content = cache.get(key)
    if content is None:
        content = json.dumps(overview.map_features(state), cls=DjangoJSONEncoder)
        cache.set(key, content, MAP_CACHE_SECONDS)
    return HttpResponse(content, content_type="application/json")


@login_required
def area_search(request, code: str):
    """Wijken and buurten by name, CBS code or PC4 (:mod:`.search`): JSON for the map's search box, or a page
    of links (one match: straight to its profile) when the form is sent without script."""
    state = overview.resolve_state(request, gemeente_code=code)
    if state.gemeente.code != code:
        raise Http404
    result = search_areas(state, request.GET.get("q", ""))
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse(result.as_json())
    profile = reverse("dashboard:area-profile", args=["CODE"])
    if len(result.matches) == 1 and result.pc4 is None:
        return redirect("{}?{}".format(profile.replace("CODE", result.matches[0].code), state.query()))
    links = [(m, "{}?{}".format(profile.replace("CODE", m.code), state.query())) for m in result.matches]
    context = _base_context(request, state) | {"result": result, "links": links}
    return render(request, "dashboard/area_search.html", context)


def _area_for(request, code: str):
    area = (
        Area.objects.filter(code=code, gemeente__in=gemeenten_for(request.user))
        .select_related("gemeente", "parent")
        .defer("geometry", "parent__geometry")
        .order_by("-year")
        .first()
    )
    if area is None:
        raise Http404(_("Unknown area or no access."))
    return area


def _profile_rows(request, state, area, gemeente_area) -> list:
    """All leaf themes of ``area``: count, rate, gemeente rate, change, rank among its level and trend."""
    rows = []
    if not (state.run and state.end and gemeente_area):
        return rows
    peer_pks = list(
        Area.objects.filter(gemeente=area.gemeente, year=state.run.area_year, level=area.level)
        .order_by("code")
        .values_list("pk", flat=True)
    )
    themes = theme_tree(request).leaves
    trends = _trends(state, themes, area)
    raw = []
    window = published_window(state.run, state.end, state.policy)
    if window is None:
        return rows
    for theme in themes:
        column = column_of(theme)
        mine = published_shown(state, area, column)
        if mine is None:
            continue
        whole = published_shown(state, gemeente_area, column) if gemeente_area.pk != area.pk else None
        peers = {pk: window.rate(pk, column) for pk in peer_pks if window.has(pk, column)}
        rank = None
        if peers.get(area.pk) is not None:  # ranked by published rates only: a hidden count has no rank
            ranked = [rate for rate in peers.values() if rate is not None]
            rank = (sum(1 for rate in ranked if rate > peers[area.pk]) + 1, len(ranked))
        trend = trends.get(theme.pk)
        raw.append(mine)
        rows.append(
            {
                "theme": theme,
                "value": mine,
                "gemeente": whole,
                "rank": rank,
                "trend": trend.direction if trend else "",
                "trend_result": trend,
            }
        )
    for row, assessment in zip(rows, _assess(raw, state)):
        row["assessment"] = assessment
    return rows


def _hotspots(state, areas) -> list:
    return list(
        HotSpot.objects.filter(run=state.run, period=state.end, area__in=areas)
        .exclude(category="none")
        .select_related("area", "theme")
        .defer("area__geometry")
    )


def _unplaced_of(state, area) -> dict | None:
    """The state's theme in the gemeente ``area`` as a whole against the sum of its wijken (12-month window):
    ``{"n", "wijk_sum"}`` when both are published (:func:`_unplaced`)."""
    if state.run is None or state.end is None:
        return None
    return _unplaced(state, area, column_of(state.theme))


@login_required
def area_profile(request, code: str):
    area = _area_for(request, code)
    state = overview.resolve_state(request, gemeente_code=area.gemeente.code)
    gemeente_area = _gemeente_area(state)
    children = list(area.children.defer("geometry").order_by("code"))
    index_values = (
        _Once(lambda: list(SafetyIndexValue.objects.filter(run=state.run, area=area).order_by("year")))
        if state.run
        else (lambda: [])
    )
    perception = PerceptionResult.objects.filter(gemeente=area.gemeente, area=area).order_by("-period_start", "indicator")
    context = {
        "state": state,
        "area": area,
        "population": area.populations.order_by("-year").first(),
        "rows": _Once(_profile_rows, request, state, area, gemeente_area),
        "index_values": index_values,
        "index_latest": _Once(lambda: (index_values() or [None])[-1]),
        "hotspots": _Once(_hotspots, state, [area, *children]) if state.run else [],
        "perception": perception[:20],
        "alerts": _alerts(state, area__in=[area, *children]).order_by("-month", "q_value")[:10],
        "trend_spec": _Once(overview.trend_spec, state, area, compare=gemeente_area) if gemeente_area else None,
        "yearly": _Once(_yearly_rows, state, area),
        "unplaced": _Once(_unplaced_of, state, area) if area.level == AreaLevel.GEMEENTE else None,
        "children": children,
        "theme_choices": _Once(_theme_choices, request),
        "fragment_key": _fragment_key(state, "area", area.pk, area.code, *[child.pk for child in children]),
        "fragment_seconds": FRAGMENT_SECONDS if state.run else 0,
    }
    return render(request, "dashboard/area_profile.html", context)


@login_required
def alerts_page(request):
    state = overview.resolve_state(request)
    alerts = _alerts(state)
    status = request.GET.get("status", "")
    if status in AlertStatus.values:
        alerts = alerts.filter(status=status)
    elif status != "alle":
        alerts = alerts.exclude(status=AlertStatus.VALS_ALARM)
    group = request.GET.get("groep", "")
    if group:
        alerts = alerts.filter(theme__parent__code=group)
    severity = request.GET.get("ernst", "")
    if severity in ("alert", "alarm"):
        alerts = alerts.filter(severity=severity)
    wijk = request.GET.get("wijk", "")
    if wijk:
        alerts = alerts.filter(area__code__startswith=wijk.replace("WK", "BU")) | alerts.filter(area__code=wijk)
    context = {
        "state": state,
        "alerts": _with_figures(alerts.order_by("-month", "q_value")[:ALERT_PAGE_SIZE], state.policy),
        "total": alerts.count(),
        "statuses": AlertStatus.choices,
        "groups": theme_tree(request).groups,
        "wijken": overview.areas_of(state, AreaLevel.WIJK)
        if state.run
        else Area.objects.none(),
        "filters": {"status": status, "groep": group, "ernst": severity, "wijk": wijk},
    }
    template = "dashboard/_alerts_table.html" if request.htmx else "dashboard/alerts.html"
    return render(request, template, context)


def _alert_for(request, pk: int) -> Alert:
    alert = get_object_or_404(
        Alert.objects.select_related("area", "theme", "run", "gemeente").defer("area__geometry"),
        pk=pk,
        gemeente__in=gemeenten_for(request.user),
    )
    return alert


def _next_statuses(request, alert) -> list[tuple[str, str]]:
    """The statuses the user may give the alert: every allowed change for an analyst, the partner's changes for
    a ketenpartner of the organisation asked to act, none for anyone else."""
    if request.user.has_perm("analyses.assign_alert", alert):
        table = ALLOWED_STATUS_CHANGES
    elif request.user.has_perm("analyses.partner_alert_status", alert):
        table = PARTNER_STATUS_CHANGES
    else:
        return []
    return [(s, AlertStatus(s).label) for s in table[alert.status]]


@login_required
def alert_detail(request, pk: int):
    alert = _alert_for(request, pk)
    state = overview.resolve_state(request, gemeente_code=alert.gemeente.code)
    state.theme = alert.theme
    alert.figures = alert_figures(alert, state.policy)
    may_assign = request.user.has_perm("analyses.assign_alert", alert)
    context = {
        "state": state,
        "alert": alert,
        "history": alert.history.select_related("user", "organisation"),
        "next_statuses": _next_statuses(request, alert),
        "may_change": request.user.has_perm("analyses.change_alert_status", alert),
        "may_assign": may_assign,
        "assignable": alert_follow_up_choices(alert) if may_assign else None,
        "drilldown": drilldown(alert, state.policy),
        "trend_spec": overview.trend_spec(state, alert.area),
    }
    return render(request, "dashboard/alert_detail.html", context)


def alert_follow_up_choices(alert) -> dict:
    """Who may own the alert (accounts of its gemeente that may see it) and which organisations can be asked."""
    from django.contrib.auth import get_user_model

    from veiligheidsbeeld.accounts.models import Role
    from veiligheidsbeeld.core.models import Organisation

    owners = (
        get_user_model().objects.filter(is_active=True, profile__gemeenten=alert.gemeente,
                                        profile__role__in=[Role.ANALIST, Role.BELEIDSADVISEUR])
        .order_by("username")
    )
    return {"owners": owners, "organisations": Organisation.objects.filter(gemeenten=alert.gemeente).order_by("name")}


@login_required
@require_POST
def alert_status(request, pk: int):
    alert = _alert_for(request, pk)
    if not request.user.has_perm("analyses.change_alert_status", alert):
        raise PermissionDenied(_("Only analysts, and the organisation asked to act, change the status of an alert."))
    partner = not request.user.has_perm("analyses.assign_alert", alert)
    try:
        change_alert_status(alert, request.POST.get("status", ""), note=request.POST.get("note", "").strip(),
                            actor=request.user, partner=partner)
    except InvalidStatusChange as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Status changed."))
    return redirect("dashboard:alert", pk=alert.pk)


@login_required
@require_POST
def alert_follow_up(request, pk: int):
    """Owner, organisation asked to act and due date of an alert (analysts of its gemeente)."""
    alert = _alert_for(request, pk)
    if not request.user.has_perm("analyses.assign_alert", alert):
        raise PermissionDenied(_("Only analysts assign the follow-up of an alert."))
    choices = alert_follow_up_choices(alert)
    try:
        owner = _chosen(choices["owners"], request.POST.get("owner", ""))
        organisation = _chosen(choices["organisations"], request.POST.get("organisation", ""))
        raw_date = request.POST.get("due_date", "").strip()
        due_date = dt.date.fromisoformat(raw_date) if raw_date else None
    except ValueError:
        messages.error(request, _("Choose an owner and organisation from the lists and a valid due date."))
        return redirect("dashboard:alert", pk=alert.pk)
    set_alert_follow_up(alert, owner=owner, organisation=organisation, due_date=due_date,
                        note=request.POST.get("note", "").strip(), actor=request.user)
    messages.success(request, _("Follow-up saved."))
    return redirect("dashboard:alert", pk=alert.pk)


def _chosen(queryset, raw: str):
    """The row of ``queryset`` with primary key ``raw``; None for an empty choice; ValueError otherwise."""
    if not raw:
        return None
    if not raw.isdigit():
        raise ValueError(raw)
    found = queryset.filter(pk=int(raw)).first()
    if found is None:
        raise ValueError(raw)
    return found


@login_required
def runs_page(request):
    state = overview.resolve_state(request)
    runs = list(AnalysisRun.objects.filter(gemeente=state.gemeente).select_related("user").order_by("-created_at")[:50])
    from veiligheidsbeeld.analyses.models import SeriesPrecision

    from .run_parameters import parameter_rows

    for run in runs:
        run.skipped_groups = _skipped_groups(run)
        run.parameter_rows = parameter_rows(run.parameters, run.seed)
        run.precision_labels = [
            str(SeriesPrecision(p).label) for p in (run.summary or {}).get("precisions", []) if p in SeriesPrecision.values
        ]
    return render(request, "dashboard/runs.html", {"state": state, "runs": runs})


def _skipped_groups(run) -> list[tuple[str, list[str]]]:
    """The run's ``summary["skipped"]`` (what was not analysed and why: the reasons of ``analyse --json``),
    grouped by reason: ``[(reason, ["WK001401 geweld", ...])]``."""
    groups: dict[str, list[str]] = {}
    for item in (run.summary or {}).get("skipped", []):
        label = item.get("area") or ""
        if item.get("theme"):
            label = "{} {}".format(label, item["theme"])
        groups.setdefault(reason_text(item.get("reason", "")), []).append(label)
    notes = (run.summary or {}).get("coverage_note")
    if notes:
        groups.setdefault(reason_text(notes), []).extend(sorted((run.summary or {}).get("coverage", {})))
    for note in (run.summary or {}).get("mergers", []):
        if note.get("method") == "break":
            reason = _("break: herindeling with {code} ({name}) until {until}; its figures are not registered").format(
                code=note["predecessor"], name=note["name"], until=note["until"])
            groups.setdefault(reason, []).append(run.gemeente.code)
    return sorted(groups.items())


@login_required
def export_csv(request):
    """The figures of the state's period per area (rows) and theme group (columns), under disclosure control."""
    state = overview.resolve_state(request)
    if state.run is None or state.end is None:
        raise Http404(_("No analysis run to export."))
    areas = list(overview.areas_of(state, state.level))
    sections = sections_for(state.gemeente, theme_tree(request))
    # one published source (the linked table of the period), under the installation's policy for every role:
    # a file leaves the application and may be passed on
    window = published_window(state.run, state.end, policy_from_settings())
    gemeente_area = _gemeente_area(state)
    if window is None or gemeente_area is None:
        raise Http404(_("No analysis run to export."))
    columns = [section_column(section) for section in sections] + [ALL]

    def label(area):
        values = [window.count(area.pk, column) if window.has(area.pk, column) else 0 for column in columns]
        return [SECRET if value is None else str(value) for value in values]

    labels = [label(area) for area in areas] + [label(gemeente_area)]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="veiligheidsbeeld-{}-{}-{}.csv"'.format(
        state.gemeente.code, state.level, state.end.strftime("%Y-%m")
    )
    writer = spreadsheet.writer(response)  # titles and area names neutralised (issue 15)
    writer.writerow([_("area code"), _("area")] + [s.title for s in sections] + [_("total")])
    for area, row in zip(areas, labels):
        writer.writerow([area.code, area.name] + row)
    writer.writerow([state.gemeente.code, _("total")] + labels[-1])
    writer.writerow([])
    writer.writerow(
        [
            _("Registrations in the 12 months up to {end}; run #{run}, data {hash}. '{secret}': hidden by disclosure control.").format(
                end=state.end.strftime("%Y-%m"), run=state.run.pk, hash=state.run.data_hash[:12], secret=SECRET
            )
        ]
    )
    return response
