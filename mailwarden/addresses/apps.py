from django.apps import AppConfig


class AddressesConfig(AppConfig):
    name = "mailwarden.addresses"
    label = "addresses"
