"""Data keys: create, load (unwrapped, per request), destroy, rewrap; seal and open values.

A sealed value is the text `fd1:<key id hex>:<base64 of nonce + AES-GCM ciphertext>`; the
associated data binds it to its key and to the field it belongs to (model and field name), so
an altered ciphertext, or one moved to another column, does not open. The row is not bound: a
value copied into the same column of another row still opens, under the key it names (its own
person's, not the row's), until that key is destroyed. Access to the database is what keeps
values where they belong; the sealing keeps them unreadable once their key is gone.
"""

from __future__ import annotations

import base64
import secrets
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.db import transaction

from frontdesk.core import clock
from frontdesk.vault.masters import KEY_BYTES, current_master, master
from frontdesk.vault.models import DataKey
from frontdesk.vault.router import VAULT_DB

PREFIX = "fd1"
NONCE_BYTES = 12


class VaultError(RuntimeError):
    """A sealed value that cannot be opened: its key is gone, unknown or the value was altered."""


class KeyDestroyedError(VaultError):
    """The person's key was destroyed (erasure or retention): the value is gone for good."""


# Unwrapped keys of the current request or task, so a page that shows fifty people loads their
# keys once (`preload`) and never keeps them beyond it. None outside a scope: nothing cached.
_scope: ContextVar[dict[uuid.UUID, bytes | None] | None] = ContextVar("vault_scope", default=None)


# Set while writing an anonymised development copy: its values are fakes, written in the clear,
# so the copy needs no keys (and never holds production's).
_clear_writes: ContextVar[bool] = ContextVar("vault_clear_writes", default=False)


@contextmanager
def clear_writes() -> Iterator[None]:
    token = _clear_writes.set(True)
    try:
        yield
    finally:
        _clear_writes.reset(token)


def writes_clear() -> bool:
    return _clear_writes.get()


@contextmanager
def scope() -> Iterator[None]:
    """Cache unwrapped keys for the duration of a request, task or command."""
    token = _scope.set({})
    try:
        yield
    finally:
        _scope.reset(token)


def _aad(key_id: uuid.UUID, context: str) -> bytes:
    return key_id.bytes + context.encode()


def _wrap(key_id: uuid.UUID, plain_key: bytes) -> tuple[str, bytes]:
    wrapping = current_master()
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = AESGCM(wrapping.key).encrypt(nonce, plain_key, _aad(key_id, "data-key"))
    return wrapping.id, nonce + sealed


def _unwrap(row: DataKey) -> bytes:
    wrapping = master(row.master_id)
    if wrapping is None:
        raise VaultError(f"The master key {row.master_id!r} of {row.id} is not configured.")
    blob = bytes(row.wrapped)
    try:
        return AESGCM(wrapping.key).decrypt(
            blob[:NONCE_BYTES], blob[NONCE_BYTES:], _aad(row.id, "data-key")
        )
    except InvalidTag as error:
        raise VaultError(f"The data key {row.id} does not unwrap: altered or wrong key.") from error


def key_create(*, holder: str = DataKey.Holder.PERSON) -> tuple[uuid.UUID, bytes]:
    """A new data key, stored wrapped in the vault: its id and the key itself."""
    key_id = uuid.uuid4()
    plain = secrets.token_bytes(KEY_BYTES)
    master_id, wrapped = _wrap(key_id, plain)
    DataKey.objects.using(VAULT_DB).create(
        id=key_id, holder=holder, master_id=master_id, wrapped=wrapped
    )
    cached = _scope.get()
    if cached is not None:
        cached[key_id] = plain
    return key_id, plain


def keys_load(key_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, bytes | None]:
    """The unwrapped keys of `key_ids` (None for a destroyed or unknown key), in one query."""
    cached = _scope.get()
    found: dict[uuid.UUID, bytes | None] = {}
    missing = set()
    for key_id in key_ids:
        if cached is not None and key_id in cached:
            found[key_id] = cached[key_id]
        else:
            missing.add(key_id)
    if missing:
        loaded: dict[uuid.UUID, bytes | None] = dict.fromkeys(missing)
        for row in DataKey.objects.using(VAULT_DB).filter(id__in=missing):
            loaded[row.id] = None if row.is_destroyed else _unwrap(row)
        if cached is not None:
            cached.update(loaded)
        found.update(loaded)
    return found


def key_destroy(key_ids: Iterable[uuid.UUID]) -> int:
    """Destroy the keys for good (crypto-shredding); how many were live."""
    ids = list(key_ids)
    cached = _scope.get()
    if cached is not None:
        for key_id in ids:
            cached[key_id] = None
    with transaction.atomic(using=VAULT_DB):
        return (
            DataKey.objects.using(VAULT_DB)
            .filter(id__in=ids, destroyed_at__isnull=True)
            .update(wrapped=b"", destroyed_at=clock.now())
        )


def key_is_live(key_id: uuid.UUID) -> bool:
    return keys_load([key_id])[key_id] is not None


def keys_rewrap(*, batch: int = 500) -> int:
    """Rewrap every live key not under the current master key; how many were rewrapped.

    Each batch commits on its own, so readers never wait: a key is readable under its old
    master key until its new wrapping is committed."""
    newest = current_master().id
    done = 0
    while True:
        with transaction.atomic(using=VAULT_DB):
            rows = list(
                DataKey.objects.using(VAULT_DB)
                .select_for_update()
                .filter(destroyed_at__isnull=True)
                .exclude(master_id=newest)[:batch]
            )
            for row in rows:
                row.master_id, row.wrapped = _wrap(row.id, _unwrap(row))
                row.save(update_fields=["master_id", "wrapped"])
        done += len(rows)
        if len(rows) < batch:
            return done


# --- values -----------------------------------------------------------------------------------


def is_sealed(value: object) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX + ":")


def key_of(sealed: str) -> uuid.UUID:
    try:
        return uuid.UUID(hex=sealed.split(":", 2)[1])
    except (IndexError, ValueError) as error:
        raise VaultError("Not a sealed value.") from error


def seal_with(key_id: uuid.UUID, plain_key: bytes, text: str, *, context: str) -> str:
    nonce = secrets.token_bytes(NONCE_BYTES)
    body = AESGCM(plain_key).encrypt(nonce, text.encode(), _aad(key_id, context))
    return f"{PREFIX}:{key_id.hex}:{base64.urlsafe_b64encode(nonce + body).decode()}"


def open_with(sealed: str, plain_key: bytes | None, *, context: str) -> str:
    key_id = key_of(sealed)
    if plain_key is None:
        raise KeyDestroyedError(f"The data key {key_id} is destroyed or unknown.")
    blob = base64.urlsafe_b64decode(sealed.split(":", 2)[2].encode())
    try:
        return (
            AESGCM(plain_key)
            .decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], _aad(key_id, context))
            .decode()
        )
    except InvalidTag as error:
        raise VaultError(f"A value under {key_id} does not open: altered or moved.") from error


def unseal(sealed: str, *, context: str) -> str:
    """The clear text of a sealed value; raises KeyDestroyedError when its key is gone."""
    key_id = key_of(sealed)
    return open_with(sealed, keys_load([key_id])[key_id], context=context)
