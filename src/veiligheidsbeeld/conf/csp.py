"""The Content-Security-Policy of every page, and the base-map tile service it may allow.

Everything comes from the application itself (no inline script or style, no CDN). The one exception is an
optional base map behind the choropleth (``VEILIGHEIDSBEELD_TILE_URL``, e.g. the PDOK BRT-Achtergrondkaart): when
it is set, its origin, and nothing more, is added to ``img-src``; when it is empty (the default, for closed
networks) the policy allows no other origin at all.

Example::

    >>> policy = content_security_policy("https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/grijs/EPSG:3857/{z}/{x}/{y}.png")
    >>> policy["DIRECTIVES"]["img-src"]
    ["'self'", 'data:', 'https://service.pdok.nl']
    >>> content_security_policy("")["DIRECTIVES"]["img-src"]
    ["'self'", 'data:']
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

__all__ = ["content_security_policy", "tile_attribution", "tile_origin"]

#: The attribution shown on the map for tile services whose terms we know (the host ends with the key).
KNOWN_ATTRIBUTIONS = {
    "pdok.nl": "Kaartgegevens &copy; Kadaster (PDOK BRT-Achtergrondkaart)",
}


def tile_origin(tile_url: str) -> str:
    """The origin (``scheme://host[:port]``) of a tile URL template; ValueError for anything but http(s) with a
    host, or a template without ``{z}``, ``{x}`` and ``{y}``."""
    parts = urlsplit(tile_url)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise ValueError("tile URL must start with https:// and a host name: {!r}".format(tile_url))
    missing = [p for p in ("{z}", "{x}", "{y}") if p not in tile_url]
    if missing:
        raise ValueError("tile URL template lacks {}: {!r}".format(", ".join(missing), tile_url))
    return "{}://{}".format(parts.scheme, parts.netloc)


def tile_attribution(tile_url: str, configured: str = "") -> str:
    """The attribution for the map corner: the configured text, else the known one for the service, else ''."""
    if configured or not tile_url:
        return configured
    host = urlsplit(tile_url).hostname or ""
    for suffix, text in KNOWN_ATTRIBUTIONS.items():
        if host == suffix or host.endswith("." + suffix):
            return text
    return ""


def content_security_policy(tile_url: str = "") -> dict:
    """The django-csp 4 policy; ``tile_url`` (may be empty) adds its origin to ``img-src`` only."""
    img_src = ["'self'", "data:"]
    if tile_url:
        try:
            img_src.append(tile_origin(tile_url))
        except ValueError as error:
            raise ImproperlyConfigured("VEILIGHEIDSBEELD_TILE_URL: {}".format(error)) from error
    return {
        "DIRECTIVES": {
            "default-src": ["'self'"],
            "script-src": ["'self'"],
            "style-src": ["'self'"],
            "img-src": img_src,
            "font-src": ["'self'"],
            "connect-src": ["'self'"],
            "object-src": ["'none'"],
            "base-uri": ["'self'"],
            "frame-ancestors": ["'none'"],
            "form-action": ["'self'"],
        }
    }
