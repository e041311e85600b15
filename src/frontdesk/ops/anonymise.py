"""An anonymised copy of the production database for development (QL-3).

Every table is copied through the ORM into an empty target database migrated to the same
schema; every declared personal field is replaced by a fake value, and each app's `privacy.py`
(`COPY_RULES`) drops what must not leave at all (credentials, sessions, lockout counters).
Content types and permissions are copied with their ids so every reference stays valid.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from typing import Any

import dj_database_url
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.models import Model

from frontdesk.core.privacy import Replace, Rule, copy_rules, declared_replacements
from frontdesk.vault import keyring
from frontdesk.vault.sealed import SealedModel

TARGET = "anonymised_copy"
BATCH = 500


class TargetNotEmptyError(RuntimeError):
    pass


def target_configure(url: str) -> str:
    """Register the target database (a URL, or a path to a new SQLite file) as an alias."""
    config: Any = dj_database_url.parse(url if "://" in url else f"sqlite:///{url}")
    configured = connections.configure_settings({**connections.settings, TARGET: config})
    connections.settings[TARGET] = configured[TARGET]
    return TARGET


def _models() -> list[type[Model]]:
    """Every concrete table of the main database (not the vault's: keys never leave),
    auto-created many-to-many tables included."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and router.allow_migrate_model(DEFAULT_DB_ALIAS, model)
    ]


def _batches(rows: Iterator[Model]) -> Iterator[list[Model]]:
    while batch := list(islice(rows, BATCH)):
        yield batch


def anonymised_copy(*, target: str) -> dict[str, int]:
    """Copy the default database into `target` (an alias), anonymised; rows copied per model."""
    call_command("migrate", database=target, interactive=False, verbosity=0)
    user_model = apps.get_model("identity", "User")
    if user_model._base_manager.using(target).exists():
        raise TargetNotEmptyError("The target database already holds accounts: give an empty one.")
    rules = copy_rules()
    counts: dict[str, int] = {}
    with transaction.atomic(using=target), keyring.clear_writes():
        # The target's migrate made its own content types and permissions: take the source's,
        # with their ids, instead.
        Permission.objects.using(target).all().delete()
        ContentType.objects.using(target).all().delete()
        for model in _models():
            counts[model._meta.label_lower] = _copy_model(model, rules, target)
        _sequences_reset(target)
    return counts


def _sequences_reset(target: str) -> None:
    """Rows came with their ids: move PostgreSQL's id sequences past them."""
    connection = connections[target]
    statements = connection.ops.sequence_reset_sql(no_style(), _models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _copy_model(model: type[Model], rules: dict[str, Rule], target: str) -> int:
    label = model._meta.label_lower
    rule = rules.get(label, Rule(label))
    fake = Replace(label, fields=declared_replacements(model))
    rows = model._base_manager.using("default").order_by(*rule.ordering).iterator(BATCH)
    copied = 0
    for batch in _batches(rule.transform(fake.transform(rows))):
        for row in batch:
            row._state.db = target
            if isinstance(row, SealedModel):
                row.vault_key = None  # its values are fakes in the clear: no key needed
        model._base_manager.using(target).bulk_create(batch)
        copied += len(batch)
    return copied
