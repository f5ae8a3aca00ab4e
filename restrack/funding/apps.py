from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "restrack.funding"
    label = "funding"
    verbose_name = _("Funding")

    def ready(self):
        from restrack.core.guard import govern_app

        govern_app(self)  # written by restrack.funding.actions only
