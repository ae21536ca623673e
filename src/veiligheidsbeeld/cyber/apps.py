from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CyberConfig(AppConfig):
    name = "veiligheidsbeeld.cyber"
    label = "cyber"
    verbose_name = _("Digital security")

    def ready(self):
        from veiligheidsbeeld.core.modules import register

        from . import permissions  # noqa: F401  (registers the cyber permissions with rules)
        from .module import MODULE

        register(MODULE)
