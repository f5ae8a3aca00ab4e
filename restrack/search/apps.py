from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "restrack.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        # Connected here, once every model they listen to is registered.
        from restrack.search import signals

        signals.connect(self)
