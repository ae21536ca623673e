"""Authentication backend with lock-out after repeated failures (django-axes)."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend

__all__ = ["LockoutBackend"]


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
