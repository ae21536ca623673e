"""Assembling a report document from its figures and rendering it to HTML and PDF (WeasyPrint)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from veiligheidsbeeld.core.disclosure import DisclosurePolicy
from veiligheidsbeeld.frameworks.versioning import current_framework
from veiligheidsbeeld.programmes.choices import KpiStatus, Status
from veiligheidsbeeld.programmes.summary import programme_summary

from . import content
from .analysis_results import analysis_results, summary_results
from .changes import compute_changes
from .figures import Figures
from .framework_figures import area_group_comparisons, e33_comparison, level_comparisons, young_suspects
from .numbers import format_decimal, format_euro
from .protection import publish
from .verantwoording import verantwoording

__all__ = ["PDF_VARIANT", "build_document", "pdf_options", "render_html", "render_pdf"]


def _priorities(gemeente) -> list[dict]:
    framework = current_framework(gemeente)
    return list(framework.content.get("priorities", [])) if framework else []


def _programme(gemeente) -> dict:
    """The programme summary with statuses as labels and Dutch number formatting."""
    data = programme_summary(gemeente)
    for priority in data["priorities"]:
        priority["budget_planned"] = format_euro(priority["budget"]["planned"])
        priority["budget_spent"] = format_euro(priority["budget"]["spent"])
        priority["status"] = KpiStatus(priority["status"]).label
        for measure in priority["measures"]:
            measure["status"] = Status(measure["status"]).label
        for kpi in priority["kpis"]:
            kpi["status"] = KpiStatus(kpi["status"]).label
            kpi["value"] = "" if kpi["value"] is None else format_decimal(kpi["value"], 1)
            kpi["target"] = "" if kpi["target"] is None else format_decimal(kpi["target"], 1)
    if data["total"]:
        data["total_planned"] = format_euro(data["total"]["planned"])
        data["total_spent"] = format_euro(data["total"]["spent"])
    return data


def build_document(figures: Figures, policy: DisclosurePolicy, *, areas: list[str] | None = None) -> dict:
    """Everything the report template shows, as plain data, after disclosure control.

    ``areas`` (wijk codes) limits the wijk rows and profiles; totals stay those of all wijken.

    Raises
    ------
    ValueError
        When a code of ``areas`` is not a wijk of the report.
    """
    codes = {w.code for w in figures.real_wijken}
    unknown = sorted(set(areas or []) - codes)
    if unknown:
        raise ValueError("--area {}: not a wijk of {} in CBS indeling {} (wijken: {})".format(
            ", ".join(unknown), figures.gemeente.code, figures.wijken[0].year, ", ".join(sorted(codes))))
    # The gemeente as a whole (registrations no wijk holds) is a row of every table, never a wijk profile.
    shown = [w for w in figures.wijken if not areas or w.code in areas or w is figures.whole]
    profiled = [w for w in shown if w is not figures.whole]
    with translation.override(settings.LANGUAGE_CODE):
        published = publish(figures, policy)
        changes = compute_changes(published)
        priorities = _priorities(figures.gemeente)
        framework = current_framework(figures.gemeente)
        results = analysis_results(figures.run, policy)
        return {
            "gemeente": figures.gemeente,
            "period": figures.period.label,
            "previous_period": figures.previous_period.label,
            "has_previous": figures.earlier is not None,
            "source": figures.source,
            "run_id": figures.run.pk if figures.run else None,
            "framework": framework.title if framework else "",
            "generated": timezone.localdate(),
            "wijken": [w.name for w in profiled],
            "key_figures": content.key_figures(published, changes),
            "summary": content.summary(published, changes, priorities, profiled),
            "chapters": content.chapters(published, changes, priorities, shown, results),
            "wijk_profiles": content.wijk_profiles(published, changes, profiled, results),
            "e33": e33_comparison(published),
            "suspects": young_suspects(published),
            "area_groups": area_group_comparisons(published),
            "levels": level_comparisons(published),
            "programme": _programme(figures.gemeente),
            "analysis": summary_results(results),
            "verantwoording": verantwoording(published),
            "title": _("Safety picture {gemeente} {period}").format(
                gemeente=figures.gemeente.name, period=figures.period.label),
        }


def render_html(document: dict) -> str:
    """The report as one self-contained HTML page (styles and SVG inline, no external resources)."""
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string("reports/report.html", {"doc": document})


def render_pdf(html: str) -> bytes:
    """The report HTML as PDF (WeasyPrint; page size, header and page numbers come from the print CSS).

    WeasyPrint fetches only through :func:`asset_fetcher`: ``data:`` URLs and the application's own static
    files, never the network or other files (issue 15).

    The PDF is tagged for accessibility (issue 20): PDF/UA-1 where the installed WeasyPrint knows that variant
    (structure tree from the HTML headings, tables and lists, the document language and title), else plain tags.
    """
    import weasyprint

    return weasyprint.HTML(string=html, base_url=None, url_fetcher=asset_fetcher()).write_pdf(**pdf_options())


#: The PDF variant of reports: PDF/UA-1 (ISO 14289-1), tagged.
PDF_VARIANT = "pdf/ua-1"


def pdf_options() -> dict:
    """WeasyPrint's ``write_pdf`` options for an accessible PDF: the PDF/UA-1 variant when supported (WeasyPrint
    61 and later), else tags only."""
    try:
        from weasyprint.pdf import VARIANTS
    except ImportError:  # pragma: no cover - very old WeasyPrint
        VARIANTS = {}
    return {"pdf_variant": PDF_VARIANT} if PDF_VARIANT in VARIANTS else {"pdf_tags": True}


def _asset_folders() -> list:
    """The folders of the application's static files (the staticfiles finders' and ``STATIC_ROOT``)."""
    from pathlib import Path

    from django.contrib.staticfiles import finders

    folders = [Path(settings.STATIC_ROOT).resolve()]
    for finder in finders.get_finders():
        for _path, storage in finder.list([]):
            location = getattr(storage, "location", None)
            if location:
                folders.append(Path(location).resolve())
    return list(dict.fromkeys(folders))


def asset_fetcher():
    """A WeasyPrint URL fetcher that serves ``data:`` URLs and ``file:`` URLs inside the application's static
    folders, and refuses everything else -- http(s) (no requests to internal services), other files, ``..``
    tricks -- with a ValueError (WeasyPrint then leaves the resource out, with a warning in the log)."""
    from pathlib import Path
    from urllib.parse import unquote, urlsplit

    from weasyprint.urls import URLFetcher

    folders = _asset_folders()

    class AssetFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            if parts.scheme == "file" and parts.netloc in ("", "localhost"):
                path = Path(unquote(parts.path)).resolve()
                if any(path.is_relative_to(folder) for folder in folders) and path.is_file():
                    return super().fetch(path.as_uri(), headers)
            raise ValueError("the report may only use the application's own assets, not {}".format(url[:200]))

    return AssetFetcher(allow_redirects=False)
