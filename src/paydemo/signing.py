"""Webhook signatures, the way Stripe signs them: `t=<unix time>,v1=<hex HMAC-SHA256 of
"<t>.<body>">` with the endpoint's secret. The receiver recomputes it, compares in constant
time, and refuses an old timestamp (a replayed capture)."""

from __future__ import annotations

import hashlib
import hmac
import time

HEADER = "Paydemo-Signature"


def signature(*, secret: str, timestamp: int, body: bytes) -> str:
    signed = str(timestamp).encode("ascii") + b"." + body
    return hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()


def signature_header(*, secret: str, body: bytes, timestamp: int | None = None) -> str:
    moment = int(time.time()) if timestamp is None else timestamp
    return f"t={moment},v1={signature(secret=secret, timestamp=moment, body=body)}"
