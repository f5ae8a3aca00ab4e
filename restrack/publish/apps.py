from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PublishConfig(AppConfig):
    name = "restrack.publish"
    label = "publish"
    verbose_name = _("Public tracker")

    def ready(self):
        # The page cache forgets every stored answer after a public change (its receiver of
        # restrack.core.events.event_committed) and after migrations.
        from restrack.publish import page_cache

        post_migrate.connect(page_cache.forget_after_migrate, sender=self, dispatch_uid="restrack.publish.page_cache")
