from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EdReportConfig(AppConfig):
    name = "restrack.edreport"
    label = "edreport"
    verbose_name = _("Executive Director's report")

    def ready(self):
        from restrack.edreport import checks  # noqa: F401  (registers the font check)
        from restrack.edreport.render import warm  # noqa: F401  (the task queue's workers warm up as they start)
