"""What the overview page shows: the request's state (gemeente, theme, period, level, measure) and its figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import Http404
from django.utils.translation import gettext as _

from veiligheidsbeeld.accounts.services import gemeenten_for
from veiligheidsbeeld.analyses.indicators import MEASURES, AreaValue, area_values, quantile_classes
from veiligheidsbeeld.analyses.models import AnalysisRun
from veiligheidsbeeld.areas.models import Area, AreaLevel
from veiligheidsbeeld.frameworks.models import Theme

__all__ = ["State", "resolve_state", "map_features", "trend_spec", "PALETTE"]

# ColorBrewer "YlOrRd" 5 classes (Brewer 2003), dark enough at the top for contrast with white borders.
PALETTE = ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"]
LEVELS = (AreaLevel.WIJK, AreaLevel.BUURT)
DEFAULT_THEME = "hic"


@dataclass
class State:
    gemeente: object
    run: AnalysisRun | None
    theme: Theme
    level: str
    measure: str
    end: dt.date | None
    months: list[dt.date]

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
    theme = Theme.objects.filter(code=request.GET.get("thema") or DEFAULT_THEME).first() or Theme.objects.first()
    level = request.GET.get("niveau") if request.GET.get("niveau") in LEVELS else AreaLevel.WIJK
    measure = request.GET.get("maat") if request.GET.get("maat") in MEASURES else "rate"
    months: list[dt.date] = []
    end = None
    if run is not None:
        from veiligheidsbeeld.analyses.services import month_range

        months = month_range(run.first_month, run.last_month)[11:]  # a full 12-month window is needed
        end = _parse_month(request.GET.get("periode"))
        if end not in months:
            end = months[-1] if months else None
    return State(gemeente, run, theme, level, measure, end, months)


def areas_of(state: State, level: str):
    if state.run is None:
        return Area.objects.none()
    return Area.objects.filter(gemeente=state.gemeente, year=state.run.area_year, level=level).order_by("code")


def values(state: State, level: str | None = None) -> list[AreaValue]:
    if state.run is None or state.end is None:
        return []
    return area_values(state.run, state.theme, list(areas_of(state, level or state.level)), state.end)


def format_value(measure: str, value: float | None) -> str:
    if value is None:
        return _("unknown")
    if measure == "rate":
        return "{:.1f}".format(value).replace(".", ",")
    if measure == "change":
        return "{:+.0f}%".format(value)
    return "{:,.0f}".format(value).replace(",", ".")


def map_features(state: State) -> dict:
    """GeoJSON FeatureCollection of the level's areas with value, label and quantile class."""
    rows = values(state)
    measured = [row.measure(state.measure) for row in rows]
    classes, breaks = quantile_classes(measured)
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
                },
            }
        )
    legend = [
        {
            "class": i,
            "label": "{} – {}".format(format_value(state.measure, lo), format_value(state.measure, hi)),
            "color": PALETTE[round(i * (len(PALETTE) - 1) / max(len(breaks) - 2, 1))],
        }
        for i, (lo, hi) in enumerate(zip(breaks[:-1], breaks[1:]))
    ]
    return {"type": "FeatureCollection", "title": str(state.theme), "legend": legend, "features": features}


def trend_spec(state: State, area) -> dict | None:
    """Vega-Lite spec: monthly registrations of a theme in an area with its 12-month moving average."""
    from veiligheidsbeeld.analyses.indicators import series_for

    if state.run is None:
        return None
    series = series_for(state.run, state.theme, area)
    if series is None:
        return None
    from veiligheidsbeeld.analyses.services import month_range

    months = month_range(state.run.first_month, state.run.last_month)
    data = []
    for k, (month, count) in enumerate(zip(months, series.counts)):
        row = {"maand": month.isoformat(), "aantal": count}
        if k >= 11:
            row["gemiddelde"] = round(sum(series.counts[k - 11 : k + 1]) / 12.0, 2)
        data.append(row)
    return {
        "description": _("Registrations per month: {theme} in {area}").format(theme=state.theme, area=area.name),
        "width": "container",
        "height": 220,
        "data": {"values": data},
        "encoding": {"x": {"field": "maand", "type": "temporal", "title": _("Month")}},
        "layer": [
            {
                "mark": {"type": "line", "color": "#9ab3cc", "strokeWidth": 1},
                "encoding": {
                    "y": {"field": "aantal", "type": "quantitative", "title": _("Registrations per month")},
                    "tooltip": [
                        {"field": "maand", "type": "temporal", "title": _("Month"), "format": "%B %Y"},
                        {"field": "aantal", "type": "quantitative", "title": _("Registrations")},
                    ],
                },
            },
            {
                "mark": {"type": "line", "color": "#1a5a96", "strokeWidth": 2.5},
                "encoding": {"y": {"field": "gemiddelde", "type": "quantitative"}},
            },
        ],
    }
