"""Framework pages: the current framework, its versions with decisions and differences, and recording a change."""

from __future__ import annotations

import rules
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veiligheidsbeeld.accounts.services import gemeenten_for

from .diff import diff_frameworks
from .forms import handle_change
from .versioning import current_framework, versions

#: The Dutch names of the sections and fields a difference names (the keys of the framework file).
LABELS = {
    "title": gettext_lazy("Title"), "period_start": gettext_lazy("First year"),
    "period_end": gettext_lazy("Last year"), "mission": gettext_lazy("Mission"),
    "principles": gettext_lazy("Principles"), "priorities": gettext_lazy("Priorities"),
    "monitored": gettext_lazy("Monitored without priority"), "partners": gettext_lazy("Partners"),
    "area_groups": gettext_lazy("Area groups"), "finances": gettext_lazy("Finances"),
    "changes": gettext_lazy("Decisions"), "ambition": gettext_lazy("Goal (ambition)"),
    "reasons": gettext_lazy("Why"), "actions": gettext_lazy("How we get there"),
    "themes": gettext_lazy("Themes in focus"), "order": gettext_lazy("Order"), "summary": gettext_lazy("Summary"),
    "name": gettext_lazy("Name"), "role": gettext_lazy("Role"), "wijken": gettext_lazy("Wijken"),
    "reason": gettext_lazy("Reason"), "amount_eur": gettext_lazy("Amount (euro)"),
}


def _shown(value):
    """A value of a difference as a person reads it: a record by its title or name, a list as a sentence."""
    if isinstance(value, dict):
        return value.get("title") or value.get("name") or value.get("code") or ""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(_shown(v)) for v in value)
    return value


def labelled(differences) -> list[dict]:
    """Differences with Dutch section and field names for the page."""
    return [
        {"section": LABELS.get(d.section, d.section), "item": d.item, "field": LABELS.get(d.field, d.field),
         "kind": d.kind, "old": _shown(d.old), "new": _shown(d.new)}
        for d in differences
    ]


class _Page:
    def __init__(self, gemeente, framework, can_edit):
        self.gemeente, self.framework, self.can_edit = gemeente, framework, can_edit

    def query(self) -> str:
        return f"gemeente={self.gemeente.code}"


def _page(request) -> _Page:
    allowed = gemeenten_for(request.user)
    code = request.GET.get("gemeente")
    gemeente = allowed.filter(code=code).first() if code else allowed.first()
    if gemeente is None:
        raise Http404(_("No gemeente available for this account."))
    if not rules.has_perm("programmes.view_programme", request.user, gemeente):
        raise PermissionDenied(_("Your role has no access to the framework pages."))
    framework = current_framework(gemeente)
    if framework is None:
        raise Http404(_("This gemeente has no framework yet."))
    return _Page(gemeente, framework, rules.has_perm("programmes.change_programme", request.user, gemeente))


@login_required
def framework_page(request):
    page = _page(request)
    return render(request, "frameworks/framework.html", {"page": page, "state": page, "content": page.framework.content})


@login_required
def versions_page(request):
    page = _page(request)
    all_versions = list(versions(page.framework))
    by_number = {v.version: v for v in all_versions}
    new = by_number.get(_int(request.GET.get("nieuw")), all_versions[0])
    old = by_number.get(_int(request.GET.get("oud")))
    if old is None:
        old = next((v for v in all_versions if v.version < new.version), None)
    differences = labelled(diff_frameworks(old, new)) if old else []
    context = {"page": page, "state": page, "versions": all_versions, "old": old, "new": new, "differences": differences,
               "version_link": "?" + page.query()}
    return render(request, "frameworks/versions.html", context)


def _int(value):
    return int(value) if value and value.isdigit() else None


@login_required
def change_page(request):
    page = _page(request)
    if not page.can_edit:
        raise PermissionDenied(_("Only a policy advisor changes the framework."))
    formset, decision, new = handle_change(request, page.framework)
    if new is not None:
        return redirect("{}?{}".format(reverse("frameworks:versions"), page.query()))
    return render(request, "frameworks/change.html", {
        "page": page, "state": page, "formset": formset, "decision": decision,
    })
