"""Counters in the shared cache that keep the public forms from being flooded: requests from
the public form, and feedback, per client address (settings FRONTDESK_SUPPORT_*_RATE)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage

from frontdesk.core.net import client_ip

PUBLIC_GROUP = "support-public-ip"
FEEDBACK_GROUP = "support-feedback-ip"
TOO_MANY = "Too many messages from your address. Please wait a while, then try again."

_RATES: dict[str, tuple[str, str]] = {
    PUBLIC_GROUP: ("FRONTDESK_SUPPORT_PUBLIC_RATE", "5/h"),
    FEEDBACK_GROUP: ("FRONTDESK_SUPPORT_FEEDBACK_RATE", "10/h"),
}


def _ip(group: str, request: HttpRequest) -> str:
    return client_ip(request) or "unknown"


def _usage(request: HttpRequest, group: str, *, increment: bool) -> dict[str, Any] | None:
    setting, default = _RATES[group]
    usage: dict[str, Any] | None = get_usage(
        request,
        group=group,
        key=_ip,
        rate=getattr(settings, setting, default),
        increment=increment,
    )
    return usage


def blocked_for(request: HttpRequest, group: str) -> int | None:
    """Seconds to wait when the address used up its sends, else None (a counter the cache
    cannot read reports a limit of 0: this fails closed)."""
    usage = _usage(request, group, increment=False)
    if usage is None or usage["count"] < usage["limit"]:
        return None
    return max(1, int(usage["time_left"]))


def count(request: HttpRequest, group: str) -> None:
    _usage(request, group, increment=True)
