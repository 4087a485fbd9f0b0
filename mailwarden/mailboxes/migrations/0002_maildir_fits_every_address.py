"""Widens maildir: the longest valid address with a hash suffix needs 328 characters.

The mail-stack views read this table, so they are dropped and created again around the
change (PostgreSQL refuses to alter a column a view uses; SQLite rebuilds the table).
"""

from django.db import migrations, models

from mailwarden.mailstack.schema import create_views, drop_views


def _drop(apps, schema_editor):
    drop_views(schema_editor.connection)


def _create(apps, schema_editor):
    create_views(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("mailboxes", "0001_initial"),
        ("mailstack", "0001_contract_views"),
    ]

    operations = [
        migrations.RunPython(_drop, _create),
        migrations.AlterField(
            model_name="mailbox",
            name="maildir",
            field=models.CharField(max_length=400, unique=True),
        ),
        migrations.RunPython(_create, _drop),
    ]
