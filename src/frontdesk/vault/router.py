"""Data keys live in the `vault` database alias, everything else in `default`."""

from __future__ import annotations

from typing import Any

from django.db.models import Model

VAULT_DB = "vault"
APP_LABEL = "vault"


class VaultRouter:
    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        return VAULT_DB if model._meta.app_label == APP_LABEL else None

    def db_for_write(self, model: type[Model], **hints: Any) -> str | None:
        return VAULT_DB if model._meta.app_label == APP_LABEL else None

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        labels = {obj1._meta.app_label, obj2._meta.app_label}
        return False if APP_LABEL in labels and len(labels) > 1 else None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        if db == VAULT_DB:
            return app_label == APP_LABEL
        return app_label != APP_LABEL
