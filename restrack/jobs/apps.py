from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "restrack.jobs"
    label = "jobs"
    verbose_name = _("Jobs")

    def ready(self):
        from restrack.core.guard import govern_app
        from restrack.jobs.queue import configure

        govern_app(self)  # job records are written by restrack.jobs.actions only
        configure()
