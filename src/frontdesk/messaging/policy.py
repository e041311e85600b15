"""The privacy-policy version recorded with each consent (FD-12).

The policy is built by the privacy app, which sits above messaging in the layers, so messaging
cannot ask it directly: the privacy app registers its `policy_version` here when it starts.
Callers that know the version (the privacy centre) pass it to `consent_give`/`consent_withdraw`
themselves; the unsubscribe link, which runs in messaging, asks `policy_version_current`.
"""

from __future__ import annotations

from collections.abc import Callable

_provider: list[Callable[[], str]] = []


def policy_version_provider_set(provider: Callable[[], str]) -> None:
    """Register the function that returns the current policy version (replaces any before)."""
    _provider[:] = [provider]


def policy_version_current() -> str:
    """The current policy version, or "" when no provider is registered."""
    return _provider[0]() if _provider else ""
