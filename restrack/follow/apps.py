from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowConfig(AppConfig):
    name = "restrack.follow"
    label = "follow"
    verbose_name = _("Following by e-mail")

    def ready(self):
        from restrack.core.guard import govern_app
        from restrack.follow import receivers  # noqa: F401 - hangs the digests and alerts on events

        govern_app(self)  # written by restrack.follow.actions only
