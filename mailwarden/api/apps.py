from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "mailwarden.api"
    label = "api"
