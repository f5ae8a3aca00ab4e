from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "restrack.registry"
    label = "registry"
    verbose_name = _("Registry")

    def ready(self):
        from restrack.core.guard import govern_app

        govern_app(self)  # written by restrack.registry.actions only
