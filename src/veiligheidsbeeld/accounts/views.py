"""Second-factor pages, the FG review of person-data reads, and the register of processing."""

from __future__ import annotations

import segno
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required, permission_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from veiligheidsbeeld.core import audit, processing_register
from veiligheidsbeeld.core.models import AuditEvent

from .forms import ReadReviewFilter, TokenForm

__all__ = ["LoginView", "otp_setup", "otp_verify", "processing_register_export", "processing_register_page", "read_review"]


class LoginView(auth_views.LoginView):
    """The password log-in, with the organisation-account button when OpenID Connect is configured."""

    template_name = "accounts/login.html"

    def get_context_data(self, **kwargs):
        from urllib.parse import urlencode

        from django.urls import reverse

        from . import oidc

        context = super().get_context_data(**kwargs)
        if oidc.enabled():
            target = context.get(self.redirect_field_name) or ""
            query = "?" + urlencode({"next": target}) if target else ""
            context["oidc_login_url"] = reverse("accounts:oidc-login") + query
        from veiligheidsbeeld.public.services import enabled_gemeenten

        context["public_gemeenten"] = list(enabled_gemeenten())  # issue 20: only those that turned it on
        return context


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


@login_required
def otp_verify(request):
    """Second step of the log-in: the TOTP code of the user's confirmed device."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    if not user_has_device(request.user):
        return redirect("accounts:otp-setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            with transaction.atomic():
                audit.record("otp_verified", actor=request.user, obj=request.user)
            return redirect(_next_url(request))
        with transaction.atomic():
            audit.record("otp_failed", actor=request.user, obj=request.user)
        form.add_error("token", _("This code is not valid (or was used already). Try the next one."))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next_url(request)})


#: Session key of the enrolment code a user redeemed (before the device is confirmed).
ENROLMENT_SESSION_KEY = "otp_enrolment"


def _session_enrolment(request):
    from .models import EnrolmentCode

    pk = request.session.get(ENROLMENT_SESSION_KEY)
    enrolment = EnrolmentCode.objects.filter(pk=pk, user=request.user).first() if pk else None
    return enrolment if enrolment is not None and enrolment.usable else None


@login_required
def otp_setup(request):
    """Set up the authenticator app, only with a one-time enrolment code from an administrator (never with the
    password alone): first the code (from the link ``?code=`` or typed), then a QR code (SVG made on the server)
    and the key, confirmed by one code of the app. The enrolment code is used up when the device is confirmed.

    Only while the user has no confirmed device; replacing a device goes through ``veiligheidsbeeld users totp``.
    """
    from . import services
    from .forms import EnrolmentForm

    if user_has_device(request.user):
        return redirect("accounts:otp-verify")
    enrolment = _session_enrolment(request)
    if enrolment is None:
        data = request.POST if "code" in request.POST else ({"code": request.GET["code"]} if "code" in request.GET
                                                              else None)
        form = EnrolmentForm(data)
        if data is not None and form.is_valid():
            enrolment = services.redeem_enrolment_code(request.user, form.cleaned_data["code"])
            if enrolment is not None:
                request.session[ENROLMENT_SESSION_KEY] = enrolment.pk
                with transaction.atomic():
                    audit.record("otp_enrolment_redeemed", actor=request.user, obj=request.user)
                from django.urls import reverse
                from django.utils.http import urlencode

                return redirect("{}?{}".format(reverse("accounts:otp-setup"), urlencode({"next": _next_url(request)})))
            with transaction.atomic():
                audit.record("otp_enrolment_refused", actor=request.user, obj=request.user)
            form.add_error("code", _("This enrolment code is not valid: it is wrong, expired or used already. "
                                     "Ask your administrator for a new one."))
        return render(request, "accounts/otp_enrol.html", {"form": form, "next": _next_url(request)})
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="default", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                enrolment.used_at = timezone.now()
                enrolment.save(update_fields=["used_at"])
                audit.record("otp_device_confirmed", actor=request.user, obj=request.user)
            request.session.pop(ENROLMENT_SESSION_KEY, None)
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("token", _("This code does not match. Check the time on your phone and try again."))
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "next": _next_url(request),
        "qr_svg": mark_safe(qr.svg_inline(scale=5, dark="#000", light="#fff")),
        "secret": _base32(device.bin_key),
    }
    return render(request, "accounts/otp_setup.html", context)


def _base32(key: bytes) -> str:
    import base64

    return base64.b32encode(key).decode("ascii").rstrip("=")


@login_required
@permission_required("accounts.review_audit", raise_exception=True)
def read_review(request):
    """For the FG: who looked at which person, when, and why (reads of person data from the audit log)."""
    form = ReadReviewFilter(request.GET or None)
    events = AuditEvent.objects.filter(action=audit.PERSON_READ).order_by("-created_at")
    if form.is_valid():
        data = form.cleaned_data
        if data["person"]:
            events = events.filter(object_id=data["person"])
        if data["actor"]:
            events = events.filter(actor_label=data["actor"])
        if data["since"]:
            events = events.filter(created_at__date__gte=data["since"])
        if data["until"]:
            events = events.filter(created_at__date__lte=data["until"])
    problem = audit.check()
    return render(
        request, "accounts/read_review.html", {"form": form, "events": events[:500], "problem": problem}
    )


@login_required
@permission_required("accounts.view_processing_register", raise_exception=True)
def processing_register_page(request):
    register = processing_register.load_register()
    return render(request, "accounts/processing_register.html", {"register": register})


@login_required
@permission_required("accounts.view_processing_register", raise_exception=True)
def processing_register_export(request, fmt: str):
    register = processing_register.load_register()
    if fmt == "json":
        response = HttpResponse(processing_register.to_json(register), content_type="application/json")
    elif fmt == "csv":
        response = HttpResponse(processing_register.to_csv(register), content_type="text/csv; charset=utf-8")
    else:
        raise Http404(_("Unknown format."))
    response["Content-Disposition"] = 'attachment; filename="verwerkingsregister.{}"'.format(fmt)
    return response
