"""App config for the asset catalog."""

from django.apps import AppConfig


class AssetsAppConfig(AppConfig):
    name = "assets_app"
    verbose_name = "Assets"
