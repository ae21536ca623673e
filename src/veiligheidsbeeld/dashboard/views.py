"""Dashboard pages. Views stay thin: state and figures come from :mod:`.overview`, :mod:`.figures`,
:mod:`.sections` and :mod:`.national`."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veiligheidsbeeld.accounts.services import gemeenten_for
from veiligheidsbeeld.analyses.models import Alert, AnalysisRun, HotSpot, SafetyIndexValue, TrendResult
from veiligheidsbeeld.analyses.services import change_alert_status
from veiligheidsbeeld.analyses.workflow import ALLOWED_STATUS_CHANGES, AlertStatus, InvalidStatusChange
from veiligheidsbeeld.areas.models import Area, AreaLevel
from veiligheidsbeeld.core.disclosure import SECRET, policy_from_settings, protect_table
from veiligheidsbeeld.frameworks.models import Theme
from veiligheidsbeeld.programmes.models import Measure
from veiligheidsbeeld.programmes.permissions import visible_measures
from veiligheidsbeeld.registrations.models import PerceptionResult

from . import overview
from .figures import rank_of, shown, summed_values
from .national import national_comparison
from .sections import section_by_code, sections_for

ALERT_PAGE_SIZE = 50
LEVELS = [(AreaLevel.WIJK, _("Wijken")), (AreaLevel.BUURT, _("Buurten"))]


def _theme_choices():
    groups = Theme.objects.groups().prefetch_related("children")
    return [(g, list(g.children.all())) for g in groups] + [(t, []) for t in Theme.objects.filter(is_total=True)]


def _gemeente_area(state):
    if state.run is None:
        return None
    return Area.objects.filter(gemeente=state.gemeente, year=state.run.area_year, level=AreaLevel.GEMEENTE).first()


def _measures():
    return [(value, label) for value, label in overview.MEASURES.items()]


def _trend_directions(state, themes, area) -> dict[int, str]:
    """Theme pk -> significant trend direction ('up'/'down') of ``area`` in the run."""
    if state.run is None or area is None:
        return {}
    rows = TrendResult.objects.filter(run=state.run, area=area, theme__in=themes, significant=True)
    return dict(rows.values_list("theme_id", "direction"))


def _section_cards(state, gemeente_area):
    """One card per section: its themes summed over the gemeente, with change and trend arrows."""
    cards = []
    if state.run is None or state.end is None or gemeente_area is None:
        return cards
    for section in sections_for(state.gemeente):
        value = summed_values(state.run, section.themes, [gemeente_area], state.end).get(gemeente_area.pk)
        if value is None:
            continue
        directions = list(_trend_directions(state, section.themes, gemeente_area).values())
        cards.append(
            {
                "section": section,
                "value": shown(value, state.policy),
                "rising": directions.count("up"),
                "falling": directions.count("down"),
            }
        )
    return cards


def _alerts(state, **filters):
    if state.run is None:
        return Alert.objects.none()
    return Alert.objects.filter(run=state.run, **filters).select_related("area", "theme")


def _base_context(request, state):
    return {
        "state": state,
        "gemeenten": gemeenten_for(request.user),
        "theme_choices": _theme_choices(),
        "levels": LEVELS,
        "measures": _measures(),
        "profile_url": reverse("dashboard:area-profile", args=["CODE"]).replace("CODE", "{code}"),
    }


@login_required
def overview_page(request):
    state = overview.resolve_state(request)
    gemeente_area = _gemeente_area(state)
    rows = [shown(v, state.policy) for v in overview.values(state, AreaLevel.WIJK)]
    context = _base_context(request, state) | {
        "cards": _section_cards(state, gemeente_area),
        "alerts": _alerts(state).exclude(status=AlertStatus.VALS_ALARM).order_by("-month", "q_value")[:5],
        "rows": sorted(rows, key=lambda r: (r.rate is None, -(r.rate or 0))),
        "trend_spec": overview.trend_spec(state, gemeente_area) if gemeente_area else None,
        "gemeente_area": gemeente_area,
    }
    template = "dashboard/_overview_content.html" if request.htmx else "dashboard/overview.html"
    return render(request, template, context)


@login_required
def priority_page(request, code: str):
    state = overview.resolve_state(request)
    section = section_by_code(state.gemeente, code)
    if section is None or not section.themes:
        raise Http404(_("Unknown priority or theme group."))
    if state.theme not in section.themes:
        state.theme = section.themes[0]
    gemeente_area = _gemeente_area(state)
    theme_rows = []
    if gemeente_area and state.end:
        directions = _trend_directions(state, section.themes, gemeente_area)
        for theme in section.themes:
            value = summed_values(state.run, [theme], [gemeente_area], state.end).get(gemeente_area.pk)
            if value is not None:
                theme_rows.append(
                    {
                        "theme": theme,
                        "value": shown(value, state.policy),
                        "trend": directions.get(theme.pk, ""),
                        "query": state.query(thema=theme.code),
                    }
                )
    wijk_rows = [shown(v, state.policy) for v in overview.values(state, AreaLevel.WIJK)]
    programme_measures = visible_measures(
        request.user,
        Measure.objects.filter(gemeente=state.gemeente).filter(
            **({"priority_code": section.code} if section.is_priority else {"theme__in": section.themes})
        ),
    ).select_related("owner", "theme")
    context = _base_context(request, state) | {
        "section": section,
        "theme_rows": theme_rows,
        "rows": sorted(wijk_rows, key=lambda r: (r.rate is None, -(r.rate or 0))),
        "alerts": _alerts(state, theme__in=section.themes)
        .exclude(status=AlertStatus.VALS_ALARM)
        .order_by("-month", "q_value")[:10],
        "programme_measures": programme_measures,
        "trend_spec": overview.trend_spec(state, gemeente_area) if gemeente_area else None,
        "national_spec": national_comparison(state, gemeente_area) if gemeente_area else None,
        "gemeente_area": gemeente_area,
    }
    template = "dashboard/_priority_content.html" if request.htmx else "dashboard/priority.html"
    return render(request, template, context)


@login_required
def map_geojson(request, code: str):
    state = overview.resolve_state(request, gemeente_code=code)
    if state.gemeente.code != code:
        raise Http404
    return JsonResponse(overview.map_features(state))


def _area_for(request, code: str):
    area = (
        Area.objects.filter(code=code, gemeente__in=gemeenten_for(request.user))
        .select_related("gemeente", "parent")
        .order_by("-year")
        .first()
    )
    if area is None:
        raise Http404(_("Unknown area or no access."))
    return area


@login_required
def area_profile(request, code: str):
    area = _area_for(request, code)
    state = overview.resolve_state(request, gemeente_code=area.gemeente.code)
    rows = []
    gemeente_area = _gemeente_area(state)
    if state.run and state.end and gemeente_area:
        peers = list(
            Area.objects.filter(gemeente=area.gemeente, year=state.run.area_year, level=area.level).order_by("code")
        )
        directions = _trend_directions(state, Theme.objects.leaves(), area)
        for theme in Theme.objects.leaves().select_related("parent"):
            values = summed_values(state.run, [theme], peers + [gemeente_area], state.end)
            mine = values.pop(area.pk, None)
            whole = values.pop(gemeente_area.pk, None)
            if mine is None:
                continue
            values[area.pk] = mine
            rank = rank_of(values, area.pk) if state.policy is None or mine.count >= state.policy.threshold else None
            rows.append(
                {
                    "theme": theme,
                    "value": shown(mine, state.policy),
                    "gemeente": shown(whole, state.policy) if whole else None,
                    "rank": rank,
                    "trend": directions.get(theme.pk, ""),
                }
            )
    index_values = []
    hotspots = []
    if state.run:
        index_values = list(SafetyIndexValue.objects.filter(run=state.run, area=area).order_by("year"))
        hotspots = (
            HotSpot.objects.filter(run=state.run, period=state.end)
            .filter(area__in=[area, *area.children.all()])
            .exclude(category="none")
            .select_related("area", "theme")
        )
    perception = PerceptionResult.objects.filter(gemeente=area.gemeente, area=area).order_by("-period_start", "indicator")
    context = {
        "state": state,
        "area": area,
        "population": area.populations.order_by("-year").first(),
        "rows": rows,
        "index_values": index_values,
        "index_latest": index_values[-1] if index_values else None,
        "hotspots": hotspots,
        "perception": perception[:20],
        "alerts": _alerts(state, area__in=[area, *area.children.all()]).order_by("-month", "q_value")[:10],
        "trend_spec": overview.trend_spec(state, area, compare=gemeente_area) if gemeente_area else None,
        "children": area.children.order_by("code"),
        "theme_choices": _theme_choices(),
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
        "alerts": alerts.order_by("-month", "q_value")[:ALERT_PAGE_SIZE],
        "total": alerts.count(),
        "statuses": AlertStatus.choices,
        "groups": Theme.objects.groups(),
        "wijken": Area.objects.filter(gemeente=state.gemeente, year=state.run.area_year, level=AreaLevel.WIJK)
        if state.run
        else Area.objects.none(),
        "filters": {"status": status, "groep": group, "ernst": severity, "wijk": wijk},
    }
    template = "dashboard/_alerts_table.html" if request.htmx else "dashboard/alerts.html"
    return render(request, template, context)


def _alert_for(request, pk: int) -> Alert:
    alert = get_object_or_404(
        Alert.objects.select_related("area", "theme", "run", "gemeente"), pk=pk, gemeente__in=gemeenten_for(request.user)
    )
    return alert


@login_required
def alert_detail(request, pk: int):
    alert = _alert_for(request, pk)
    state = overview.resolve_state(request, gemeente_code=alert.gemeente.code)
    state.theme = alert.theme
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
    sections = sections_for(state.gemeente)
    table = []
    for section in sections:
        values = summed_values(state.run, section.themes, areas, state.end)
        table.append([values[a.pk].count if a.pk in values else 0 for a in areas])
    protected = protect_table([list(row) for row in zip(*table)] if table else [[0]], policy_from_settings())
    labels = protected.labels()
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
