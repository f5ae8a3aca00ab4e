from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "restrack.core"
    label = "core"
    verbose_name = "Restrack core"
