from django.apps import AppConfig


class MailboxesConfig(AppConfig):
    name = "mailwarden.mailboxes"
    label = "mailboxes"
