"""JSON over HTTP for the demo provider's API (the standard library; no session, no cookies)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from frontdesk.payments.errors import ProviderError

TIMEOUT_SECONDS = 10


def post_json(url: str, payload: dict[str, Any], *, headers: dict[str, str]) -> dict[str, Any]:
    """POST `payload` as JSON and return the JSON object answered; `ProviderError` otherwise."""
    if not url.startswith(("https://", "http://")):
        raise ProviderError("The payment provider's URL must be an http(s) URL.")
    request = urllib.request.Request(  # noqa: S310 - scheme checked above
        url,
        data=json.dumps(payload).encode("utf-8"),
        method="POST",
        headers={"Content-Type": "application/json", "Accept": "application/json", **headers},
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            answer = json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        raise ProviderError(
            f"The payment provider refused the request (HTTP {error.code})."
        ) from error
    except (OSError, ValueError) as error:
        raise ProviderError("The payment provider cannot be reached just now.") from error
    if not isinstance(answer, dict):
        raise ProviderError("The payment provider's answer cannot be read.")
    return answer
