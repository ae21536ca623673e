"""The programme per priority as plain data, for the report chapter and the API."""

from __future__ import annotations

from veiligheidsbeeld.frameworks.versioning import current_framework

from .finances import budget_overview
from .models import Kpi, Measure, Programme
from .progress import kpi_progress, priority_status

__all__ = ["programme_summary"]


def _money(totals) -> dict:
    return {
        "planned": float(totals.planned),
        "spent": float(totals.spent),
        "years": {year: {k: float(v) for k, v in cell.items()} for year, cell in sorted(totals.years.items())},
    }


def programme_summary(gemeente) -> dict:
    """Measures, budget totals and KPI statuses per priority of the gemeente's current framework.

    Returns ``{"programme", "framework", "is_example", "priorities": [...], "total"}``; each priority has
    ``code, title, in_framework, measures [{id, title, status, intervention, owner, area}], budget {planned,
    spent, years}, kpis [{title, kind, value, as_of, target, status, reason}], status, reason``. Measures of
    priorities that a later framework version dropped are listed with ``in_framework: False``. Empty
    ``priorities`` when the gemeente has no programme.
    """
    framework = current_framework(gemeente)
    programme = (
        Programme.objects.filter(gemeente=gemeente, framework_slug=framework.slug).first() if framework else None
    )
    if programme is None:
        return {"programme": None, "framework": None, "is_example": False, "priorities": [], "total": None}
    measures = Measure.objects.filter(programme=programme).select_related("owner", "area_group", "wijk")
    overview = budget_overview(measures)
    titles = {p["code"]: p["title"] for p in framework.content["priorities"]}
    codes = list(titles) + sorted({m.priority_code for m in measures} - set(titles) - {""})
    kpis = list(Kpi.objects.filter(programme=programme).select_related("area", "area_group", "theme"))
    priorities = []
    for code in codes:
        progresses = [kpi_progress(k) for k in kpis if k.priority_code == code]
        status, reason = priority_status(progresses)
        budget = overview.by_priority.get(code)
        priorities.append(
            {
                "code": code,
                "title": titles.get(code, code),
                "in_framework": code in titles,
                "measures": [
                    {"id": m.pk, "title": m.title, "status": m.status, "intervention": m.intervention,
                     "owner": m.owner.name, "area": m.area_label}
                    for m in measures if m.priority_code == code
                ],
                "budget": _money(budget) if budget else {"planned": 0.0, "spent": 0.0, "years": {}},
                "kpis": [
                    {"title": p.kpi.title, "kind": p.kpi.kind, "value": p.value, "as_of": p.as_of,
                     "baseline": p.kpi.baseline, "target": p.kpi.target, "status": p.status, "reason": p.reason}
                    for p in progresses
                ],
                "status": status,
                "reason": reason,
            }
        )
    return {
        "programme": programme.title,
        "framework": f"{framework.title} (v{framework.version})",
        "is_example": programme.is_example,
        "priorities": priorities,
        "total": _money(overview.total),
    }
