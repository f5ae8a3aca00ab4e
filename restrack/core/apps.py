from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "restrack.core"
    label = "core"
    verbose_name = "Restrack core"

    def ready(self):
        from restrack.core.guard import govern_app

        govern_app(self)  # events are written by restrack.core.events.emit, inside actions
