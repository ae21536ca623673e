"""Dashboard pages. Views stay thin: state and figures come from :mod:`.overview`, :mod:`.figures`,
:mod:`.sections` and :mod:`.national`."""

from __future__ import annotations

import csv
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
from veiligheidsbeeld.analyses.models import Alert, AnalysisRun, HotSpot, SafetyIndexValue, TrendResult
from veiligheidsbeeld.analyses.services import change_alert_status
from veiligheidsbeeld.analyses.workflow import ALLOWED_STATUS_CHANGES, AlertStatus, InvalidStatusChange
from veiligheidsbeeld.areas.models import Area, AreaLevel
from veiligheidsbeeld.core.disclosure import SECRET, policy_from_settings
from veiligheidsbeeld.programmes.models import Measure
from veiligheidsbeeld.programmes.permissions import visible_measures
from veiligheidsbeeld.registrations.models import PerceptionResult

from . import overview
from .figures import published_shown
from .published import ALL, column_of, published_window, section_column
from .national import national_comparison
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


def _trend_directions(state, themes, area) -> dict[int, str]:
    """Theme pk -> significant trend direction ('up'/'down') of ``area`` in the run."""
    if state.run is None or area is None:
        return {}
    rows = TrendResult.objects.filter(run=state.run, area=area, theme__in=list(themes), significant=True)
    return dict(rows.values_list("theme_id", "direction"))


def _section_cards(request, state, gemeente_area):
    """One card per section: its themes summed over the gemeente, with change and trend arrows."""
    cards = []
    if state.run is None or state.end is None or gemeente_area is None:
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
                "value": value,
                "rising": section_directions.count("up"),
                "falling": section_directions.count("down"),
            }
        )
    return cards


def _with_figures(alerts, policy) -> list:
    """The alerts with ``.figures``: what the user may see of their counts (:func:`alert_figures`)."""
    alerts = list(alerts)
    for alert in alerts:
        alert.figures = alert_figures(alert, policy)
    return alerts


def _alerts(state, **filters):
    if state.run is None:
        return Alert.objects.none()
    return Alert.objects.filter(run=state.run, **filters).select_related("area", "theme").defer("area__geometry")


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
    }
    template = "dashboard/_overview_content.html" if request.htmx else "dashboard/overview.html"
    return render(request, template, context)


def _wijk_rows(state) -> list:
    """The state's theme per wijk, highest rate first, as the user may see it."""
    rows = [published_shown(state, area, column_of(state.theme)) for area in overview.areas_of(state, AreaLevel.WIJK)]
    rows = [row for row in rows if row is not None]
    return sorted(rows, key=lambda r: (r.rate is None, -(r.rate or 0)))


def _theme_rows(state, section, gemeente_area) -> list:
    rows = []
    if gemeente_area is None or state.end is None:
        return rows
    directions = _trend_directions(state, section.themes, gemeente_area)
    for theme in section.themes:
        value = published_shown(state, gemeente_area, column_of(theme))
        if value is not None:
            rows.append(
                {
                    "theme": theme,
                    "value": value,
                    "trend": directions.get(theme.pk, ""),
                    "query": state.query(thema=theme.code),
                }
            )
    return rows


@login_required
def priority_page(request, code: str):
    state = overview.resolve_state(request)
    section = section_by_code(state.gemeente, code, theme_tree(request))
    if section is None or not section.themes:
        raise Http404(_("Unknown priority or theme group."))
    if state.theme not in section.themes:
        state.theme = section.themes[0]
    gemeente_area = _gemeente_area(state)
    programme_measures = visible_measures(
        request.user,
        Measure.objects.filter(gemeente=state.gemeente).filter(
            **({"priority_code": section.code} if section.is_priority else {"theme__in": section.themes})
        ),
    ).select_related("owner", "theme")
    context = _base_context(request, state) | {
        "section": section,
        "theme_rows": _Once(_theme_rows, state, section, gemeente_area),
        "rows": _Once(_wijk_rows, state),
        "alerts": _alerts(state, theme__in=section.themes)
        .exclude(status=AlertStatus.VALS_ALARM)
        .order_by("-month", "q_value")[:10],
        "programme_measures": programme_measures,
        "trend_spec": _Once(overview.trend_spec, state, gemeente_area) if gemeente_area else None,
        "national_spec": _Once(national_comparison, state, gemeente_area) if gemeente_area else None,
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
    directions = _trend_directions(state, themes, area)
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
        rows.append(
            {
                "theme": theme,
                "value": mine,
                "gemeente": whole,
                "rank": rank,
                "trend": directions.get(theme.pk, ""),
            }
        )
    return rows


def _hotspots(state, areas) -> list:
    return list(
        HotSpot.objects.filter(run=state.run, period=state.end, area__in=areas)
        .exclude(category="none")
        .select_related("area", "theme")
        .defer("area__geometry")
    )


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


@login_required
def alert_detail(request, pk: int):
    alert = _alert_for(request, pk)
    state = overview.resolve_state(request, gemeente_code=alert.gemeente.code)
    state.theme = alert.theme
    alert.figures = alert_figures(alert, state.policy)
    context = {
        "state": state,
        "alert": alert,
        "history": alert.history.select_related("user"),
        "next_statuses": [(s, AlertStatus(s).label) for s in ALLOWED_STATUS_CHANGES[alert.status]],
        "may_change": request.user.has_perm("accounts.run_analysis", alert.gemeente),
        "trend_spec": overview.trend_spec(state, alert.area),
    }
    return render(request, "dashboard/alert_detail.html", context)


@login_required
@require_POST
def alert_status(request, pk: int):
    alert = _alert_for(request, pk)
    if not request.user.has_perm("accounts.run_analysis", alert.gemeente):
        raise PermissionDenied(_("Only analysts change the status of an alert."))
    try:
        change_alert_status(alert, request.POST.get("status", ""), note=request.POST.get("note", "").strip(), actor=request.user)
    except InvalidStatusChange as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Status changed."))
    return redirect("dashboard:alert", pk=alert.pk)


@login_required
def runs_page(request):
    state = overview.resolve_state(request)
    runs = AnalysisRun.objects.filter(gemeente=state.gemeente).select_related("user").order_by("-created_at")[:50]
    return render(request, "dashboard/runs.html", {"state": state, "runs": runs})


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
    writer = csv.writer(response)
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
