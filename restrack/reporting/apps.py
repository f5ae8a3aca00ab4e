from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "restrack.reporting"
    label = "reporting"
    verbose_name = _("Reporting")

    def ready(self):
        from restrack.core.guard import govern_app

        govern_app(self)  # written by restrack.reporting.actions only
