from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicOrderConfig(AppConfig):
    name = "veiligheidsbeeld.publicorder"
    label = "publicorder"
    verbose_name = _("Public order and youth")

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules)
        from .module import register_module

        register_module()
