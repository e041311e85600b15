"""`SealedModel`: a model with sealed fields, and whose data key they use.

`VAULT_SUBJECT` names the account the row is about: "self" (the account itself), a path to a
foreign key to it ("user"), or "" when the row is about someone without an account. Rows about
an account use that account's key, so erasing the account destroys one key and every row about
the person becomes unreadable, in the database and in all its copies. A row about someone
without an account gets a key of its own, destroyed when the row's data is discarded.
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar, TypeVar

from django.db import models

from frontdesk.core import tenancy
from frontdesk.vault import keyring
from frontdesk.vault.fields import BlindIndexField, Sealed, open_rows, preload, sealed_fields
from frontdesk.vault.models import DataKey

M = TypeVar("M", bound=models.Model)


class SealedQuerySet(models.QuerySet[M]):
    """Opens the sealed values of every fetched row (and of rows joined with select_related)
    with one vault query. A single row with nothing joined is left to open its values when one
    is read (with the same one query): `request.user`, loaded on every signed-in request, then
    costs the vault nothing unless a page shows the name or address."""

    def _fetch_all(self) -> None:
        fresh = self._result_cache is None
        super()._fetch_all()
        if fresh and self._result_cache:
            first = self._result_cache[0]
            if isinstance(first, models.Model):
                if len(self._result_cache) > 1 or first._state.fields_cache:
                    preload(self._result_cache)
            else:
                self._result_cache = open_rows(self._result_cache)

    def matching(self, **values: str) -> SealedQuerySet[M]:
        """Rows whose sealed field holds exactly this value (any case), found by the field's
        blind index: `Subscriber.objects.matching(email="ada@example.org")`."""
        filters = {}
        for name, value in values.items():
            index = next(
                field
                for field in self.model._meta.concrete_fields
                if isinstance(field, BlindIndexField) and field.source == name
            )
            # No row's index is "-": an empty value matches nothing.
            filters[index.name] = index.index_of(value) or "-"
        return self.filter(**filters)


SealedManager = models.Manager.from_queryset(SealedQuerySet)


class ScopedSealedManager(tenancy.BusinessScoped[M], SealedManager[M]):
    """The manager of a sealed model holding business data: scoped to the bound business
    (`core.tenancy`), opening sealed values like `SealedManager`."""


class VaultKeyField(models.UUIDField):  # type: ignore[type-arg]
    """The id of the data key the row's sealed values are under (in the vault database)."""

    not_personal_reason = "the random id of a data key in the vault"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.update(null=True, blank=True, editable=False)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        for option in ("null", "blank", "editable"):
            kwargs.pop(option, None)
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        # This column may be written before the sealed ones: settle the key first.
        if isinstance(model_instance, SealedModel) and model_instance.vault_needs_key():
            model_instance.vault_write_key()
        return super().pre_save(model_instance, add)


class SealedModel(models.Model):
    """Concrete models declare `objects: ClassVar[SealedManager[X]] = SealedManager()`."""

    VAULT_SUBJECT: ClassVar[str] = ""

    vault_key = VaultKeyField()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            # A blind index follows its source: saving the one saves the other.
            names = set(update_fields)
            for field in self._meta.concrete_fields:
                if isinstance(field, BlindIndexField) and field.source in names:
                    names.add(field.name)
            kwargs["update_fields"] = names
        self.__dict__.pop("_vault_write_key", None)
        super().save(*args, **kwargs)

    def vault_unsealed_names(self) -> list[str]:
        """The sealed fields holding a value not sealed yet (set, or stored before sealing)."""
        return [
            field.name
            for field in sealed_fields(type(self))
            if self.__dict__.get(field.attname) not in (None, "")
            and not isinstance(self.__dict__.get(field.attname), Sealed)
        ]

    def vault_needs_key(self) -> bool:
        """Whether a value of this row is to be sealed on the next save."""
        return not keyring.writes_clear() and bool(self.vault_unsealed_names())

    def vault_subject(self) -> SealedModel | None:
        """The account this row is about (itself for an account), or None."""
        if self.VAULT_SUBJECT == "self":
            return self
        subject: Any = self
        for step in filter(None, self.VAULT_SUBJECT.split("__")):
            subject = getattr(subject, step)
            if subject is None:
                return None
        return subject if isinstance(subject, SealedModel) and subject is not self else None

    def vault_write_key(self) -> tuple[uuid.UUID, bytes]:
        """The key new values of this row are sealed with, created when there is none (or the
        previous one was destroyed: data written after an erasure gets a fresh key)."""
        cached: tuple[uuid.UUID, bytes] | None = self.__dict__.get("_vault_write_key")
        if cached is not None:
            return cached
        subject = self.vault_subject()
        if subject is not None and subject is not self:
            key = subject.vault_write_key()
        else:
            holder = DataKey.Holder.PERSON if subject is self else DataKey.Holder.RECORD
            key = self._own_key(holder=holder)
        self.vault_key = key[0]
        self.__dict__["_vault_write_key"] = key
        return key

    def _own_key(self, *, holder: str) -> tuple[uuid.UUID, bytes]:
        if self.vault_key is not None:
            plain = keyring.keys_load([self.vault_key])[self.vault_key]
            if plain is not None:
                return self.vault_key, plain
        key = keyring.key_create(holder=holder)
        if self.pk is not None:
            # Persist at once: the row may be saved with update_fields that leave this out.
            type(self)._base_manager.filter(pk=self.pk).update(vault_key=key[0])
        self.vault_key = key[0]
        return key
