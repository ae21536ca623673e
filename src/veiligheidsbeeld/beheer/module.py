"""The beheer screens as a domain module: one navigation entry for the beheerder."""

from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.core.modules import DomainModule, NavItem

MODULE = DomainModule(
    name="beheer",
    nav=(NavItem(_("Administration"), "beheer:accounts", "accounts.manage_users", app_name="beheer"),),
)
