"""The demo provider: Paydemo (`src/paydemo`), a separate web app with its own card page, its
own database and signed webhooks, reached over HTTP like a real provider.

Settings: FRONTDESK_PAYDEMO_URL (its base URL, API and hosted page alike),
FRONTDESK_PAYDEMO_API_KEY, FRONTDESK_PAYDEMO_WEBHOOK_SECRET. Paydemo sends its webhooks to the
address each session names: the business's own /payments/webhooks/demo/ (`access.hosts`), signed
`Paydemo-Signature: t=…,v1=…`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any
from urllib.parse import quote, urlsplit

from django.conf import settings

from frontdesk.core import clock
from frontdesk.payments.errors import PaymentError, ProviderError, WebhookPayloadError
from frontdesk.payments.money import clean_currency, from_minor, to_minor
from frontdesk.payments.providers import signing
from frontdesk.payments.providers.base import KINDS, HostedSession, PaymentProvider, ProviderEvent
from frontdesk.payments.providers.httpjson import post_json

SIGNATURE_HEADER = "paydemo-signature"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class DemoProvider(PaymentProvider):
    name = "demo"

    def __init__(self) -> None:
        self.base_url = str(settings.FRONTDESK_PAYDEMO_URL).rstrip("/")
        self.api_key = str(settings.FRONTDESK_PAYDEMO_API_KEY)
        self.webhook_secret = str(settings.FRONTDESK_PAYDEMO_WEBHOOK_SECRET)

    @property
    def checkout_origin(self) -> str:
        return _origin(self.base_url)

    def _call(self, path: str, payload: dict[str, Any], idempotency_key: str) -> dict[str, Any]:
        return post_json(
            f"{self.base_url}{path}",
            payload,
            headers={"Authorization": f"Bearer {self.api_key}", "Idempotency-Key": idempotency_key},
        )

    def start_checkout(
        self,
        *,
        reference: str,
        amount: Decimal,
        currency: str,
        description: str,
        customer_email: str,
        success_url: str,
        cancel_url: str,
        idempotency_key: str,
        webhook_url: str = "",
    ) -> HostedSession:
        if not webhook_url:
            raise PaymentError("Paydemo needs the address to send its webhooks to.")
        answer = self._call(
            "/v1/sessions",
            {
                "amount_minor": to_minor(amount, currency),
                "currency": currency,
                "description": description,
                "reference": reference,
                "customer_email": customer_email,
                "success_url": success_url,
                "cancel_url": cancel_url,
                "webhook_url": webhook_url,
            },
            idempotency_key,
        )
        session_id, url = answer.get("id"), answer.get("url")
        if not isinstance(session_id, str) or not isinstance(url, str) or not session_id:
            raise ProviderError("The payment provider answered without a payment page.")
        # The customer is sent only to the provider's own origin, whatever the answer says.
        if _origin(url) != self.checkout_origin:
            raise ProviderError("The payment provider answered with a page on another site.")
        return HostedSession(session_id=session_id, redirect_url=url)

    def verify_webhook(self, *, body: bytes, headers: Mapping[str, str]) -> ProviderEvent:
        signing.verify(
            header=headers.get(SIGNATURE_HEADER, ""),
            body=body,
            secret=self.webhook_secret,
            tolerance=int(settings.FRONTDESK_PAYMENT_WEBHOOK_TOLERANCE_SECONDS),
            now=clock.now().timestamp(),
        )
        return _event(body)

    def refund(
        self, *, session_id: str, amount: Decimal, currency: str, idempotency_key: str
    ) -> None:
        answer = self._call(
            f"/v1/sessions/{quote(session_id, safe='')}/refund",
            {"amount_minor": to_minor(amount, currency)},
            idempotency_key,
        )
        if answer.get("state") != "refunded":
            raise ProviderError("The payment provider did not confirm the refund.")


def _event(body: bytes) -> ProviderEvent:
    try:
        data = json.loads(body.decode("utf-8"))
        currency = clean_currency(data["currency"])
        event = ProviderEvent(
            event_id=str(data["id"]),
            kind=str(data["kind"]),
            session_id=str(data["session_id"]),
            amount=from_minor(int(data["amount_minor"]), currency),
            currency=currency,
        )
    except (ValueError, KeyError, TypeError, PaymentError) as error:
        raise WebhookPayloadError("The webhook body cannot be read.") from error
    if event.kind not in KINDS or not event.event_id or not event.session_id:
        raise WebhookPayloadError("The webhook names no known event.")
    return event
