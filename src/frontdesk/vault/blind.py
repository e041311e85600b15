"""Blind indexes: a keyed HMAC of a value, so rows can be found by an exact value (log in by
e-mail, a STOP from a phone number) without the value being stored in the clear."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable

from frontdesk.core.net import network_of
from frontdesk.vault.masters import index_key

# What a blind index may be of, besides the value itself: named, so migrations can refer to it.
TRANSFORMS: dict[str, Callable[[str], str | None]] = {"": str, "network": network_of}


def blind_index(domain: str, value: str) -> str:
    """The index of `value` (trimmed, lower-cased) within `domain` ("email", "phone", …)."""
    message = f"{domain}\x00{value.strip().lower()}".encode()
    return hmac.new(index_key(), message, hashlib.sha256).hexdigest()
