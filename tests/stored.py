"""Everything Frontdesk keeps, as text: for tests that prove a value is stored nowhere."""

from __future__ import annotations

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections

from frontdesk.vault.fields import sealed_fields


def raw_cells() -> list[str]:
    """Every text value of every table of the main database (models or not), as stored."""
    connection = connections[DEFAULT_DB_ALIAS]
    cells: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                cells += [
                    value.decode("utf-8", "replace") if isinstance(value, bytes) else value
                    for value in row
                    if isinstance(value, (str, bytes))
                ]
    return cells


def opened_cells() -> list[str]:
    """Every sealed value of every model, opened: what the ciphertext of `raw_cells` holds."""
    cells: list[str] = []
    for model in apps.get_models():
        fields = sealed_fields(model)
        if not fields:
            continue
        for row in model._default_manager.all():
            cells += [str(value) for field in fields if (value := getattr(row, field.name))]
    return cells


def stored_text() -> list[str]:
    """Every text value Frontdesk stores, in the clear or sealed (then opened)."""
    return raw_cells() + opened_cells()
