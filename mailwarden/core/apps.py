from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mailwarden.core"
    label = "core"
