"""The framework's own figures, generated from data when it is loaded.

- E33 *verward gedrag* nationally and in the gemeente over the years, indexed (first common year = 100); the
  national figures come from :mod:`.national`. Regional figures are not published as a file and are reported
  as not available.
- Suspects aged 12-17 per offence type, from the suspect counts the gemeente imported (CBS 85655NED, police/OM
  tables; ``veiligheidsbeeld import suspects``), for the newest year up to the report's: per offence the
  suspects of the age classes that cover 12-17 exactly (:func:`veiligheidsbeeld.registrations.suspects.span_count`),
  the suspects of all ages and the share. Each offence is a small table (12-17, the rest, all ages) protected
  with :func:`veiligheidsbeeld.core.disclosure.protect_table`; offences whose classes do not cover 12-17 are
  listed as not available. Without suspect counts the section says so.
- Each area group of the gemeente (e.g. Groningen Noord) against the rest of the gemeente, per theme group. A
  comparison is shown only where no wijk figure of that theme is suppressed: the group and rest sums then follow
  from published figures and reveal nothing new.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from veiligheidsbeeld.areas.models import AreaGroup
from veiligheidsbeeld.core.disclosure import SECRET, protect_table, published_share
from veiligheidsbeeld.frameworks.models import Theme

from . import charts
from .national import national_yearly
from .numbers import format_decimal, format_int, format_percent_change
from .protection import PublishedFigures, protect_single

__all__ = ["E33_THEME", "area_group_comparisons", "e33_comparison", "level_comparisons", "young_suspects"]

E33_THEME = "verward-gedrag"


def e33_comparison(published: PublishedFigures) -> dict:
    """National and local E33 registrations per year, indexed to the first year both have (= 100)."""
    theme = Theme.objects.filter(code=E33_THEME).first()
    if theme is None:
        return {"available": False}
    national = national_yearly(theme)
    local = {y: protect_single(n, published.policy) for y, n in published.figures.yearly.get(theme.pk, {}).items()}
    local = {y: v for y, v in local.items() if v is not None}
    if not national and not any(local.values()):
        return {"available": False}
    common = sorted(set(national) & {y for y, v in local.items() if v})
    base = common[0] if common else (min(national) if national else min(local))
    years = sorted(set(national) | set(local))
    rows, points = [], []
    for year in years:
        row = {"year": year, "national": "", "national_index": "", "local": "", "local_index": ""}
        if year in national and national.get(base):
            index = national[year] / national[base] * 100
            row.update(national=format_int(national[year]), national_index=format_decimal(index, 0))
            points.append({"year": year, "series": _("Netherlands"), "index": round(index, 1)})
        if year in local and local.get(base):
            index = local[year] / local[base] * 100
            row.update(local=format_int(local[year]), local_index=format_decimal(index, 0))
            points.append({"year": year, "series": published.figures.gemeente.name, "index": round(index, 1)})
        rows.append(row)
    svg = charts.to_svg(charts.index_spec(points, y_title=_("index ({} = 100)").format(base)), "e33") if points else ""
    return {"available": True, "base": base, "rows": rows, "svg": svg, "has_local": bool(common),
            "has_national": bool(national)}


def _sum_published(published, wijken, theme, earlier):
    cells = [published.cell(w, theme, earlier=earlier) for w in wijken]
    return sum(c.value for c in cells) if all(c is not None and c.shown for c in cells) else None


def _comparison_value(published, wijken, theme, earlier):
    """Rate per 1,000 (when every wijk has inhabitants) or count of ``wijken`` together; None if not publishable."""
    figures = published.figures
    every = published.figures.wijken
    if any((c := published.cell(w, theme, earlier=earlier)) is None or not c.shown for w in every):
        return None, None
    count = _sum_published(published, wijken, theme, earlier)
    pops = figures.earlier_population if earlier else figures.population
    population = [pops.get(w.pk) for w in wijken]
    if population and all(population):
        return count / sum(population) * 1000.0 * 12 / figures.period.months, True
    return float(count), False


def area_group_comparisons(published: PublishedFigures) -> list[dict]:
    """Per area group with members among the report's wijken: group versus the rest, per theme with data."""
    figures = published.figures
    wijk_ids = {w.pk for w in figures.wijken}
    result = []
    themes = [g for g in published.groups if published.has_data(g)] + [
        t for t in figures.themes if t.is_total and published.has_data(t)]
    for group in AreaGroup.objects.filter(gemeente=figures.gemeente).prefetch_related("members"):
        members = [w for w in figures.wijken if w.pk in {m.pk for m in group.members.all()}]
        rest = [w for w in figures.wijken if w.pk in wijk_ids - {m.pk for m in members}]
        if not members or not rest:
            continue
        rows = []
        for theme in themes:
            row = {"theme": theme.name}
            for side, wijken in (("group", members), ("rest", rest)):
                value, is_rate = _comparison_value(published, wijken, theme, False)
                before, _is_rate = _comparison_value(published, wijken, theme, True) if figures.earlier else (None, None)
                row[side] = SECRET if value is None else (format_decimal(value, 1) if is_rate else format_int(value))
                row[side + "_change"] = (
                    format_percent_change((value - before) / before * 100) if value is not None and before else "")
                row["unit"] = _("per 1,000 inhabitants") if is_rate else _("registrations")
            rows.append(row)
        result.append({"name": group.name, "members": [w.name for w in members], "rows": rows})
    return result


def _gemeente_populations(figures, years) -> dict[int, int]:
    """Inhabitants of the gemeente per year: the sum of its wijken when all are known, else its own figure."""
    from veiligheidsbeeld.areas.models import Area, AreaLevel, AreaPopulation

    wijken = [w.pk for w in figures.real_wijken]
    whole = Area.objects.current(figures.gemeente).filter(level=AreaLevel.GEMEENTE).first()
    rows = AreaPopulation.objects.filter(year__in=years, area_id__in=wijken + ([whole.pk] if whole else []))
    by_year: dict[int, dict[int, int]] = {}
    for area_id, year, population in rows.values_list("area_id", "year", "population"):
        by_year.setdefault(year, {})[area_id] = population
    result = {}
    for year, values in by_year.items():
        if wijken and all(w in values for w in wijken):
            result[year] = sum(values[w] for w in wijken)
        elif whole is not None and whole.pk in values:
            result[year] = values[whole.pk]
    return result


def _rate_label(point) -> str:
    if point is None or point["rate"] is None:
        return ""
    return "{} ({} – {})".format(format_decimal(point["rate"], 1), format_decimal(point["lower"], 1),
                                 format_decimal(point["upper"], 1))


def level_comparisons(published: PublishedFigures) -> dict:
    """Per theme group: the gemeente's rate per 1,000 inhabitants beside those of Nederland, its provincie and its
    peer gemeenten in the newest year they share, with 95 % intervals, from the registered figures
    (:func:`veiligheidsbeeld.analyses.comparison.comparison_lines`). The gemeente's yearly totals are published
    (:func:`.protection.protect_single`) first."""
    from veiligheidsbeeld.analyses.comparison import comparison_lines
    from veiligheidsbeeld.areas.models import Area, AreaLevel

    figures = published.figures
    area = Area.objects.current(figures.gemeente).filter(level=AreaLevel.GEMEENTE).select_related("parent").first()
    if area is None:
        return {"rows": [], "columns": []}
    rows, kinds = [], []
    for group in published.groups:
        yearly: dict[int, int] = {}
        for leaf in published.leaves.get(group.code, []):
            for year, n in figures.yearly.get(leaf.pk, {}).items():
                yearly[year] = yearly.get(year, 0) + n
        own = {y: v for y, v in ((y, protect_single(n, published.policy)) for y, n in yearly.items()) if v}
        if not own:
            continue
        lines = comparison_lines(area, group, gemeente_counts=own,
                                 gemeente_populations=_gemeente_populations(figures, list(own)))
        if len(lines) < 2:
            continue
        shared = sorted(set.intersection(*[{p["year"] for p in line.points if p["rate"] is not None}
                                           for line in lines]))
        if not shared:
            continue
        year = shared[-1]
        cells = {line.kind: _rate_label(next(p for p in line.points if p["year"] == year)) for line in lines}
        kinds += [kind for kind in cells if kind not in kinds]
        rows.append({"theme": group.name, "year": year, "cells": cells})
    names = {"gemeente": figures.gemeente.name, "land": _("Netherlands"), "provincie": _("Provincie"),
             "peers": _("Peer gemeenten")}
    columns = [(kind, names.get(kind, kind)) for kind in ["gemeente", "land", "provincie", "peers"] if kind in kinds]
    for row in rows:
        row["values"] = [row["cells"].get(kind, "") for kind, _name in columns]
    return {"rows": rows, "columns": [name for _kind, name in columns]}


def young_suspects(published: PublishedFigures) -> dict:
    """Suspects aged 12-17 per offence in the newest year (up to the report's last) of the gemeente's suspect
    counts, with all ages and the share, after disclosure control; ``{"available": False}`` without counts."""
    from veiligheidsbeeld.registrations.suspects import gemeente_suspects, span_count

    figures = published.figures
    data = {y: o for y, o in gemeente_suspects(figures.gemeente).items() if y <= figures.period.last.year}
    if not data:
        return {"available": False}
    year = max(data)
    rows, missing = [], []
    for offence in sorted(data[year].values(), key=lambda o: o.offence):
        young = span_count(offence.classes, 12, 17)
        if young is None:
            missing.append(offence.offence)
            continue
        if offence.total is None or offence.total < young:
            labels = [str(v) if (v := protect_single(young, published.policy)) is not None else SECRET, "", ""]
            share = None
        else:
            table = protect_table([[young, offence.total - young]], published.policy).labels()[0]
            labels = [table[0], table[2], ""]
            share = published_share(young, offence.total, published.policy) if SECRET not in table else None
            labels[2] = "" if share is None else format_decimal(100 * share, 0) + " %"
        rows.append({"offence": offence.offence, "young": _dutch(labels[0]), "total": _dutch(labels[1]),
                     "share": labels[2]})
    return {"available": bool(rows), "year": year, "rows": rows, "missing": missing}


def _dutch(label: str) -> str:
    return format_int(int(label)) if label.isdigit() else label
