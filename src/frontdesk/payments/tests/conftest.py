"""Fixtures of the payment tests: Paydemo running in a thread, the live server its webhooks
reach, and a handler that records what it is told."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from decimal import Decimal
from typing import Any

import pytest

from frontdesk.payments import handlers
from frontdesk.payments import services as payments
from paydemo.config import DEFAULT_API_KEY, DEFAULT_WEBHOOK_SECRET
from paydemo.testing import running_paydemo

PURPOSE = "test.checkout"
SUCCESS_URL = "http://127.0.0.1:9/shop/checkout/done/"
CANCEL_URL = "http://127.0.0.1:9/shop/checkout/"
CARD = "4242424242424242"


@pytest.fixture
def paydemo_url(tmp_path, settings):
    """Paydemo on a free port, Frontdesk's demo provider pointed at it."""
    with running_paydemo(tmp_path) as url:
        settings.FRONTDESK_PAYMENT_PROVIDER = "demo"
        settings.FRONTDESK_PAYDEMO_URL = url
        settings.FRONTDESK_PAYDEMO_API_KEY = DEFAULT_API_KEY
        settings.FRONTDESK_PAYDEMO_WEBHOOK_SECRET = DEFAULT_WEBHOOK_SECRET
        yield url


@pytest.fixture
def site(live_server, settings):
    """The live server's scheme and port as this site's: Paydemo's webhooks go to the paying
    business's own host on that port (`acme.localhost`, which Paydemo sends to loopback)."""
    settings.SITE_URL = live_server.url
    return live_server.url


@pytest.fixture
def outcomes():
    """The (payment id, kind, state seen) of every outcome the test purpose's handler gets."""
    seen: list[tuple[int, str, str]] = []

    def handler(outcome: handlers.PaymentOutcome) -> None:
        seen.append((outcome.payment.pk, outcome.kind, outcome.payment.state))

    handlers.register(PURPOSE, handler)
    yield seen
    handlers.unregister(PURPOSE, handler)


def start(
    organisation: Any,
    *,
    reference: str = "checkout-1",
    amount: Any = Decimal("12.50"),
    currency: str = "EUR",
) -> payments.PaymentStart:
    return payments.payment_start(
        actor=None,
        organisation_id=organisation.pk,
        purpose=PURPOSE,
        reference=reference,
        amount=amount,
        currency=currency,
        description="2 red roses",
        customer_email="casey@example.test",
        success_url=SUCCESS_URL,
        cancel_url=CANCEL_URL,
    )


def demo_signature(
    body: bytes, *, secret: str = DEFAULT_WEBHOOK_SECRET, at: int | None = None
) -> str:
    """`Paydemo-Signature` computed here, independently of the code under test."""
    moment = int(time.time()) if at is None else at
    digest = hmac.new(secret.encode(), f"{moment}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={moment},v1={digest}"


def demo_event(
    payment: Any,
    *,
    kind: str = "paid",
    event_id: str = "evt_test_1",
    amount_minor: int = 1250,
    currency: str = "EUR",
) -> bytes:
    return json.dumps(
        {
            "id": event_id,
            "kind": kind,
            "created": int(time.time()),
            "session_id": payment.session_id,
            "reference": payment.reference,
            "amount_minor": amount_minor,
            "currency": currency,
        }
    ).encode()


def receive(body: bytes, *, signature: str | None = None, provider: str = "demo") -> str:
    header = demo_signature(body) if signature is None else signature
    return payments.webhook_receive(
        provider=provider, body=body, headers={"Paydemo-Signature": header}
    )
