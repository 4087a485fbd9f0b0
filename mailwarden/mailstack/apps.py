from django.apps import AppConfig


class MailstackConfig(AppConfig):
    name = "mailwarden.mailstack"
    label = "mailstack"
