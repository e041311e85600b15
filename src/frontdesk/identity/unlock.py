"""Unlock links and the once-per-lockout notice, kept in the shared cache.

Both live exactly as long as the cool-off: when it ends the account unlocks by itself, so a
link outliving it would be pointless. The cache holds only keyed digests of tokens and
e-mail addresses, never the values themselves.
"""

from __future__ import annotations

from axes.helpers import get_cool_off
from django.core.cache import cache

from frontdesk.core import tokens

_NOTICE_KEY = "identity:lockout-notice:{}"
_TOKEN_KEY = "identity:unlock:{}"  # noqa: S105 - a cache key pattern
_DEFAULT_COOLOFF_SECONDS = 30 * 60


def cooloff_seconds() -> int:
    cool_off = get_cool_off()
    return int(cool_off.total_seconds()) if cool_off else _DEFAULT_COOLOFF_SECONDS


def lockout_notice_first(key: str) -> bool:
    """True the first time this lockout of `email` is seen (so its owner is told only once)."""
    return bool(cache.add(_NOTICE_KEY.format(tokens.digest(key)), 1, cooloff_seconds()))


def lockout_notice_forget(key: str) -> None:
    """Forget the notice, so that a later lockout is announced again."""
    cache.delete(_NOTICE_KEY.format(tokens.digest(key)))


def unlock_token_issue(user_id: int) -> str:
    """A fresh opaque token that unlocks the account `user_id` until the cool-off ends."""
    token = tokens.new_token(32)
    cache.set(_TOKEN_KEY.format(tokens.digest(token)), user_id, cooloff_seconds())
    return token


def unlock_token_user_id(token: str) -> int | None:
    """The account a still-valid token unlocks, or None."""
    value = cache.get(_TOKEN_KEY.format(tokens.digest(token)))
    return int(value) if value is not None else None


def unlock_token_spend(token: str) -> None:
    cache.delete(_TOKEN_KEY.format(tokens.digest(token)))
