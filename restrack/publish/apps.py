from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishConfig(AppConfig):
    name = "restrack.publish"
    label = "publish"
    verbose_name = _("Public tracker")
