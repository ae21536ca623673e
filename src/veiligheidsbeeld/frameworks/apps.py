from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrameworksConfig(AppConfig):
    name = "veiligheidsbeeld.frameworks"
    label = "frameworks"
    verbose_name = _("Frameworks and themes")

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(_sync_reference_data, sender=self)


def _sync_reference_data(sender, **kwargs):
    """Themes and source mappings ship with the package: keep the database in step after every migrate."""
    from .services import sync_reference_data

    sync_reference_data()
