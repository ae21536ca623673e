"""Production settings: the base settings plus transport security. ``DEBUG`` stays off."""

from .base import *  # noqa: F401,F403
from .base import DEBUG

if DEBUG:  # pragma: no cover - a guard, not a feature
    raise RuntimeError("DEBUG must be off with veiligheidsbeeld.conf.production")

SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
