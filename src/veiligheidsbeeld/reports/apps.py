from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "veiligheidsbeeld.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from veiligheidsbeeld.core.modules import register

        from . import permissions  # noqa: F401  (registers the report permissions with rules)
        from . import wijkkaart_permissions  # noqa: F401  (issue 20)
        from .module import MODULE

        register(MODULE)  # the notification that a report asked for is ready (issue 20)
