from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "restrack.accounts"
    label = "accounts"
    verbose_name = "Accounts"
