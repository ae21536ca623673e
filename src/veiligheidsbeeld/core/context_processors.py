"""Template context shared by every page."""

from django.conf import settings

import veiligheidsbeeld


def site(request):
    return {"vb_version": veiligheidsbeeld.__version__, "vb_basemap_url": settings.BASEMAP_URL}
