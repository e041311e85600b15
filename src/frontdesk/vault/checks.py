"""System checks: the vault must be configured, and kept apart from the data in production."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register
from django.core.exceptions import ImproperlyConfigured

from frontdesk.vault.masters import index_key, master_keys


@register("security")
def vault_configured(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    try:
        master_keys()
        index_key()
    except ImproperlyConfigured as error:
        errors.append(Error(str(error), id="frontdesk.E101"))
    if "vault" not in settings.DATABASES:
        errors.append(
            Error("DATABASES has no 'vault' alias for the data keys.", id="frontdesk.E102")
        )
    return errors


@register("security", deploy=True)
def vault_apart(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """Keys kept in the database they protect would be in every backup of it: erasing a key
    would not make old backups unreadable (FD-2)."""
    default, vault = settings.DATABASES["default"], settings.DATABASES.get("vault", {})
    same = (default.get("HOST"), default.get("PORT"), default.get("NAME")) == (
        vault.get("HOST"),
        vault.get("PORT"),
        vault.get("NAME"),
    )
    if same:
        return [
            Warning(
                "The vault (VAULT_DATABASE_URL) is the main database: set a database of its own.",
                id="frontdesk.W101",
            )
        ]
    return []
