"""Sending a signed event to the shop's webhook, retrying a few times, recording each attempt."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request

from paydemo.config import Config
from paydemo.signing import HEADER, signature_header
from paydemo.store import Event, Store

USER_AGENT = "paydemo-webhooks/1"


def _post(url: str, body: bytes, header: str, timeout: float) -> int:
    request = urllib.request.Request(  # noqa: S310 - http(s) only, checked when the session opened
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", HEADER: header, "User-Agent": USER_AGENT},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def deliver(*, store: Store, config: Config, url: str, event: Event) -> bool:
    """Whether the shop took the event (a 2xx answer), after up to `webhook_attempts` tries.
    Each attempt is signed afresh (a new timestamp) and recorded with its answer."""
    for attempt in range(1, config.webhook_attempts + 1):
        if attempt > 1:
            delays = config.retry_delays or (0.0,)
            time.sleep(delays[min(attempt - 2, len(delays) - 1)])
        header = signature_header(secret=config.webhook_secret, body=event.body)
        status: int | None = None
        error = ""
        try:
            status = _post(url, event.body, header, config.webhook_timeout_seconds)
        except OSError as exc:  # refused, unreachable, timed out
            error = type(exc).__name__
        store.delivery_record(
            event_id=event.id, attempt=attempt, url=url, status=status, error=error
        )
        if status is not None and 200 <= status < 300:  # noqa: PLR2004
            return True
    return False


def deliver_later(*, store: Store, config: Config, url: str, event: Event) -> None:
    """Deliver in the background, as a real provider does: the API call that raised the event
    (a refund the shop asked for) answers at once, without waiting for the shop's webhook."""
    threading.Thread(
        target=deliver,
        kwargs={"store": store, "config": config, "url": url, "event": event},
        name=f"paydemo-webhook-{event.id}",
        daemon=True,
    ).start()
