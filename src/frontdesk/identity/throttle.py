"""Counters in the shared cache that slow down guessing: failed logins per client address
(FD-4), wrong second-factor codes per account, registrations per client address."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage

from frontdesk.core.net import client_ip

LOGIN_GROUP = "login-ip"
OTP_GROUP = "otp-user"
REGISTER_GROUP = "register-ip"


def _ip(group: str, request: HttpRequest) -> str:
    # The same address axes and the audit log see (the proxy count is believed, nothing more).
    return client_ip(request) or "unknown"


def _user(group: str, request: HttpRequest) -> str:
    return str(getattr(request.user, "pk", "") or "anonymous")


_RULES: dict[str, tuple[Any, str, str]] = {
    LOGIN_GROUP: (_ip, "FRONTDESK_LOGIN_RATE_PER_IP", "60/10m"),
    OTP_GROUP: (_user, "FRONTDESK_OTP_RATE_PER_USER", "10/15m"),
    REGISTER_GROUP: (_ip, "FRONTDESK_REGISTER_RATE_PER_IP", "20/h"),
}


def _usage(request: HttpRequest, group: str, *, increment: bool) -> dict[str, Any] | None:
    key, setting, default = _RULES[group]
    rate = getattr(settings, setting, default)
    usage: dict[str, Any] | None = get_usage(
        request, group=group, key=key, rate=rate, increment=increment
    )
    return usage


def blocked_for(request: HttpRequest, group: str) -> int | None:
    """Seconds to wait when the counter of `group` is used up for this request, else None.

    A counter the cache cannot read reports a limit of 0, so this fails closed.
    """
    usage = _usage(request, group, increment=False)
    if usage is None or usage["count"] < usage["limit"]:
        return None
    return max(1, int(usage["time_left"]))


def count(request: HttpRequest, group: str) -> None:
    """Count one more failure (or, for registrations, one more attempt)."""
    _usage(request, group, increment=True)
