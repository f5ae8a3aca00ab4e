from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "restrack.reporting"
    label = "reporting"
    verbose_name = _("Reporting")

    def ready(self):
        from restrack.core.guard import govern_app

        govern_app(self)  # written by restrack.reporting.actions only

        from restrack.registry.models import listing_place_changed
        from restrack.reporting.models import follow_listing_place

        # An instrument or session that moves in the report order moves its updates with it.
        listing_place_changed.connect(follow_listing_place, dispatch_uid="reporting.follow_listing_place")
