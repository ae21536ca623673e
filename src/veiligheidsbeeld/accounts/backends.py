"""Authentication backend with lock-out after repeated failures (django-axes), and its OpenID Connect exemption."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend

__all__ = ["LockoutBackend", "is_oidc_callback"]


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lock-out check for log-ins over HTTP.

    Lock-out protects the web log-in against guessing; ``authenticate()`` without a request comes from code in
    the process itself (management commands, the test client), which has no address to lock out, so it is left
    to the next backend instead of being refused.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def is_oidc_callback(request, credentials=None) -> bool:
    """``AXES_WHITELIST_CALLABLE``: the OpenID Connect callback is not a password attempt.

    Its failures are refusals of an identity the provider already checked (and guards against guessing);
    counting them would lock out everyone behind the same address. They are audited instead.
    """
    from django.urls import reverse

    from . import oidc

    if not oidc.enabled() or (credentials or {}).get("password"):
        return False
    return request.path_info == reverse("accounts:oidc-callback")
