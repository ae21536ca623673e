"""The beheer screens (issue 21): thin views over :mod:`.services`, for the beheerder role only."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veiligheidsbeeld.accounts.models import ApiToken

from . import services
from .forms import AccountForm, AreaUploadForm, OrganisationForm, RetentionForm, TokenForm

__all__ = ["account", "account_create", "accounts", "areas", "framework", "framework_change", "organisations", "public_pages", "retention", "themes",
           "token_create", "token_revoke", "tokens"]


def beheerder_only(view):
    """The beheerder role (``accounts.manage_users``); objects outside the beheerder's gemeenten are a 404."""

    @login_required
    @permission_required("accounts.manage_users", raise_exception=True)
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except services.NotManaged as error:
            raise Http404 from error

    return wrapped


def _enrolment_link(request, code: str) -> str:
    return request.build_absolute_uri(reverse("accounts:otp-setup")) + "?" + urlencode({"code": code})


@beheerder_only
def accounts(request):
    return render(request, "beheer/accounts.html", {
        "accounts": services.managed_accounts(request.user).prefetch_related("profile__gemeenten"),
        "section": "accounts",
    })


@beheerder_only
def account_create(request):
    form = AccountForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, password, code = services.create_account(
                actor=request.user, username=data["username"], role=data["role"],
                organisation=data["organisation"], gemeenten=list(data["gemeenten"]), email=data["email"],
            )
        except ValueError:
            form.add_error("username", _("An account with this username exists already."))
        else:
            return render(request, "beheer/account.html", _account_context(request, user) | {
                "password": password, "enrolment_link": _enrolment_link(request, code), "enrolment_code": code,
            })
    return render(request, "beheer/account_form.html", {"form": form, "section": "accounts"})


def _account_context(request, user) -> dict:
    return {
        "account": user,
        "tokens": ApiToken.objects.filter(user=user).prefetch_related("gemeenten"),
        "section": "accounts",
    }


@beheerder_only
def account(request, pk):
    """An account; POST ``action=deactivate|activate|enrol``."""
    user = services.managed_account(request.user, pk)
    extra = {}
    if request.method == "POST":
        action = request.POST.get("action")
        if action in ("deactivate", "activate"):
            try:
                services.set_active(actor=request.user, user=user, active=action == "activate")
            except ValueError:
                messages.error(request, _("You cannot deactivate your own account."))
            else:
                messages.success(request, _("Account deactivated.") if action == "deactivate"
                                 else _("Account activated."))
            return redirect("beheer:account", pk=user.pk)
        if action == "enrol":
            code = services.issue_enrolment(actor=request.user, user=user)
            extra = {"enrolment_link": _enrolment_link(request, code), "enrolment_code": code}
    return render(request, "beheer/account.html", _account_context(request, user) | extra)


@beheerder_only
def token_create(request, pk):
    user = services.managed_account(request.user, pk)
    form = TokenForm(request.POST or None, actor=request.user, account=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            token, plaintext = services.issue_token(
                actor=request.user, user=user, name=data["name"], scopes=data["scopes"],
                gemeenten=list(data["gemeenten"]), days=data["days"],
            )
        except ValueError as error:
            form.add_error(None, str(error))
        else:
            return render(request, "beheer/token_created.html", {
                "account": user, "token": token, "plaintext": plaintext, "section": "tokens",
            })
    return render(request, "beheer/token_form.html", {"form": form, "account": user, "section": "tokens"})


@beheerder_only
def tokens(request):
    return render(request, "beheer/tokens.html", {
        "tokens": services.managed_tokens(request.user), "section": "tokens",
    })


@beheerder_only
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(services.managed_tokens(request.user), pk=pk)
    services.revoke_token(actor=request.user, token=token)
    messages.success(request, _("Token revoked."))
    return redirect("beheer:tokens")


@beheerder_only
def retention(request):
    form = RetentionForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.set_retention_days(
                    actor=request.user, category=form.cleaned_data["category"], days=form.cleaned_data["days"]
                )
            except ValueError:
                raise Http404 from None
            messages.success(request, _("Retention period saved."))
            return redirect("beheer:retention")
        messages.error(request, _("Enter a number of days from 1 to %(max)d.") % {"max": services.MAX_RETENTION_DAYS})
    return render(request, "beheer/retention.html", {
        "rows": services.retention_rows(), "max_days": services.MAX_RETENTION_DAYS, "section": "retention",
    })


@beheerder_only
def public_pages(request):
    """The public veiligheidsbeeld of each of the beheerder's gemeenten: on or off (issue 20, ADR 0018)."""
    if request.method == "POST":
        enabled = request.POST.get("enabled") == "1"
        services.set_public_pages(actor=request.user, code=request.POST.get("gemeente", ""), enabled=enabled)
        messages.success(request, _("The public pages are on.") if enabled else _("The public pages are off."))
        return redirect("beheer:public")
    return render(request, "beheer/public.html", {"rows": services.public_rows(request.user), "section": "public"})


@beheerder_only
def organisations(request):
    form = OrganisationForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.create_organisation(
                actor=request.user, name=data["name"], kind=data["kind"], gemeenten=list(data["gemeenten"])
            )
        except ValueError:
            form.add_error("name", _("An organisation of this kind with this name exists already."))
        else:
            messages.success(request, _("Organisation added."))
            return redirect("beheer:organisations")
    return render(request, "beheer/organisations.html", {
        "organisations": services.managed_organisations(request.user).prefetch_related("gemeenten"),
        "form": form, "section": "organisations",
    })


@beheerder_only
def themes(request):
    from veiligheidsbeeld.frameworks.models import SourceCategory, Theme

    return render(request, "beheer/themes.html", {
        "themes": Theme.objects.select_related("parent").order_by("order"),
        "categories": SourceCategory.objects.select_related("theme").order_by("system", "code"),
        "section": "themes",
    })


@beheerder_only
def areas(request):
    """The area register: upload the CBS files (the code path of ``gemeente setup``), see what it holds."""
    form = AreaUploadForm(request.POST or None, request.FILES or None, actor=request.user)
    result = refusal = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.import_area_files(
                actor=request.user, code=data["gemeente"], files=data["files"], year=data["year"]
            )
        except services.AreaUploadError as error:
            refusal = error
        else:
            form = AreaUploadForm(actor=request.user)
    return render(request, "beheer/areas.html", {
        "form": form, "result": result, "refusal": refusal, "rows": services.area_summary(request.user),
        "section": "areas",
    })


def _managed_framework(request):
    """The current framework of the beheerder's gemeente named by ``?gemeente=`` (their first one by default)."""
    from veiligheidsbeeld.frameworks.versioning import current_framework

    own = services.managed_gemeenten(request.user).order_by("name")
    code = request.GET.get("gemeente")
    gemeente = own.filter(code=code).first() if code else own.first()
    if gemeente is None:
        raise Http404(_("No gemeente available for this account."))
    return gemeente, current_framework(gemeente)


@beheerder_only
def framework(request):
    """The framework of each of the beheerder's gemeenten with its versions and the decisions that made them."""
    from veiligheidsbeeld.frameworks.versioning import current_framework, versions

    rows = []
    for gemeente in services.managed_gemeenten(request.user).order_by("name"):
        current = current_framework(gemeente)
        rows.append({"gemeente": gemeente, "framework": current,
                     "versions": list(versions(current)) if current else []})
    return render(request, "beheer/framework.html", {"rows": rows, "section": "framework"})


@beheerder_only
def framework_change(request):
    """Record a framework change by form (issue 21, item 2): priorities, goals, themes, order and the decision."""
    from veiligheidsbeeld.frameworks.forms import handle_change

    gemeente, current = _managed_framework(request)
    if current is None:
        raise Http404(_("This gemeente has no framework yet."))
    formset, decision, new = handle_change(request, current)
    if new is not None:
        messages.success(request, _("Version %(version)d of the framework is stored with its decision.")
                         % {"version": new.version})
        return redirect("beheer:framework")
    return render(request, "beheer/framework_change.html", {
        "gemeente": gemeente, "framework": current, "formset": formset, "decision": decision,
        "section": "framework",
    })
