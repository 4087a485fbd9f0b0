from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "mailwarden.security"
    label = "security"
