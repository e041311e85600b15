"""Model fields whose values are sealed with the data key of the person they are about.

A sealed field stores `fd1:…` text (see `keyring`); the model holding it is a `SealedModel`,
which says whose key to use. Reading the attribute opens the value (a destroyed key reads as
empty: the data is gone); querysets of sealed models open the values of all fetched rows with
one vault query (`preload`). Sealed values cannot be compared in the database: equality lookups
go through a `BlindIndexField` next to the value.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.query_utils import DeferredAttribute

from frontdesk.vault import keyring
from frontdesk.vault.blind import TRANSFORMS, blind_index

if TYPE_CHECKING:
    from frontdesk.vault.sealed import SealedModel


class Sealed(str):
    """A value as stored (ciphertext), not yet opened, with the field it was read from."""

    field: SealedMixin

    @classmethod
    def of(cls, value: str, field: SealedMixin) -> Sealed:
        sealed = cls(value)
        sealed.field = field
        return sealed


class SealedAttribute(DeferredAttribute):
    """Opens the stored value on first read and keeps the clear text on the instance.

    A data descriptor (it has `__set__`), so reads come here even when the value is loaded."""

    field: Any

    def __set__(self, instance: Any, value: Any) -> None:
        instance.__dict__[self.field.attname] = value

    def __get__(self, instance: Any, cls: Any = None) -> Any:
        if instance is None:
            return self
        value = super().__get__(instance, cls)
        if isinstance(value, Sealed):
            value = self.field.open(value, keyring.keys_load([keyring.key_of(value)]))
            instance.__dict__[self.field.attname] = value
        return value


class SealedMixin:
    """Turns a Django field into a sealed one (stored as text, whatever the clear type)."""

    descriptor_class = SealedAttribute
    attname: str
    column: str
    model: type[SealedModel]
    name: str
    null: bool

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("unique") or kwargs.get("db_index"):
            raise TypeError("A sealed field cannot be unique or indexed: add a BlindIndexField.")
        super().__init__(*args, **kwargs)

    @property
    def context(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    def get_internal_type(self) -> str:
        return "TextField"

    @property
    def empty(self) -> str | None:
        return None if self.null else ""

    def open(self, value: Sealed, keys: dict[Any, bytes | None]) -> Any:
        try:
            return keyring.open_with(value, keys[keyring.key_of(value)], context=self.context)
        except keyring.KeyDestroyedError:
            return self.empty

    def from_db_value(self, value: Any, expression: Any, connection: BaseDatabaseWrapper) -> Any:
        if keyring.is_sealed(value):
            return Sealed.of(value, self)
        return value  # empty, or written before sealing existed (read as it is)

    def pre_save(self, model_instance: SealedModel, add: bool) -> Any:
        raw = model_instance.__dict__.get(self.attname)
        if raw in (None, "") or isinstance(raw, Sealed):
            return raw
        clear = super().get_prep_value(raw)  # type: ignore[misc]
        if keyring.writes_clear():
            return clear
        key_id, plain_key = model_instance.vault_write_key()
        return Sealed.of(
            keyring.seal_with(key_id, plain_key, str(clear), context=self.context), self
        )

    def get_prep_value(self, value: Any) -> Any:
        if value in (None, "") or isinstance(value, Sealed):
            return value
        raise TypeError(
            f"{self.context} is sealed: it is written by save() and cannot be compared in a "
            "query (use its blind index)."
        )

    def get_db_prep_save(self, value: Any, connection: BaseDatabaseWrapper) -> Any:
        if isinstance(value, Sealed) or (value and keyring.writes_clear()):
            return str(value)
        if value in (None, ""):
            return self.empty
        return self.get_prep_value(value)


class SealedCharField(SealedMixin, models.CharField):  # type: ignore[misc,type-arg]
    pass


class SealedEmailField(SealedMixin, models.EmailField):  # type: ignore[misc,type-arg]
    pass


class SealedTextField(SealedMixin, models.TextField):  # type: ignore[misc,type-arg]
    pass


class SealedIPAddressField(SealedMixin, models.GenericIPAddressField):  # type: ignore[misc,type-arg]
    pass


class BlindIndexField(models.CharField):  # type: ignore[type-arg]
    """The blind index of the sealed field `source`, kept up to date on every save; None when
    the source is empty (so erased rows never collide on a unique index)."""

    not_personal_reason = (
        "a keyed hash (HMAC) of the sealed field beside it, to find the row by an exact value; "
        "it cannot be reversed without the index key and is erased with its source"
    )

    def __init__(
        self, *args: Any, source: str = "", domain: str = "", transform: str = "", **kwargs: Any
    ) -> None:
        self.source, self.domain, self.transform = source, domain, transform
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs["editable"] = False
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs.update(source=self.source, domain=self.domain)
        if self.transform:
            kwargs["transform"] = self.transform
        kwargs.pop("editable", None)
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        if isinstance(model_instance.__dict__.get(self.source), Sealed):
            # The source is as it was read, unchanged: so is its index (no need to open it).
            return getattr(model_instance, self.attname)
        value = getattr(model_instance, self.source)
        digest = self.index_of(str(value)) if value else None
        setattr(model_instance, self.attname, digest)
        return digest

    def index_of(self, value: str) -> str | None:
        """The index a row with `value` in the source field has (None for an empty one)."""
        transformed = TRANSFORMS[self.transform](value) if value else None
        return blind_index(self.domain, transformed) if transformed else None


def sealed_fields(model: type[models.Model]) -> list[SealedMixin]:
    fields: list[SealedMixin] = [
        field  # type: ignore[misc]
        for field in model._meta.concrete_fields
        if isinstance(field, SealedMixin)
    ]
    return fields


def open_all(values: list[Sealed]) -> dict[int, Any]:
    """The clear values of `values` (by `id()`), with one vault query for all their keys."""
    keys = keyring.keys_load({keyring.key_of(value) for value in values})
    return {id(value): value.field.open(value, keys) for value in values}


def preload(instances: Iterable[models.Model]) -> None:
    """Open the sealed values of `instances` (and of the related rows loaded with them) using
    one vault query for all their keys."""
    pending: list[tuple[models.Model, SealedMixin, Sealed]] = []
    seen: set[int] = set()

    def collect(instance: models.Model) -> None:
        if id(instance) in seen:
            return
        seen.add(id(instance))
        for field in sealed_fields(type(instance)):
            raw = instance.__dict__.get(field.attname)
            if isinstance(raw, Sealed):
                pending.append((instance, field, raw))
        for related in instance._state.fields_cache.values():
            if isinstance(related, models.Model):
                collect(related)

    for instance in instances:
        collect(instance)
    if not pending:
        return
    opened = open_all([raw for _, _, raw in pending])
    for instance, field, raw in pending:
        instance.__dict__[field.attname] = opened[id(raw)]


def open_rows(rows: list[Any]) -> list[Any]:
    """`values()` / `values_list()` results with their sealed values opened."""

    def sealed_in(row: Any) -> list[Sealed]:
        items = row.values() if isinstance(row, dict) else row if isinstance(row, tuple) else [row]
        return [item for item in items if isinstance(item, Sealed)]

    found = [value for row in rows for value in sealed_in(row)]
    if not found:
        return rows
    opened = open_all(found)

    def clear(item: Any) -> Any:
        return opened[id(item)] if isinstance(item, Sealed) else item

    def row_clear(row: Any) -> Any:
        if isinstance(row, dict):
            return {name: clear(item) for name, item in row.items()}
        if isinstance(row, tuple):
            return (
                type(row)(map(clear, row))
                if not hasattr(row, "_fields")
                else type(row)(*map(clear, row))
            )
        return clear(row)

    return [row_clear(row) for row in rows]
