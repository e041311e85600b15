"""Partner notifications are signed like Stripe's webhooks: the partner sends the Unix time in
`X-Frontdesk-Timestamp` and `X-Frontdesk-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<body>"
under its secret>`. The comparison takes constant time; a timestamp further than the tolerance
from now (either way) is refused, so a captured notification cannot be replayed later, and the
event id inside the signed body is recorded once (`NotificationReceipt`), so it cannot be
replayed within the window either."""

from __future__ import annotations

import hashlib
import hmac

from frontdesk.licensing.errors import ForgedNotificationError

TIMESTAMP_HEADER = "X-Frontdesk-Timestamp"
SIGNATURE_HEADER = "X-Frontdesk-Signature"
SCHEME = "v1"


def compute(*, secret: str, timestamp: int, body: bytes) -> str:
    """The hex signature of `body` sent at `timestamp`."""
    signed = str(timestamp).encode("ascii") + b"." + body
    return hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()


def headers_for(*, secret: str, timestamp: int, body: bytes) -> dict[str, str]:
    """The headers a partner sends with `body` (for partners' integrations, the demo, tests)."""
    signature = compute(secret=secret, timestamp=timestamp, body=body)
    return {TIMESTAMP_HEADER: str(timestamp), SIGNATURE_HEADER: f"{SCHEME}={signature}"}


def _signatures(header: str) -> list[str]:
    found = []
    for item in header.split(","):
        name, _, value = item.strip().partition("=")
        if name == SCHEME and value:
            found.append(value)
    return found


def verify(
    *, timestamp: str, signature: str, body: bytes, secret: str, tolerance: int, now: float
) -> None:
    """Return when `signature` signs `body` at `timestamp` with `secret`, within `tolerance`
    seconds of `now`; raise `ForgedNotificationError` (with a reason that holds nothing of the
    request) otherwise."""
    if not secret:
        raise ForgedNotificationError("The partner has no secret configured.")
    if not timestamp.isdigit() or not signature:
        raise ForgedNotificationError("The timestamp or signature header is missing or malformed.")
    expected = compute(secret=secret, timestamp=int(timestamp), body=body)
    if not any(hmac.compare_digest(expected, given) for given in _signatures(signature)):
        raise ForgedNotificationError("The signature does not match.")
    if abs(now - int(timestamp)) > tolerance:
        raise ForgedNotificationError("The signature is too old (or from the future).")
