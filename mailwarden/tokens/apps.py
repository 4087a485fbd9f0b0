from django.apps import AppConfig


class TokensConfig(AppConfig):
    name = "mailwarden.tokens"
    label = "tokens"
