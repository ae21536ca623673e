from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnderminingConfig(AppConfig):
    name = "veiligheidsbeeld.undermining"
    label = "undermining"
    verbose_name = _("Undermining")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from veiligheidsbeeld.core.modules import register

        from . import permissions  # noqa: F401  (registers the rules)
        from .module import MODULE

        register(MODULE)
