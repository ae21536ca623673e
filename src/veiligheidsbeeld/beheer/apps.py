from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BeheerConfig(AppConfig):
    name = "veiligheidsbeeld.beheer"
    label = "beheer"
    verbose_name = _("Administration")

    def ready(self):
        from django.contrib import admin

        from veiligheidsbeeld.core.modules import register

        from .module import MODULE

        register(MODULE)
        # Issue 21: the Django admin (at /django-admin/) is for superusers only; the beheerder uses /beheer/.
        admin.site.has_permission = lambda request: bool(request.user.is_active and request.user.is_superuser)
