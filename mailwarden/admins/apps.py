from django.apps import AppConfig


class AdminsConfig(AppConfig):
    name = "mailwarden.admins"
    label = "admins"
