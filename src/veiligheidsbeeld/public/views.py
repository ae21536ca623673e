"""The public veiligheidsbeeld (issue 20, item 5): pages without log-in for the raad and residents.

Every view answers 404 unless the gemeente turned its public pages on (:class:`.models.PublicSite`), is limited
per client address (:class:`.throttle.PublicRateThrottle`, 429 with a Dutch message) and shows only the published
figures of the gemeente's newest finished run (:mod:`.figures`). Pages are rendered without the request (no user,
no session, no CSRF token in them) and kept in the cache per gemeente, run and language.
"""

from __future__ import annotations

import functools
import json
import math
import re
from pathlib import Path

from django.core.cache import cache
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

import veiligheidsbeeld
from veiligheidsbeeld.core.models import Gemeente
from veiligheidsbeeld.reports import opendata

from .figures import CACHE_SECONDS, cache_key, public_figures, public_report, public_run
from .throttle import PublicRateThrottle

#: A CBS wijk code (anything else is not looked up, nor used in a cache key).
WIJK_CODE = re.compile(r"^WK\d{6}$")

__all__ = ["metadata_json", "module_csv", "module_json", "opendata_csv", "opendata_json", "overview", "report",
           "wijk"]


def _too_many(throttle) -> HttpResponse:
    wait = throttle.wait()
    seconds = max(1, math.ceil(wait)) if wait is not None else 60
    response = HttpResponse(render_to_string("public/429.html", {"seconds": seconds}), status=429)
    response["Retry-After"] = str(seconds)
    return response


def public_view(view):
    """Rate limit, then the gemeente of ``code`` if (and only if) its public pages are on; GET only."""

    @require_GET
    @functools.wraps(view)
    def wrapper(request, code: str, *args, **kwargs):
        throttle = PublicRateThrottle()
        if not throttle.allow_request(request, None):
            return _too_many(throttle)
        gemeente = get_object_or_404(Gemeente, code=code, public_site__enabled=True)
        return view(request, gemeente, *args, **kwargs)

    return wrapper


def _cached_page(gemeente, page: str, build) -> HttpResponse:
    """The rendered page from the cache, or ``build()`` (a context dict, or None for 404) rendered and kept."""
    run = public_run(gemeente)
    key = cache_key(gemeente, run, "page", page, translation.get_language())
    html = cache.get(key)
    if html is None:
        context = build()
        if context is None:
            raise Http404(_("This page does not exist."))
        context.update({"gemeente": gemeente, "vb_version": veiligheidsbeeld.__version__})
        html = render_to_string(context.pop("template"), context)
        cache.set(key, html, CACHE_SECONDS)
    response = HttpResponse(html)
    response["Cache-Control"] = "public, max-age=300"
    return response


@public_view
def overview(request, gemeente):
    """The gemeente's figures: the priorities, every theme, the wijken, the report and the downloads."""

    def build():
        figures = public_figures(gemeente)
        if figures is None:
            return {"template": "public/overview.html", "figures": None}
        wijken = [dict(w, total=figures.total_of(w["code"])) for w in figures.wijken]
        return {
            "template": "public/overview.html", "figures": figures,
            "priorities": figures.priorities.get(gemeente.code, []),
            "rows": figures.rows_of(gemeente.code),
            "wijken": wijken, "report": public_report(gemeente),
        }

    return _cached_page(gemeente, "overview", build)


@public_view
def wijk(request, gemeente, wijk_code: str):
    """One wijk: its priorities and every theme, as published."""

    if not WIJK_CODE.match(wijk_code):
        raise Http404(_("This page does not exist."))

    def build():
        figures = public_figures(gemeente)
        if figures is None:
            return None
        found = next((w for w in figures.wijken if w["code"] == wijk_code), None)
        if found is None:
            return None
        return {"template": "public/wijk.html", "figures": figures, "wijk": found,
                "priorities": figures.priorities.get(wijk_code, []), "rows": figures.rows_of(wijk_code)}

    return _cached_page(gemeente, "wijk-" + wijk_code, build)


@public_view
def report(request, gemeente):
    """The report the gemeente published (made with the public disclosure rules from its public run)."""
    found = public_report(gemeente)
    if found is None:
        raise Http404(_("This gemeente has not published a report yet."))
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The file of this report is no longer stored.")) from None
    return FileResponse(handle, as_attachment=found.format == "pdf", filename=Path(found.file.name).name,
                        content_type="application/pdf" if found.format == "pdf" else "text/html; charset=utf-8")


def _figures_or_404(gemeente):
    figures = public_figures(gemeente)
    if figures is None:
        raise Http404(_("This gemeente has not published figures yet."))
    return figures


def _download(content: str, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = 'attachment; filename="{}"'.format(name)
    response["Cache-Control"] = "public, max-age=300"
    return response


@public_view
def opendata_csv(request, gemeente):
    """``indicatoren.csv`` of the open-data export (the same rows as ``veiligheidsbeeld export opendata``)."""
    figures = _figures_or_404(gemeente)
    key = cache_key(gemeente, public_run(gemeente), "csv")
    text = cache.get(key)
    if text is None:
        text = opendata.csv_text(figures.rows)
        cache.set(key, text, CACHE_SECONDS)
    return _download(text, "text/csv; charset=utf-8", "indicatoren-{}.csv".format(gemeente.code))


@public_view
def opendata_json(request, gemeente):
    figures = _figures_or_404(gemeente)
    return _download(json.dumps(figures.rows, ensure_ascii=False, indent=1), "application/json",
                     "indicatoren-{}.json".format(gemeente.code))


@public_view
def module_csv(request, gemeente):
    """``module-indicatoren.csv``: the domain modules' indicators (the same rows as ``export opendata`` writes)."""
    figures = _figures_or_404(gemeente)
    return _download(opendata.csv_text(figures.module_rows, opendata.MODULE_COLUMNS), "text/csv; charset=utf-8",
                     "module-indicatoren-{}.csv".format(gemeente.code))


@public_view
def module_json(request, gemeente):
    figures = _figures_or_404(gemeente)
    return _download(json.dumps(figures.module_rows, ensure_ascii=False, indent=1), "application/json",
                     "module-indicatoren-{}.json".format(gemeente.code))


@public_view
def metadata_json(request, gemeente):
    figures = _figures_or_404(gemeente)
    return _download(json.dumps(figures.metadata, ensure_ascii=False, indent=2), "application/json",
                     "metadata-{}.json".format(gemeente.code))
