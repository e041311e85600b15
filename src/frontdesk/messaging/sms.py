"""SMS backends, one base class chosen by `FRONTDESK_SMS_BACKEND` (like Django's e-mail backends).

- `OutboxBackend` (default): the message stays in the database outbox, read on the Outbox page.
- `HttpSmsBackend`: a Twilio-compatible HTTP provider (`FRONTDESK_SMS_HTTP_*` settings).

A backend sends one message and returns a `Delivery`, or raises `SmsBackendError`.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

from frontdesk.messaging.models import SmsMessage

HTTP_TIMEOUT_SECONDS = 10


class SmsBackendError(Exception):
    """The message could not be handed over; the text is kept on the message as its error."""


@dataclass(frozen=True)
class Delivery:
    provider_id: str
    to_outbox: bool = False


class BaseSmsBackend:
    def send(self, message: SmsMessage) -> Delivery:
        raise NotImplementedError


class OutboxBackend(BaseSmsBackend):
    """Keeps the message in the database: nothing leaves the server (demo, tests)."""

    def send(self, message: SmsMessage) -> Delivery:
        return Delivery(provider_id=f"outbox-{message.pk}", to_outbox=True)


class HttpSmsBackend(BaseSmsBackend):
    """POSTs to `{URL}/2010-04-01/Accounts/{ACCOUNT}/Messages.json` with basic auth."""

    def __init__(self) -> None:
        self.base_url = settings.FRONTDESK_SMS_HTTP_URL.rstrip("/")
        self.account = settings.FRONTDESK_SMS_ACCOUNT
        self.token = settings.FRONTDESK_SMS_TOKEN
        self.sender = settings.FRONTDESK_SMS_FROM

    def send(self, message: SmsMessage) -> Delivery:
        try:
            with urllib.request.urlopen(  # noqa: S310 - the URL scheme is checked in _request
                self._request(message), timeout=HTTP_TIMEOUT_SECONDS
            ) as response:
                payload = json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            raise SmsBackendError(f"SMS provider answered HTTP {exc.code}.") from exc
        except (OSError, ValueError) as exc:
            raise SmsBackendError(f"SMS provider unreachable or unreadable: {exc}") from exc
        sid = payload.get("sid") if isinstance(payload, dict) else None
        if not isinstance(sid, str) or not sid:
            raise SmsBackendError("SMS provider answered without a message sid.")
        return Delivery(provider_id=sid)

    def _request(self, message: SmsMessage) -> urllib.request.Request:
        if not self.base_url.startswith(("https://", "http://")):
            raise SmsBackendError("FRONTDESK_SMS_HTTP_URL must be an http(s) URL.")
        account = urllib.parse.quote(self.account, safe="")
        url = f"{self.base_url}/2010-04-01/Accounts/{account}/Messages.json"
        form = {"To": message.to_phone, "From": self.sender, "Body": message.body}
        credentials = base64.b64encode(f"{self.account}:{self.token}".encode()).decode("ascii")
        return urllib.request.Request(  # noqa: S310 - scheme checked above
            url,
            data=urllib.parse.urlencode(form).encode("utf-8"),
            headers={
                "Authorization": f"Basic {credentials}",
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
            },
            method="POST",
        )


def get_backend() -> BaseSmsBackend:
    """An instance of the configured backend."""
    backend_class = import_string(settings.FRONTDESK_SMS_BACKEND)
    backend = backend_class()
    if not isinstance(backend, BaseSmsBackend):
        raise TypeError(f"{settings.FRONTDESK_SMS_BACKEND} is not an SMS backend.")
    return backend
