from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_roles(sender, using="default", **kwargs):
    """After `migrate`: the role groups with their permissions. Permissions of every app are
    created first (Django makes them app by app after migrating), so none is missing."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    from restrack.accounts.roles import sync_role_groups

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    sync_role_groups(apps)


class AccountsConfig(AppConfig):
    name = "restrack.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from rest_framework.authtoken.models import Token

        from restrack.accounts import checks  # noqa: F401  (registers the policy's system check)
        from restrack.core.guard import govern, govern_app

        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="restrack.accounts.sync_roles")
        govern_app(self)
        govern(Token)
