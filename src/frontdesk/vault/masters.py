"""Master keys and the blind-index key, from the environment.

`FRONTDESK_MASTER_KEYS` lists master keys as `id:key` pairs (key: 32 random bytes, URL-safe
base64), newest first: the first wraps new data keys, the others only unwrap keys not yet
rewrapped. Rotation without downtime: put a new key first, deploy, run `frontdesk vault
rotate` (rewraps every data key under the new one), then drop the old key. Outside production,
a key is generated once into `var/` so local runs need no set-up.

`FRONTDESK_INDEX_KEY` keys the blind indexes (HMAC) that let the code find a row by an exact
value (log in by e-mail) without storing that value in the clear. It is separate from the
master keys because rotating a master key must not change any index.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEY_BYTES = 32


@dataclass(frozen=True)
class MasterKey:
    id: str
    key: bytes


def new_key_text() -> str:
    """A fresh key in the environment's notation (URL-safe base64 of 32 random bytes)."""
    return base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).decode()


def _decode(text: str, what: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text.strip().encode())
    except ValueError as error:
        raise ImproperlyConfigured(f"{what} is not URL-safe base64.") from error
    if len(key) != KEY_BYTES:
        raise ImproperlyConfigured(f"{what} must be {KEY_BYTES} bytes (base64 of 32 bytes).")
    return key


def parse_master_keys(text: str) -> list[MasterKey]:
    """`id:key,id:key` → master keys, newest first; raises on a malformed or repeated id."""
    keys: list[MasterKey] = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        key_id, sep, key_text = item.partition(":")
        if not sep or not key_id.isalnum() or len(key_id) > 32:  # noqa: PLR2004 - column size
            raise ImproperlyConfigured(
                "FRONTDESK_MASTER_KEYS: each entry is id:key, the id letters and digits only."
            )
        if any(existing.id == key_id for existing in keys):
            raise ImproperlyConfigured(f"FRONTDESK_MASTER_KEYS: the id {key_id} appears twice.")
        keys.append(MasterKey(key_id, _decode(key_text, f"Master key {key_id}")))
    if not keys:
        raise ImproperlyConfigured("FRONTDESK_MASTER_KEYS is empty.")
    return keys


@cache
def master_keys() -> tuple[MasterKey, ...]:
    return tuple(parse_master_keys(settings.FRONTDESK_MASTER_KEYS))


def current_master() -> MasterKey:
    return master_keys()[0]


def master(key_id: str) -> MasterKey | None:
    return next((key for key in master_keys() if key.id == key_id), None)


@cache
def index_key() -> bytes:
    return _decode(settings.FRONTDESK_INDEX_KEY, "FRONTDESK_INDEX_KEY")


def forget_cached() -> None:
    """Re-read the settings (tests that change the keys, a reload after rotation)."""
    master_keys.cache_clear()
    index_key.cache_clear()
