from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EdReportConfig(AppConfig):
    name = "restrack.edreport"
    label = "edreport"
    verbose_name = _("Executive Director's report")

    def ready(self):
        from restrack.core.server_hooks import worker_started
        from restrack.edreport import checks  # noqa: F401  (registers the font check)
        from restrack.edreport.render.warm import warm_up_when_serving

        worker_started.connect(warm_up_when_serving, dispatch_uid="edreport-warm-up")
