"""Inbound SMS webhooks (Twilio format): signature check and what a reply means.

The provider signs each request: base64(HMAC-SHA1(secret, full URL + every POST parameter's
name and value, sorted by name)) in `X-Twilio-Signature`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable

STOP_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"})
START_WORDS = frozenset({"START", "UNSTOP"})


def twilio_signature(*, secret: str, url: str, params: Iterable[tuple[str, str]]) -> str:
    """The signature the provider sends for `url` and these POST parameters."""
    # Sorted by name, then value; a repeated identical pair counts once (as the provider does).
    payload = url + "".join(name + value for name, value in sorted(set(params)))
    mac = hmac.new(secret.encode("utf-8"), payload.encode("utf-8"), hashlib.sha1)
    return base64.b64encode(mac.digest()).decode("ascii")


def signature_valid(
    *, secret: str, url: str, params: Iterable[tuple[str, str]], signature: str
) -> bool:
    expected = twilio_signature(secret=secret, url=url, params=params)
    return hmac.compare_digest(expected.encode("ascii"), signature.encode("utf-8", "replace"))


def keyword(body: str) -> str:
    """ "stop" for an opt-out reply, "start" for an opt-in, "" for anything else."""
    word = body.strip().upper()
    if word in STOP_WORDS:
        return "stop"
    if word in START_WORDS:
        return "start"
    return ""
