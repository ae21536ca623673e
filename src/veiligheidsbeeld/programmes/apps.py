from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "veiligheidsbeeld.programmes"
    label = "programmes"
    verbose_name = _("Implementation programme")

    def ready(self):
        from . import permissions  # noqa: F401  (registers the programme permissions with rules)
