"""Unlock codes: 20 random characters of Crockford's base-32 alphabet (no I, L, O or U, so
nothing reads ambiguously), shown in four groups: `7QK2M-X9D4R-HT6WB-3NC8P`. 100 random bits,
from the operating system's generator; never derived from anything about the buyer."""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUPS, GROUP_LENGTH = 4, 5


def unlock_code_new() -> str:
    groups = ("".join(secrets.choice(ALPHABET) for _ in range(GROUP_LENGTH)) for _ in range(GROUPS))
    return "-".join(groups)
