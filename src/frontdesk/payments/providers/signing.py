"""Checking a `t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">` signature header: the scheme
Stripe uses, and the demo provider too. Constant-time comparison; a timestamp further than the
tolerance from now (either way) is refused, so a captured request cannot be replayed later."""

from __future__ import annotations

import hashlib
import hmac

from frontdesk.payments.errors import ForgedWebhook

SCHEME = "v1"


def compute(*, secret: str, timestamp: int, body: bytes) -> str:
    signed = str(timestamp).encode("ascii") + b"." + body
    return hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()


def _parse(header: str) -> tuple[int, list[str]]:
    timestamp: int | None = None
    signatures: list[str] = []
    for item in header.split(","):
        name, _, value = item.strip().partition("=")
        if name == "t" and value.isdigit():
            timestamp = int(value)
        elif name == SCHEME and value:
            signatures.append(value)
    if timestamp is None or not signatures:
        raise ForgedWebhook("The signature header is malformed.")
    return timestamp, signatures


def verify(*, header: str, body: bytes, secret: str, tolerance: int, now: float) -> None:
    """Return if `header` signs `body` with `secret` within `tolerance` seconds of `now`;
    raise `ForgedWebhook` (with a reason that holds nothing of the request) otherwise."""
    if not secret:
        raise ForgedWebhook("No webhook secret is configured.")
    if not header:
        raise ForgedWebhook("The signature header is missing.")
    timestamp, signatures = _parse(header)
    expected = compute(secret=secret, timestamp=timestamp, body=body)
    if not any(hmac.compare_digest(expected, candidate) for candidate in signatures):
        raise ForgedWebhook("The signature does not match.")
    if abs(now - timestamp) > tolerance:
        raise ForgedWebhook("The signature is too old (or from the future).")
