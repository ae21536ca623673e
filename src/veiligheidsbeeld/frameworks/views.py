"""Framework pages: the current framework, its versions with decisions and differences, and recording a change."""

from __future__ import annotations

import rules
from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veiligheidsbeeld.accounts.services import gemeenten_for

from .diff import diff_frameworks
from .models import DecisionBody
from .versioning import FrameworkEditError, current_framework, framework_as_yaml, record_change, versions


class ChangeForm(forms.Form):
    """A new framework version (the edited text) and the decision behind it."""

    text = forms.CharField(label=gettext_lazy("framework (YAML)"), widget=forms.Textarea(attrs={"rows": 30}))
    date = forms.DateField(label=gettext_lazy("decision date"), widget=forms.DateInput(attrs={"type": "date"}))
    body = forms.ChoiceField(label=gettext_lazy("decided by"), choices=DecisionBody.choices)
    reason = forms.CharField(label=gettext_lazy("reason"), widget=forms.Textarea(attrs={"rows": 3}))
    document_reference = forms.CharField(label=gettext_lazy("document reference"), max_length=300)


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
    differences = diff_frameworks(old, new) if old else []
    context = {"page": page, "state": page, "versions": all_versions, "old": old, "new": new, "differences": differences}
    return render(request, "frameworks/versions.html", context)


def _int(value):
    return int(value) if value and value.isdigit() else None


@login_required
def change_page(request):
    page = _page(request)
    if not page.can_edit:
        raise PermissionDenied(_("Only a policy advisor changes the framework."))
    form = ChangeForm(request.POST or None, initial={"text": framework_as_yaml(page.framework)})
    if request.method == "POST" and form.is_valid():
        try:
            record_change(page.framework, actor=request.user, **form.cleaned_data)
        except FrameworkEditError as exc:
            form.add_error("text", str(exc))
        else:
            return redirect("{}?{}".format(reverse("frameworks:versions"), page.query()))
    return render(request, "frameworks/change.html", {"page": page, "state": page, "form": form})
