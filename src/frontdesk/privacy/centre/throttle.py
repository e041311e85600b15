"""Counters in the shared cache that slow down guessing in the privacy centre: wrong passwords
per account (a borrowed session must not become a password oracle), and reinstatement requests
per client address."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django_ratelimit.core import get_usage

from frontdesk.core.net import client_ip

PASSWORD_GROUP = "privacy-password-user"  # noqa: S105 - a counter name
REINSTATE_GROUP = "privacy-reinstate-ip"
TOO_MANY = "Too many attempts. Wait a while, then try again."


def _user(group: str, request: HttpRequest) -> str:
    return str(getattr(request.user, "pk", "") or "anonymous")


def _ip(group: str, request: HttpRequest) -> str:
    return client_ip(request) or "unknown"


_RULES: dict[str, tuple[Any, str]] = {
    PASSWORD_GROUP: (_user, "10/15m"),
    REINSTATE_GROUP: (_ip, "20/h"),
}


def _usage(request: HttpRequest, group: str, *, increment: bool) -> dict[str, Any] | None:
    key, rate = _RULES[group]
    usage: dict[str, Any] | None = get_usage(
        request, group=group, key=key, rate=rate, increment=increment
    )
    return usage


def blocked(request: HttpRequest, group: str) -> bool:
    """Whether the counter is used up (a counter the cache cannot read fails closed)."""
    usage = _usage(request, group, increment=False)
    return usage is not None and usage["count"] >= usage["limit"]


def count(request: HttpRequest, group: str) -> None:
    _usage(request, group, increment=True)
