from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IngestConfig(AppConfig):
    name = "restrack.ingest"
    label = "ingest"
    verbose_name = _("Report import")

    def ready(self):
        from restrack.core.guard import govern_app

        govern_app(self)  # written by restrack.ingest.actions only
