"""Dashboard pages. Views stay thin: the state and figures come from :mod:`.overview`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from veiligheidsbeeld.accounts.services import gemeenten_for
from veiligheidsbeeld.areas.models import Area, AreaLevel
from veiligheidsbeeld.frameworks.models import Theme

from . import overview


def _theme_choices():
    groups = Theme.objects.groups().prefetch_related("children")
    return [(g, list(g.children.all())) for g in groups] + [(t, []) for t in Theme.objects.filter(is_total=True)]


@login_required
def overview_page(request):
    state = overview.resolve_state(request)
    gemeente_area = (
        Area.objects.filter(gemeente=state.gemeente, year=state.run.area_year, level=AreaLevel.GEMEENTE).first()
        if state.run
        else None
    )
    rows = overview.values(state, AreaLevel.WIJK)
    cards = []
    if state.run and state.end and gemeente_area:
        from veiligheidsbeeld.analyses.indicators import area_values

        for group in Theme.objects.groups():
            value = area_values(state.run, group, [gemeente_area], state.end)
            if value:
                cards.append({"theme": group, "value": value[0], "query": state.query(thema=group.code)})
    context = {
        "state": state,
        "gemeenten": gemeenten_for(request.user),
        "theme_choices": _theme_choices(),
        "levels": [(AreaLevel.WIJK, _("Wijken")), (AreaLevel.BUURT, _("Buurten"))],
        "measures": [("rate", _("Per 1,000 inhabitants")), ("count", _("Number")), ("change", _("Change vs. year before"))],
        "cards": cards,
        "rows": sorted(rows, key=lambda r: (r.rate is None, -(r.rate or 0))),
        "trend_spec": overview.trend_spec(state, gemeente_area) if gemeente_area else None,
        "gemeente_area": gemeente_area,
        "profile_url": reverse("dashboard:area-profile", args=["CODE"]).replace("CODE", "{code}"),
    }
    template = "dashboard/_overview_content.html" if request.htmx else "dashboard/overview.html"
    return render(request, template, context)


@login_required
def map_geojson(request, code: str):
    state = overview.resolve_state(request, gemeente_code=code)
    if state.gemeente.code != code:
        raise Http404
    return JsonResponse(overview.map_features(state))


@login_required
def area_profile(request, code: str):
    allowed = gemeenten_for(request.user)
    area = (
        Area.objects.filter(code=code, gemeente__in=allowed).select_related("gemeente", "parent").order_by("-year").first()
    )
    if area is None:
        raise Http404(_("Unknown area or no access."))
    state = overview.resolve_state(request, gemeente_code=area.gemeente.code)
    rows = []
    if state.run and state.end:
        from veiligheidsbeeld.analyses.indicators import area_values

        gemeente_area = Area.objects.filter(
            gemeente=area.gemeente, year=state.run.area_year, level=AreaLevel.GEMEENTE
        ).first()
        for theme in Theme.objects.exclude(parent__isnull=True).select_related("parent"):
            mine = area_values(state.run, theme, [area], state.end)
            whole = area_values(state.run, theme, [gemeente_area], state.end) if gemeente_area else []
            if mine:
                rows.append({"theme": theme, "value": mine[0], "gemeente": whole[0] if whole else None})
    population = area.populations.order_by("-year").first()
    context = {
        "state": state,
        "area": area,
        "population": population,
        "rows": rows,
        "trend_spec": overview.trend_spec(state, area),
        "children": area.children.order_by("code"),
    }
    return render(request, "dashboard/area_profile.html", context)


