from django.apps import AppConfig


class DomainsConfig(AppConfig):
    name = "mailwarden.domains"
    label = "domains"
