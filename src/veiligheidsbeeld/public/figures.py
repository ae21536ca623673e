"""The figures of the public veiligheidsbeeld: nothing computed here, everything read from the published sources.

- per area and theme: the rows of the open-data export (:func:`veiligheidsbeeld.reports.opendata.rows`), which
  reads the dashboard's one published linked table (:mod:`veiligheidsbeeld.dashboard.published`, ADR 0015) with
  the installation's disclosure policy -- so a figure on a public page equals the open-data file and the dashboard
  of a viewer without small-count rights;
- per priority of the framework: :func:`~veiligheidsbeeld.dashboard.published.published_window` of the same run,
  month and policy (the dashboard's cards).

- the domain modules' indicators of the period's last year: the rows of ``module-indicatoren.csv``
  (:func:`veiligheidsbeeld.reports.opendata.module_rows`, always disclosure-controlled), the figures of the
  priority pages and the report chapters.

Only the newest finished run of a gemeente is public (``AnalysisRun.objects.latest_for``); no other run and no
person data are read, and the modules' records only through their protected indicators. The result is kept in the cache per gemeente, run
and policy (a finished run never changes).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache

from veiligheidsbeeld.analyses.models import AnalysisRun
from veiligheidsbeeld.areas.models import Area, AreaLevel
from veiligheidsbeeld.core.disclosure import DisclosurePolicy, policy_from_settings

__all__ = ["PublicFigures", "cache_key", "public_figures", "public_report", "public_run"]

CACHE_SECONDS = 3600


def public_run(gemeente) -> AnalysisRun | None:
    """The one run the public sees: the gemeente's newest finished run."""
    return AnalysisRun.objects.latest_for(gemeente)


def cache_key(gemeente, run, *parts) -> str:
    """A cache key that changes with the run (a new run publishes new figures) and the disclosure policy."""
    policy = policy_from_settings()
    return ":".join(str(p) for p in (
        "public", gemeente.code, run.pk if run else "-", run.created_at.timestamp() if run else "-",
        policy.method, policy.threshold, policy.base, *parts))


@dataclass
class PublicFigures:
    """The published figures of a gemeente's public run."""

    run_pk: int
    period: str
    previous_period: str | None
    rows: list[dict]  # open-data rows (reports.opendata.COLUMNS)
    metadata: dict
    priorities: dict[str, list[dict]] = field(default_factory=dict)  # area code -> [{title, count, rate}]
    wijken: list[dict] = field(default_factory=list)  # [{code, name}]
    module_rows: list[dict] = field(default_factory=list)  # module-indicator rows (reports.opendata.MODULE_COLUMNS)

    def rows_of(self, code: str) -> list[dict]:
        return [row for row in self.rows if row["gebiedscode"] == code]

    def total_of(self, code: str) -> dict | None:
        """The row of the area's total over every theme (``misdrijven-totaal`` where published)."""
        rows = self.rows_of(code)
        return next((r for r in rows if r["themacode"] == "misdrijven-totaal"), None)


def _priorities(run, policy: DisclosurePolicy, areas: list[Area]) -> dict[str, list[dict]]:
    from veiligheidsbeeld.dashboard.published import published_window, section_column
    from veiligheidsbeeld.dashboard.sections import sections_for, theme_tree

    window = published_window(run, run.last_month, policy)
    if window is None:
        return {}
    sections = [s for s in sections_for(run.gemeente, theme_tree()) if s.is_priority]
    result = {}
    for area in areas:
        items = []
        for section in sections:
            column = section_column(section)
            if not window.has(area.pk, column):
                continue
            rate = window.rate(area.pk, column)
            items.append({"code": section.code, "title": section.title, "count": window.count(area.pk, column),
                          "rate": round(rate, 2) if rate is not None else None})
        result[area.code] = items
    return result


def _compute(run) -> PublicFigures | None:
    from veiligheidsbeeld.reports import opendata
    from veiligheidsbeeld.reports.figures import figures_from_run

    policy = policy_from_settings()
    try:
        figures = figures_from_run(run)
    except ValueError:
        return None
    rows = opendata.rows(figures, policy)
    areas = list(Area.objects.filter(gemeente=run.gemeente, year=run.area_year,
                                     level__in=(AreaLevel.GEMEENTE, AreaLevel.WIJK)).defer("geometry")
                 .order_by("level", "code"))
    wijk_codes = {r["gebiedscode"] for r in rows if r["niveau"] == "wijk"}
    return PublicFigures(
        run_pk=run.pk, period=figures.period.label,
        previous_period=figures.previous_period.label if figures.earlier is not None else None,
        rows=rows, metadata=opendata.metadata(figures, policy),
        priorities=_priorities(run, policy, areas) if figures.period.months == 12 else {},
        wijken=[{"code": a.code, "name": a.name} for a in areas if a.code in wijk_codes],
        module_rows=opendata.module_rows(figures, policy),
    )


def public_figures(gemeente) -> PublicFigures | None:
    """The published figures of the gemeente's public run (None without a finished run); cached."""
    run = public_run(gemeente)
    if run is None:
        return None
    key = cache_key(gemeente, run, "figures")
    found = cache.get(key)
    if found is None:
        found = _compute(run)
        if found is None:
            return None
        cache.set(key, found, CACHE_SECONDS)
    return found


def public_report(gemeente):
    """The report the gemeente published: the newest stored report of its public run, made with the public
    disclosure rules (the installation's policy, not an internal audience). None when there is none."""
    from veiligheidsbeeld.reports.models import StoredReport

    run = public_run(gemeente)
    if run is None:
        return None
    policy = policy_from_settings()
    rules = {"method": policy.method, "threshold": policy.threshold, "base": policy.base}
    for report in StoredReport.objects.filter(gemeente=gemeente, run=run).order_by("-created", "-pk")[:20]:
        parameters = report.parameters or {}
        if parameters.get("audience", "raad") not in ("raad", "public", "openbaar"):
            continue
        if parameters.get("disclosure") != rules:
            continue
        return report
    return None
