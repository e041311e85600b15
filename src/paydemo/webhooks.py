"""Sending a signed event to the shop's webhook, retrying a few times, recording each attempt.

Each shop's webhook is on its business's own host; in the demo that is `<slug>.localhost`,
which browsers resolve to loopback but the system resolver may not. Like a browser (RFC 6761,
6.3), a `.localhost` name is sent to the loopback address, with its own name as the Host."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit, urlunsplit

from paydemo.config import Config
from paydemo.signing import HEADER, signature_header
from paydemo.store import Event, Store

USER_AGENT = "paydemo-webhooks/1"


LOOPBACK = "127.0.0.1"


def loopback_target(url: str) -> tuple[str, dict[str, str]]:
    """The address to connect to for `url`, and the Host header it then needs: a plain-HTTP
    `*.localhost` address goes to the loopback address under its own name; any other is left
    alone."""
    parts = urlsplit(url)
    name = (parts.hostname or "").rstrip(".")
    if parts.scheme != "http" or not name.endswith(".localhost"):
        return url, {}
    port = f":{parts.port}" if parts.port else ""
    return urlunsplit(parts._replace(netloc=f"{LOOPBACK}{port}")), {"Host": f"{name}{port}"}


def _post(url: str, body: bytes, header: str, timeout: float) -> int:
    target, host = loopback_target(url)
    request = urllib.request.Request(  # noqa: S310 - http(s) only, checked when the session opened
        target,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            HEADER: header,
            "User-Agent": USER_AGENT,
            **host,
        },
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
