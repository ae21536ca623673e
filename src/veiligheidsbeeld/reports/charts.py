"""Charts and maps of a report as SVG: Vega-Lite specifications rendered by vl-convert.

The text of every chart is set in the report font (``DejaVu Sans``; without it WeasyPrint clips chart text) and
numbers use the Dutch locale. Maps are Vega-Lite ``geoshape`` marks on the wijk boundaries; rings are rewound
clockwise, the orientation d3-geo expects (GeoJSON's counter-clockwise rings would fill the whole globe).
Element ids are prefixed per chart, so that several SVGs can be inlined in one HTML document.
"""

from __future__ import annotations

import re

import shapely
import vl_convert

__all__ = ["FONT", "index_spec", "map_spec", "to_svg", "trend_spec"]

FONT = "DejaVu Sans"
SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
_CONFIG = {"font": FONT, "view": {"stroke": None}, "axis": {"labelFontSize": 10, "titleFontSize": 10},
           "legend": {"labelFontSize": 10, "titleFontSize": 10}}
_ID = re.compile(r'(id="|url\(#|href="#)([^")]+)')
WIDTH = 560


def to_svg(spec: dict, prefix: str) -> str:
    """Render ``spec`` to an SVG element whose ids start with ``prefix``."""
    svg = vl_convert.vegalite_to_svg(spec, config=_CONFIG, format_locale="nl-NL", time_format_locale="nl-NL")
    return _ID.sub(lambda m: "{}{}-{}".format(m[1], prefix, m[2]), svg)


def trend_spec(points: list[dict], *, monthly: bool, y_title: str) -> dict:
    """Lines per series over time; ``points`` are ``{"period": "YYYY-MM-DD", "series", "value"}`` (``value``
    ``None`` where the figure is not published: the line has a gap there)."""
    time_unit = "yearmonth" if monthly else "year"
    return {
        "$schema": SCHEMA,
        "width": WIDTH,
        "height": 170,
        "data": {"values": points},
        "mark": {"type": "line", "point": {"size": 14}, "strokeWidth": 1.5},
        "encoding": {
            "x": {"field": "period", "type": "temporal", "timeUnit": time_unit, "title": None,
                  "axis": {"format": "%b %Y" if monthly else "%Y", "labelAngle": 0, "tickCount": 8}},
            "y": {"field": "value", "type": "quantitative", "title": y_title},
            "color": {"field": "series", "type": "nominal", "title": None,
                      "legend": {"orient": "bottom", "columns": 3, "labelLimit": 220}},
        },
    }


def index_spec(points: list[dict], *, y_title: str) -> dict:
    """Indexed yearly lines (``{"year", "series", "index"}``) with a rule at 100."""
    return {
        "$schema": SCHEMA,
        "width": WIDTH,
        "height": 180,
        "layer": [
            {
                "data": {"values": points},
                "mark": {"type": "line", "point": True},
                "encoding": {
                    "x": {"field": "year", "type": "ordinal", "title": None, "axis": {"labelAngle": 0}},
                    "y": {"field": "index", "type": "quantitative", "title": y_title},
                    "color": {"field": "series", "type": "nominal", "title": None, "legend": {"orient": "bottom"}},
                },
            },
            {"data": {"values": [{"y": 100}]}, "mark": {"type": "rule", "strokeDash": [4, 3], "color": "#888"},
             "encoding": {"y": {"field": "y", "type": "quantitative"}}},
        ],
    }


def _clockwise(geometry: dict) -> dict:
    shape = shapely.geometry.shape(geometry)
    polygons = list(shape.geoms) if hasattr(shape, "geoms") else [shape]
    oriented = [shapely.geometry.polygon.orient(p, sign=-1.0) for p in polygons]
    geometry = shapely.geometry.mapping(oriented[0] if len(oriented) == 1 else shapely.MultiPolygon(oriented))
    return _rounded(geometry)


def _rounded(value):
    if isinstance(value, float):
        return round(value, 5)
    if isinstance(value, (list, tuple)):
        return [_rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value


def map_spec(areas: list[dict], *, legend_title: str, missing_label: str) -> dict:
    """Choropleth of ``areas`` (``{"name", "geometry", "value"}``; ``value`` ``None`` is drawn grey as
    ``missing_label``) in five quantile classes."""
    features = [
        {"type": "Feature", "geometry": _clockwise(a["geometry"]),
         "properties": {"name": a["name"], "value": a["value"]}}
        for a in areas if a.get("geometry")
    ]
    return {
        "$schema": SCHEMA,
        "width": 360,
        "height": 300,
        "data": {"values": {"type": "FeatureCollection", "features": features},
                 "format": {"type": "json", "property": "features"}},
        "projection": {"type": "mercator"},
        "layer": [
            {"mark": {"type": "geoshape", "stroke": "white", "strokeWidth": 0.8, "color": "#d9d9d9"}},
            {
                "transform": [{"filter": "datum.properties.value != null"}],
                "mark": {"type": "geoshape", "stroke": "white", "strokeWidth": 0.8},
                "encoding": {"color": {"field": "properties.value", "type": "quantitative", "title": legend_title,
                                       "scale": {"type": "quantile", "scheme": "blues"},
                                       "legend": {"format": ",.1~f"}}},
            },
            {"data": {"values": [{"label": missing_label}]}, "mark": {"type": "text", "align": "left",
             "color": "#666", "fontSize": 9}, "encoding": {"text": {"field": "label"}, "x": {"value": 0},
                                                            "y": {"value": 295}}},
        ],
    }
