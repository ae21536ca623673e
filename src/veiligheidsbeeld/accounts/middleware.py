"""Request middleware: the mandatory second factor, and the audit context (client address)."""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from veiligheidsbeeld.core import audit

from .permissions import requires_second_factor

__all__ = ["AuditContextMiddleware", "SecondFactorMiddleware", "client_address"]

#: URL names a user who still has to pass the second factor may open.
SECOND_FACTOR_OPEN = {"login", "logout", "accounts:otp-verify", "accounts:otp-setup"}


def client_address(request) -> str | None:
    """The client's address: ``REMOTE_ADDR``, or behind ``settings.TRUSTED_PROXY_COUNT`` reverse proxies the
    address that many places from the right of ``X-Forwarded-For`` (what the nearest trusted proxy saw); the
    lock-out (django-axes) is configured to use the same address."""
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "") if count else ""
    if forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR") or None


class AuditContextMiddleware:
    """Audit events written while handling a request carry the client's address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with audit.request_context(client_address(request)):
            return self.get_response(request)


class SecondFactorMiddleware:
    """Users whose role requires a second factor reach nothing but the TOTP pages until they pass it.

    Runs after ``django_otp.middleware.OTPMiddleware`` (which provides ``user.is_verified()``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and requires_second_factor(user) and not user.is_verified():
            path = request.path_info
            if path.startswith(settings.STATIC_URL):
                return self.get_response(request)
            if path.startswith("/api/"):
                return JsonResponse({"detail": "A second factor (TOTP) is required."}, status=403)
            name = self._url_name(path)
            if name not in SECOND_FACTOR_OPEN:
                from django_otp import user_has_device

                target = "accounts:otp-verify" if user_has_device(user) else "accounts:otp-setup"
                return redirect("{}?{}".format(reverse(target), urlencode({"next": request.get_full_path()})))
        return self.get_response(request)

    @staticmethod
    def _url_name(path: str) -> str | None:
        from django.urls import Resolver404, resolve

        try:
            return resolve(path).view_name
        except Resolver404:
            return None
