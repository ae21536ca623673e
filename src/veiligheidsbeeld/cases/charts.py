"""The life-domain chart of a case as plain SVG geometry (no script, no inline style: CSP)."""

from __future__ import annotations

__all__ = ["domain_chart"]

ROW, LEFT, WIDTH, TOP = 26, 210, 300, 30


def domain_chart(measurements) -> dict | None:
    """Per domain a row: a dot per measurement at its score (1-5, older ones lighter) and a line from the first
    to the last score. Returns the SVG size, axis ticks and rows, or None without measurements."""
    measurements = list(measurements)
    if not measurements:
        return None
    domains = []
    for m in measurements:
        domains += [d for d in m.scores if d not in domains]
    x = lambda score: LEFT + (score - 1) * WIDTH / 4  # noqa: E731
    n = len(measurements)
    rows = []
    for i, domain in enumerate(domains):
        y = TOP + i * ROW
        points = [(m, m.scores[domain]) for m in measurements if domain in m.scores]
        dots = [{"cx": x(s), "cy": y, "opacity": round(0.35 + 0.65 * (k + 1) / n, 2), "score": s,
                 "date": m.measured_on} for k, (m, s) in enumerate(points)]
        first, last = points[0][1], points[-1][1]
        rows.append({"domain": domain, "y": y, "label_y": y + 4, "dots": dots, "x1": x(first), "x2": x(last),
                     "change": last - first, "first": first, "last": last})
    ticks = [{"x": x(s), "label": s} for s in range(1, 6)]
    height = TOP + len(domains) * ROW
    return {"width": LEFT + WIDTH + 30, "height": height, "rows": rows, "ticks": ticks, "axis_y": TOP - 14,
            "bottom": height - ROW + 10, "dates": [m.measured_on for m in measurements]}
