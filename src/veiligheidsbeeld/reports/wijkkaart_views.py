"""The wijkkaart pages (issue 20): the A4 sheet on the screen, and making its PDF (stored, then downloaded)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from veiligheidsbeeld.accounts.services import gemeenten_for
from veiligheidsbeeld.areas.models import Area, AreaGroup, AreaLevel

from .wijkkaart import WijkkaartError, build_wijkkaart, generate_wijkkaart, resolve_subject, screen_policy

__all__ = ["wijkkaart_group", "wijkkaart_group_pdf", "wijkkaart_page", "wijkkaart_pdf"]


def _subject(request, code, group=None):
    if not request.user.has_perm("reports.access_wijkkaart"):
        raise PermissionDenied(_("Your role has no access to the wijkkaart."))
    try:
        subject = resolve_subject(gemeenten_for(request.user), code, group)
    except WijkkaartError:
        raise Http404(_("Unknown area or no access.")) from None
    if not request.user.has_perm("reports.make_wijkkaart", subject.gemeente):
        raise PermissionDenied(_("Your role has no access to the wijkkaart."))
    return subject


def _others(subject) -> list[dict]:
    """Links to the gemeente's one-pager, its area groups and its wijken (navigation on the screen only)."""
    links = [{"name": subject.gemeente.name, "url": reverse("reports:wijkkaart", args=[subject.gemeente.code])}]
    for group in AreaGroup.objects.filter(gemeente=subject.gemeente).order_by("name"):
        links.append({"name": group.name, "url": reverse("reports:wijkkaart-group",
                                                         args=[subject.gemeente.code, group.slug])})
    wijken = Area.objects.current(subject.gemeente).filter(level=AreaLevel.WIJK).defer("geometry").order_by("code")
    links += [{"name": w.name, "url": reverse("reports:wijkkaart", args=[w.code])} for w in wijken]
    return [link for link in links if link["name"] != subject.name]


def _page(request, subject, generate_url):
    doc = build_wijkkaart(subject, policy=screen_policy(request.user, subject.gemeente), user=request.user)
    return render(request, "reports/wijkkaart.html", {
        "doc": doc, "generate_url": generate_url, "may_generate": True, "others": _others(subject),
        "state": {"gemeente": subject.gemeente},
    })


def _pdf(request, subject):
    report = generate_wijkkaart(subject, user=request.user)
    return redirect("reports:download", pk=report.pk)


@login_required
@require_GET
def wijkkaart_page(request, code: str):
    """The wijkkaart of a wijk (``WK...``) or the one-pager of a gemeente (``GM...``)."""
    subject = _subject(request, code)
    return _page(request, subject, reverse("reports:wijkkaart-pdf", args=[code]))


@login_required
@require_GET
def wijkkaart_group(request, code: str, slug: str):
    """The page of an area group (e.g. Groningen Noord) of gemeente ``code``: its dashboard page and one-pager."""
    subject = _subject(request, code, slug)
    return _page(request, subject, reverse("reports:wijkkaart-group-pdf", args=[code, slug]))


@login_required
@require_POST
def wijkkaart_pdf(request, code: str):
    """Make the PDF of the wijkkaart, store it with the reports and download it."""
    return _pdf(request, _subject(request, code))


@login_required
@require_POST
def wijkkaart_group_pdf(request, code: str, slug: str):
    return _pdf(request, _subject(request, code, slug))
