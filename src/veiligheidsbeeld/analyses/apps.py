from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysesConfig(AppConfig):
    name = "veiligheidsbeeld.analyses"
    label = "analyses"
    verbose_name = _("Analyses")

    def ready(self):
        from . import permissions  # noqa: F401  (registers the alert follow-up permissions with rules)
