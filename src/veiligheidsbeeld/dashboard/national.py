"""The national comparison chart: a theme's yearly registrations in the gemeente and in the Netherlands, indexed.

National figures come from :func:`veiligheidsbeeld.reports.national.national_yearly` (the files configured with
``VEILIGHEIDSBEELD_NATIONAL_TRENDS_DIR``); the project never ships them.
"""

from __future__ import annotations

from django.core.cache import cache
from django.utils.translation import gettext as _

from veiligheidsbeeld.analyses.indicators import series_for
from veiligheidsbeeld.analyses.services import month_range
from veiligheidsbeeld.core.disclosure import published_counts
from veiligheidsbeeld.reports.national import national_yearly

from .overview import indexed_chart, run_cache_key

__all__ = ["yearly_totals", "national_comparison"]


def yearly_totals(months, counts) -> dict[int, int]:
    """Calendar year -> total, for years with all twelve months in ``months``."""
    totals: dict[int, list[int]] = {}
    for month, count in zip(months, counts):
        totals.setdefault(month.year, []).append(count)
    return {year: sum(values) for year, values in totals.items() if len(values) == 12}


def national_comparison(state, gemeente_area) -> dict | None:
    """Vega-Lite spec of national versus gemeente registrations of the state's theme, indexed to 100 in the
    first year both have; ``None`` when no national figures are loaded or the years do not overlap. The
    gemeente's yearly totals are published under the state's disclosure policy first."""
    key = run_cache_key(state, "vb-national", state.theme.pk)
    cached = cache.get(key)
    if cached is not None:
        return cached or None
    spec = {}
    national = national_yearly(state.theme)
    series = series_for(state.run, state.theme, gemeente_area) if national else None
    if series is not None:
        local = yearly_totals(month_range(state.run.first_month, state.run.last_month), series.counts)
        if state.policy is not None:  # yearly totals as they may be published (none below the threshold)
            shown = published_counts(list(local.values()), state.policy)
            local = {year: value for year, value in zip(local, shown) if value is not None}
        years = sorted(set(national) & set(local))
        if years and national[years[0]] and local[years[0]]:
            data = []
            for name, figures in ((_("Netherlands"), national), (gemeente_area.name, local)):
                for year in years:
                    data.append(
                        {
                            "maand": "{}-07-01".format(year),
                            "gebied": name,
                            "index": round(figures[year] / figures[years[0]] * 100.0, 1),
                        }
                    )
            spec = indexed_chart(data, _("Registrations per year, indexed ({year} = 100)").format(year=years[0]))
            spec["description"] = _("{theme}: the Netherlands and {area}, indexed").format(
                theme=state.theme, area=gemeente_area.name
            )
    cache.set(key, spec, 3600)
    return spec or None
