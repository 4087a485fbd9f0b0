"""A trigram index for substring search over addresses (``mailwarden.addresses.search``)."""

from django.db import migrations

from mailwarden.addresses.search import create_search_index, drop_search_index


def _create(apps, schema_editor):
    create_search_index(schema_editor.connection)


def _drop(apps, schema_editor):
    drop_search_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("addresses", "0002_domain_list_index")]

    operations = [migrations.RunPython(_create, _drop)]
