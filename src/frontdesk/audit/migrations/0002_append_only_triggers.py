"""The database itself refuses UPDATE and DELETE on audit events (PostgreSQL and SQLite)."""

from django.db import migrations

from frontdesk.audit import guard


def install(apps, schema_editor):  # type: ignore[no-untyped-def]
    guard.install(schema_editor.connection)


def uninstall(apps, schema_editor):  # type: ignore[no-untyped-def]
    guard.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(install, uninstall)]
