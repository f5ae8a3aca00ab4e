from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "restrack.core"
    label = "core"
    verbose_name = "Restrack core"

    def ready(self):
        from restrack.core import segmentation
        from restrack.core.guard import govern_app
        from restrack.core.server_hooks import worker_started

        govern_app(self)  # events are written by restrack.core.events.emit, inside actions
        worker_started.connect(segmentation.load_when_serving, dispatch_uid="core-segmentation")
