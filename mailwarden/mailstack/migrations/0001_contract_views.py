"""Creates the views Postfix and Dovecot read (mailwarden.mailstack.schema)."""

from django.db import migrations

from mailwarden.mailstack.schema import create_views, drop_views


def forwards(apps, schema_editor):
    create_views(schema_editor.connection)


def backwards(apps, schema_editor):
    drop_views(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("domains", "0001_initial"),
        ("addresses", "0001_initial"),
        ("mailboxes", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
