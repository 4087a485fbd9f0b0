from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "mailwarden.web"
    label = "web"
    verbose_name = "mailwarden web panel"
