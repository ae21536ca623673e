"""The indicator sections of a report: summary, one chapter per priority and theme group, and wijk profiles.

Every count shown comes from :class:`.protection.PublishedFigures` (after disclosure control) and every change
from :func:`.changes.compute_changes`; this module only arranges them into plain data for the template, with
Dutch number formatting and texts from gettext (English source strings).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from veiligheidsbeeld.analyses.display import MIN_BASE
from veiligheidsbeeld.registrations.models import PerceptionResult

from . import charts, scales
from .analysis_results import AnalysisResults, chapter_results, wijk_results
from .changes import biggest
from .numbers import format_decimal, format_int, format_percent_change
from .protection import ALL, PublishedFigures, protect_single

__all__ = ["chapters", "key_figures", "module_year", "summary", "wijk_profiles"]

TREND_MONTHS = 36


def _significance(change) -> str:
    if change is None:
        return ""
    return _("significant") if change.significant else _("not significant")


def _change_label(change) -> str:
    """The relative change, or on a base below 5 the two counts (never "+50%" for 2 -> 3, #14)."""
    if change is None:
        return ""
    if change.earlier < MIN_BASE:
        return "{} → {}".format(format_int(change.earlier), format_int(change.current))
    if change.percent is None:
        return ""
    return format_percent_change(change.percent)


def _rate(published: PublishedFigures, row, theme) -> str:
    cell = published.cell(row, theme)
    figures = published.figures
    if row == ALL:
        population = figures.total_population()
    else:
        population = figures.population.get(getattr(row, "pk", row))
    if cell is None or not cell.shown or not population:
        return ""
    return format_decimal(cell.value / population * 1000.0 * 12 / figures.period.months, 1)


def _figure_row(published, changes, row, theme) -> dict:
    key = getattr(row, "pk", row)
    cell = published.cell(row, theme)
    earlier = published.cell(row, theme, earlier=True)
    change = changes.get((key, theme.code))
    return {
        "theme": theme,
        "current": cell.label if cell else "",
        "earlier": earlier.label if earlier else "",
        "change": _change_label(change),
        "significance": _significance(change),
        "rate": _rate(published, row, theme),
    }


def key_figures(published: PublishedFigures, changes) -> list[dict]:
    """All wijken together, per theme group and published total with data."""
    rows = []
    for theme in published.groups + [t for t in published.figures.themes if t.is_total]:
        if published.has_data(theme):
            rows.append(_figure_row(published, changes, ALL, theme))
    return rows


def _sentence(published, changes, theme) -> str:
    cell = published.cell(ALL, theme)
    change = changes.get((ALL, theme.code))
    figures = published.figures
    text = _("{theme}: {count} registrations in {period}").format(
        theme=theme.name, count=cell.label, period=figures.period.label)
    if change is not None and (change.percent is not None or change.earlier < MIN_BASE):
        text += _(", {change} compared with {earlier} ({significance})").format(
            change=_change_label(change), earlier=figures.previous_period.label,
            significance=_significance(change))
    return text + "."


def _movement(published, change) -> dict:
    wijk = next(w for w in published.figures.wijken if w.pk == change.row)
    theme = next(t for t in published.figures.themes + published.groups if t.code == change.theme_code)
    return {"wijk": wijk.name, "theme": theme.name, "earlier": format_int(change.earlier),
            "current": format_int(change.current), "change": format_percent_change(change.percent),
            "significance": _significance(change)}


def _chapter_themes(published, chapter_codes):
    by_code = {t.code: t for t in published.figures.themes}
    return [by_code[c] for c in chapter_codes if c in by_code]


def summary(published: PublishedFigures, changes, priorities, shown_wijken) -> dict:
    """Main developments per priority and the biggest rises and falls per wijk."""
    developments = []
    for priority in priorities:
        sentences = [_sentence(published, changes, t) for t in _chapter_themes(published, priority["themes"])
                     if published.has_data(t)]
        developments.append({"title": priority["title"], "sentences": sentences})
    rows = {w.pk for w in shown_wijken}
    codes = {t.code for t in published.figures.themes} | {g.code for g in published.groups}
    return {
        "developments": developments,
        "rises": [_movement(published, c) for c in biggest(changes, rows, codes, rising=True)],
        "falls": [_movement(published, c) for c in biggest(changes, rows, codes, rising=False)],
    }


def _published_gemeente(run, end, policy, theme) -> int | None:
    """The gemeente's published 12-month count of ``theme`` ending at ``end`` (None: hidden or none)."""
    from veiligheidsbeeld.areas.models import AreaLevel
    from veiligheidsbeeld.dashboard.published import column_of, published_window

    window = published_window(run, end, policy)
    if window is None or not window.levels[AreaLevel.GEMEENTE]:
        return None
    row = window.levels[AreaLevel.GEMEENTE][0]
    pk = next(pk for pk, i in window.rows.items() if i == row)
    return window.count(pk, column_of(theme)) if window.has(pk, column_of(theme)) else None


def _trend_svg(published, themes, prefix) -> str:
    figures, policy = published.figures, published.policy
    points = []
    if figures.months and figures.run is not None:
        # the published 12-month totals of the gemeente (one source with every other output): single months
        # would give hidden counts away by subtraction from them
        end = figures.months.index(figures.period.last)
        windows = min(TREND_MONTHS // 12, (end + 1) // 12)
        if windows < 2:
            return ""
        for theme in themes:
            for k in range(windows - 1, -1, -1):
                last = figures.months[end - 12 * k]
                points.append({"period": last.isoformat(), "series": theme.name,
                               "value": _published_gemeente(figures.run, last, policy, theme)})
        return charts.to_svg(charts.trend_spec(points, monthly=False, y_title=_("registrations per 12 months")),
                             prefix)
    for theme in themes:
        for year, value in sorted(figures.yearly.get(theme.pk, {}).items()):
            points.append({"period": "{}-01-01".format(year), "series": theme.name, "value": protect_single(value, policy)})
    if len({p["period"] for p in points}) < 2:
        return ""
    return charts.to_svg(charts.trend_spec(points, monthly=False, y_title=_("registrations per year")), prefix)


def _map_svg(published, theme, prefix) -> str:
    figures = published.figures
    if not any(w.geometry for w in figures.real_wijken):
        return ""
    with_population = all(figures.population.get(w.pk) for w in figures.real_wijken)
    areas = []
    for wijk in figures.real_wijken:
        cell = published.cell(wijk, theme)
        value = None
        if cell is not None and cell.shown:
            value = cell.value / figures.population[wijk.pk] * 1000.0 if with_population else float(cell.value)
        areas.append({"name": wijk.name, "geometry": wijk.geometry, "value": value})
    title = _("per 1,000 inhabitants") if with_population else _("registrations")
    # The dashboard's classes and colours, with distinct bounds in the legend (issue 20).
    spec = scales.choropleth_spec(areas, legend_title=title, missing_label=_("not published or no inhabitants"))
    return charts.to_svg(spec, prefix)


def _table(published, themes, shown_wijken, total_theme=None) -> dict:
    columns = list(themes) + ([total_theme] if total_theme else [])
    rows = [{"name": w.name, "code": w.code, "cells": [(published.cell(w, t) or _EMPTY).label for t in columns]}
            for w in shown_wijken]
    total = [(published.cell(ALL, t) or _EMPTY).label for t in columns]
    return {"columns": [t.name for t in columns], "rows": rows, "total": total}


class _Empty:
    label = ""


_EMPTY = _Empty()


def _chapter(published, changes, code, title, themes, shown_wijken, index, extra, results) -> dict:
    group = next((g for g in published.groups if g.code == code), None)
    with_data = [t for t in themes if published.has_data(t)]
    chapter = {"id": "chapter-{}".format(code), "title": title, "has_data": bool(with_data), **extra,
               "analysis": chapter_results(results, {t.code for t in themes} | {code})}
    if not with_data:
        return chapter
    is_whole_group = group is not None and set(published.leaves[group.code]) <= set(themes)
    map_theme = group if group is not None else (with_data[0] if len(with_data) == 1 else None)
    shown_rows = {w.pk for w in shown_wijken}
    chapter.update(
        key_figures=[_figure_row(published, changes, ALL, t) for t in with_data]
        + ([_figure_row(published, changes, ALL, group)] if is_whole_group and len(with_data) > 1 else []),
        table=_table(published, with_data, shown_wijken, group if is_whole_group and len(with_data) > 1 else None),
        trend_svg=_trend_svg(published, with_data, "t{}".format(index)),
        map_svg=_map_svg(published, map_theme, "m{}".format(index)) if map_theme else "",
        map_theme=map_theme.name if map_theme else "",
        rises=[_movement(published, c) for c in biggest(changes, shown_rows, {t.code for t in with_data},
                                                          rising=True, limit=3)],
        falls=[_movement(published, c) for c in biggest(changes, shown_rows, {t.code for t in with_data},
                                                          rising=False, limit=3)],
        developments=[_sentence(published, changes, t) for t in with_data],
    )
    return chapter


def module_year(published: PublishedFigures) -> int:
    """The calendar year of the modules' indicators in a report: that of the report period's last month."""
    return published.figures.period.last.year


def chapters(published: PublishedFigures, changes, priorities, shown_wijken, results: AnalysisResults) -> list[dict]:
    """The framework's priorities in order, then the other theme groups, then the published totals; each with
    the alerts, trends and hot spots of its themes from ``results``. A priority chapter also has the domain
    modules' indicators of that priority (:func:`veiligheidsbeeld.core.module_indicators.for_priority`, the
    function of the dashboard's priority page), under the report's disclosure policy."""
    from veiligheidsbeeld.core.module_indicators import CAVEAT, for_priority, framework_priorities, module_indicators

    result = []
    covered = set()
    gemeente, year = published.figures.gemeente, module_year(published)
    framework = framework_priorities(gemeente)
    of_year = module_indicators(gemeente, year, published.policy) if framework else []
    for i, priority in enumerate(priorities):
        themes = _chapter_themes(published, priority["themes"])
        covered.add(priority["code"])
        indicators = for_priority(gemeente, year, published.policy, priority["code"], framework, of_year)
        result.append(_chapter(published, changes, priority["code"], priority["title"], themes, shown_wijken, i,
                               {"kind": "priority", "ambition": priority.get("ambition", ""),
                                "module_indicators": indicators, "module_year": year, "module_caveat": CAVEAT},
                               results))
    for group in published.groups:
        if group.code in covered:
            continue
        result.append(_chapter(published, changes, group.code, group.name, published.leaves[group.code],
                               shown_wijken, len(result), {"kind": "group"}, results))
    totals = [t for t in published.figures.themes if t.is_total]
    if totals:
        result.append(_chapter(published, changes, "totals", _("Registered totals"), totals, shown_wijken,
                               len(result), {"kind": "totals"}, results))
    return result


def wijk_profiles(published: PublishedFigures, changes, shown_wijken, results: AnalysisResults) -> list[dict]:
    """One profile per wijk: every theme group with data, its leaves, the totals, perception results, and from
    ``results`` the veiligheidsindex with its components and the alerts of the wijk."""
    figures = published.figures
    profiles = []
    perception = {}
    for result in PerceptionResult.objects.filter(area__in=shown_wijken).order_by("indicator", "period_start"):
        perception.setdefault(result.area_id, []).append(result)
    for wijk in shown_wijken:
        rows = []
        for group in published.groups:
            if not published.has_data(group):
                continue
            rows.append({**_figure_row(published, changes, wijk, group), "is_group": True})
            for leaf in published.leaves[group.code]:
                if published.has_data(leaf):
                    rows.append({**_figure_row(published, changes, wijk, leaf), "is_group": False})
        for total in (t for t in figures.themes if t.is_total):
            if published.has_data(total):
                rows.append({**_figure_row(published, changes, wijk, total), "is_group": True})
        population = figures.population.get(wijk.pk)
        profiles.append({
            "id": "wijk-{}".format(wijk.code), "name": wijk.name, "code": wijk.code,
            "population": format_int(population) if population else "",
            "rows": rows,
            "perception": [{"indicator": p.indicator, "period": p.period_start.year,
                            "value": format_decimal(p.value, 1), "unit": p.unit}
                           for p in perception.get(wijk.pk, [])],
            "analysis": wijk_results(results, wijk),
        })
    return profiles
