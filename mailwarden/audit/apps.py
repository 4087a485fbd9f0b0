from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "mailwarden.audit"
    label = "audit"
