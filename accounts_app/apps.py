"""App config for users, roles and API tokens."""

from django.apps import AppConfig


class AccountsAppConfig(AppConfig):
    name = "accounts_app"
    verbose_name = "Accounts"
