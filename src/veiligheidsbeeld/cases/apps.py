from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "veiligheidsbeeld.cases"
    label = "cases"
    verbose_name = _("Case coordination")

    def ready(self):
        from veiligheidsbeeld.core.modules import DomainModule, NavItem, RetentionCategory, register

        from . import permissions  # noqa: F401  (registers the rules)
        from .demo import build_demo_cases
        from .indicators import module_indicators
        from .module import PROCESSING_ACTIVITY, RETENTION_CATEGORY, inzage, retention_handler, todos

        register(
            DomainModule(
                "cases",
                nav=(
                    NavItem(_("Cases"), "cases:list", "cases.access_cases", "cases"),
                    NavItem(_("Case figures"), "cases:figures", "cases.view_figures", "cases"),
                    NavItem(_("Inzage"), "cases:inzage", "cases.inzage", "cases"),
                ),
                todos=todos,
                inzage=inzage,
                demo=build_demo_cases,
                retention=(RetentionCategory(RETENTION_CATEGORY, "anonymised (statistical residue)", 730,
                                             retention_handler, _("closed cases")),),
                processing_activities=(PROCESSING_ACTIVITY,),
                indicators=module_indicators,
            )
        )
