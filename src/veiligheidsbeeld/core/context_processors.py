"""Template context shared by every page."""

from django.conf import settings

import veiligheidsbeeld


def site(request):
    return {
        "vb_version": veiligheidsbeeld.__version__,
        "vb_basemap_url": settings.TILE_URL,
        "vb_basemap_attribution": settings.TILE_ATTRIBUTION,
    }


def domain_modules(request):
    """The navigation entries of the registered domain modules (:mod:`veiligheidsbeeld.core.modules`)."""
    from .modules import nav_items

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"vb_module_nav": []}
    return {"vb_module_nav": nav_items(user)}
