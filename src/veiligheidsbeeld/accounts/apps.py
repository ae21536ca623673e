from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "veiligheidsbeeld.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import api, otp_keys, permissions, signals  # noqa: F401  (rules, log-in audit, OpenAPI token scheme)

        otp_keys.install()  # TOTP seeds encrypted at rest (issue 15)
