"""The colour scale and legend of a report map, the same as the dashboard's map (issue 20).

The dashboard classes a map by quantiles (:func:`veiligheidsbeeld.analyses.indicators.quantile_classes`) and colours
class ``i`` of ``n`` with ``PALETTE[round(i * 4 / (n - 1))]`` (ColorBrewer YlOrRd, five classes). A report map uses
the same breaks and colours, so a wijk has the colour on paper that it has on the screen.

On paper the bounds are printed rounded, and two quantile breaks that differ by less than the rounding would print
the same label ("2,3 – 2,3", or two classes both starting at "2,3"). :func:`map_classes` therefore merges classes
whose rounded bounds coincide: every legend entry then has distinct bounds, lower below upper, and the entries
follow each other without overlap. Values are classed by the kept breaks, so the legend is exactly what the map shows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from veiligheidsbeeld.analyses.indicators import quantile_classes
from veiligheidsbeeld.dashboard.overview import PALETTE

from .charts import SCHEMA, _clockwise
from .numbers import format_decimal

__all__ = ["MISSING_COLOUR", "LegendClass", "choropleth_spec", "map_classes"]

#: Areas without a published figure (the dashboard hatches them; on paper a light grey).
MISSING_COLOUR = "#d9d9d9"


@dataclass(frozen=True)
class LegendClass:
    label: str
    colour: str
    low: float
    high: float


def _digits(values: list[float]) -> int:
    return 0 if all(float(v).is_integer() for v in values) else 1


def map_classes(values: list[float | None]) -> tuple[list[int | None], list[LegendClass]]:
    """The class of each value (``None`` where missing) and the legend, with the dashboard's quantile breaks and
    colours; classes whose rounded bounds would print alike are merged (see the module docstring)."""
    known = [float(v) for v in values if v is not None]
    if not known:
        return [None] * len(values), []
    _classes, breaks = quantile_classes(known)
    digits = _digits(known)
    label = lambda x: format_decimal(x, digits) if digits else format_decimal(round(x), 0)  # noqa: E731
    kept: list[float] = []
    for b in breaks:
        if kept and label(b) == label(kept[-1]):
            if b == breaks[-1] and len(kept) > 1:
                kept[-1] = b  # the top break always closes the scale
            continue
        kept.append(b)
    if len(kept) == 1:  # every value prints the same: one class
        kept = [kept[0], kept[0]]
    n = len(kept) - 1
    legend = []
    for i in range(n):
        low, high = kept[i], kept[i + 1]
        text = label(low) if label(low) == label(high) else "{} – {}".format(label(low), label(high))
        legend.append(LegendClass(text, PALETTE[round(i * (len(PALETTE) - 1) / max(n - 1, 1))], low, high))
    edges = np.array(kept)
    classes = [None if v is None else int(min(max(np.searchsorted(edges, float(v), side="right") - 1, 0), n - 1))
               for v in values]
    return classes, legend


def choropleth_spec(areas: list[dict], *, legend_title: str, missing_label: str) -> dict:
    """A Vega-Lite map of ``areas`` (``{"name", "geometry", "value"}``) in the dashboard's classes and colours,
    with a legend of distinct class bounds and, when an area has no figure, a grey ``missing_label`` entry."""
    drawn = [a for a in areas if a.get("geometry")]
    classes, legend = map_classes([a["value"] for a in drawn])
    labels = [c.label for c in legend]
    colours = [c.colour for c in legend]
    if any(k is None for k in classes):
        labels.append(missing_label)
        colours.append(MISSING_COLOUR)
    features = [
        {"type": "Feature", "geometry": _clockwise(a["geometry"]),
         "properties": {"name": a["name"], "klass": missing_label if k is None else legend[k].label}}
        for a, k in zip(drawn, classes)
    ]
    return {
        "$schema": SCHEMA,
        "width": 360,
        "height": 300,
        "data": {"values": {"type": "FeatureCollection", "features": features},
                 "format": {"type": "json", "property": "features"}},
        "projection": {"type": "mercator"},
        "mark": {"type": "geoshape", "stroke": "white", "strokeWidth": 0.8},
        "encoding": {"color": {"field": "properties.klass", "type": "nominal", "title": legend_title,
                               "scale": {"domain": labels, "range": colours},
                               "legend": {"orient": "right", "symbolType": "square", "labelLimit": 200}}},
    }
