"""Requests per client address on the public pages (``settings.PUBLIC_RATE_LIMIT``, e.g. ``60/min``).

The counting is Django REST framework's :class:`~rest_framework.throttling.SimpleRateThrottle` (the API's
throttles use it too, ``accounts/api.py``), keyed by the client address as the rest of the application sees it
(:func:`veiligheidsbeeld.accounts.middleware.client_address`: ``X-Forwarded-For`` only behind trusted proxies, so
a client cannot dodge the limit by sending the header itself).
"""

from __future__ import annotations

from django.conf import settings
from rest_framework import throttling

from veiligheidsbeeld.accounts.middleware import client_address

__all__ = ["DEFAULT_RATE", "PublicRateThrottle"]

DEFAULT_RATE = "60/min"


class PublicRateThrottle(throttling.SimpleRateThrottle):
    scope = "public"

    def get_rate(self):
        return getattr(settings, "PUBLIC_RATE_LIMIT", DEFAULT_RATE)

    def get_cache_key(self, request, view=None):
        return self.cache_format % {"scope": self.scope, "ident": client_address(request) or "unknown"}
