"""The comparison chart: the gemeente against Nederland, its provincie and peer gemeenten, per 1,000 inhabitants.

The lines come from what is registered (:func:`veiligheidsbeeld.analyses.comparison.comparison_lines`); the
gemeente's own yearly totals from its run (:class:`~veiligheidsbeeld.analyses.models.PeriodSeries`, complete
years only), published under the state's disclosure policy first.
"""

from __future__ import annotations

from django.core.cache import cache
from django.utils.translation import gettext as _

from veiligheidsbeeld.analyses.comparison import comparison_lines
from veiligheidsbeeld.analyses.models import PeriodSeries, SeriesPrecision
from veiligheidsbeeld.core.disclosure import published_counts

from .overview import run_cache_key

__all__ = ["comparison_spec", "e33_comparison", "national_comparison", "yearly_totals"]

COLOURS = {"gemeente": "#0b3d6e", "land": "#c2410c", "provincie": "#047857", "regio": "#b45309", "peers": "#7c3aed"}


def yearly_totals(months, counts) -> dict[int, int]:
    """Calendar year -> total, for years with all twelve months in ``months``."""
    totals: dict[int, list[int]] = {}
    for month, count in zip(months, counts):
        totals.setdefault(month.year, []).append(count)
    return {year: sum(values) for year, values in totals.items() if len(values) == 12}


def _own_populations(state, gemeente_area, theme=None) -> dict[int, int]:
    """Inhabitants of the gemeente per year as its run used them (its own figure or the sum of its areas)."""
    series = (
        PeriodSeries.objects.filter(run=state.run, area=gemeente_area, theme=theme or state.theme,
                                    precision=SeriesPrecision.YEAR)
        .values_list("periods", "population")
        .first()
    )
    if series is None:
        return {}
    return {int(start[:4]): population for start, population in zip(*series) if population}


def _own_counts(state, gemeente_area, theme=None) -> dict[int, int]:
    series = (
        PeriodSeries.objects.filter(run=state.run, area=gemeente_area, theme=theme or state.theme,
                                    precision=SeriesPrecision.YEAR)
        .values_list("periods", "counts")
        .first()
    )
    if series is None:
        return {}
    local = {int(start[:4]): count for start, count in zip(*series) if count is not None}
    if state.policy is not None:  # yearly totals as they may be published (none below the threshold)
        shown = published_counts(list(local.values()), state.policy)
        local = {year: value for year, value in zip(local, shown) if value is not None}
    return local


def _label(line) -> str:
    if line.kind == "land":
        return str(_("Netherlands"))
    if line.kind == "peers":
        return str(_("Peer gemeenten ({n})")).format(n=len(line.members))
    return line.name


def comparison_spec(lines, theme) -> dict:
    """Vega-Lite spec: rate per 1,000 inhabitants per year of each line, with its 95 % interval as a band."""
    data = []
    for line in lines:
        for point in line.points:
            if point["rate"] is None:
                continue
            data.append({
                "jaar": "{}-07-01".format(point["year"]), "gebied": _label(line), "aantal": point["count"],
                "per1000": round(point["rate"], 3), "onder": round(point["lower"], 3),
                "boven": round(point["upper"], 3),
            })
    names = [_label(line) for line in lines]
    colour = {
        "field": "gebied", "type": "nominal", "title": _("Area"),
        "scale": {"domain": names, "range": [COLOURS[line.kind] for line in lines]},
    }
    tooltip = [
        {"field": "gebied", "type": "nominal", "title": _("Area")},
        {"field": "jaar", "type": "temporal", "title": _("Year"), "format": "%Y"},
        {"field": "aantal", "type": "quantitative", "title": _("Registrations"), "format": ",d"},
        {"field": "per1000", "type": "quantitative", "title": _("Per 1,000 inhabitants"), "format": ".2f"},
        {"field": "onder", "type": "quantitative", "title": _("Lower bound (95 %)"), "format": ".2f"},
        {"field": "boven", "type": "quantitative", "title": _("Upper bound (95 %)"), "format": ".2f"},
    ]
    return {
        "description": _("{theme} per 1,000 inhabitants per year: {areas}").format(theme=theme, areas=", ".join(names)),
        "width": "container",
        "height": 200,
        "data": {"values": data},
        "encoding": {
            "x": {"field": "jaar", "type": "temporal", "title": _("Year"), "timeUnit": "year"},
            "color": colour,
        },
        "layer": [
            {"mark": {"type": "area", "opacity": 0.18},
             "encoding": {"y": {"field": "onder", "type": "quantitative"}, "y2": {"field": "boven"}}},
            {"mark": {"type": "line", "point": True, "strokeWidth": 2},
             "encoding": {"y": {"field": "per1000", "type": "quantitative",
                                "title": _("Registrations per 1,000 inhabitants per year")},
                          "tooltip": tooltip}},
        ],
    }


E33_THEME = "verward-gedrag"


def e33_comparison(state, gemeente_area) -> dict | None:
    """The framework's own comparison: E33 (verward gedrag) for stad (the gemeente), regio (the politie
    regionale eenheid) and land (Nederland), per 1,000 inhabitants; None when no line beside the gemeente's
    is registered."""
    from veiligheidsbeeld.frameworks.models import Theme

    theme = Theme.objects.filter(code=E33_THEME).first()
    if theme is None or gemeente_area is None or state.run is None:
        return None
    key = run_cache_key(state, "vb-e33", theme.pk)
    cached = cache.get(key)
    if cached is not None:
        return cached or None
    own = _own_counts(state, gemeente_area, theme)
    lines = comparison_lines(gemeente_area, theme, gemeente_counts=own, kinds=("land", "regio"),
                             gemeente_populations=_own_populations(state, gemeente_area, theme))
    result = {}
    if len(lines) > 1 and any(p["rate"] is not None for p in lines[0].points):
        result = {
            "spec": comparison_spec(lines, theme),
            "description": str(_("E33 verward gedrag per 1,000 inhabitants: stad, regio and land")),
            "lines": [{"name": _label(line), "kind": line.kind, "members": line.members,
                       "last": next((p for p in reversed(line.points) if p["rate"] is not None), None)}
                      for line in lines],
        }
    cache.set(key, result, 3600)
    return result or None


def national_comparison(state, gemeente_area) -> dict | None:
    """``{"spec", "lines"}`` of the state's theme: the gemeente with Nederland, its provincie and its peers per
    1,000 inhabitants (95 % intervals); None when nothing to compare with is registered."""
    key = run_cache_key(state, "vb-comparison", state.theme.pk)
    cached = cache.get(key)
    if cached is not None:
        return cached or None
    result = {}
    lines = comparison_lines(gemeente_area, state.theme, gemeente_counts=_own_counts(state, gemeente_area),
                             gemeente_populations=_own_populations(state, gemeente_area))
    if len(lines) > 1 and any(p["rate"] is not None for p in lines[0].points):
        result = {
            "spec": comparison_spec(lines, state.theme),
            "description": str(_("{theme}: {area} compared per 1,000 inhabitants")).format(
                theme=state.theme, area=gemeente_area.name),
            "lines": [{"name": _label(line), "kind": line.kind, "members": line.members,
                       "last": next((p for p in reversed(line.points) if p["rate"] is not None), None)}
                      for line in lines],
        }
    cache.set(key, result, 3600)
    return result or None
