from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "restrack.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        # Connected here rather than at import time so that the receivers exist exactly once,
        # after every model they listen to is registered.
        from restrack.search import signals

        signals.connect()
