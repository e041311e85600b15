"""The Stripe adapter, against a local server that answers like Stripe's API and records what it
is sent; webhook signatures computed here as Stripe computes them."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from frontdesk.payments.errors import ForgedWebhook, ProviderError
from frontdesk.payments.models import Payment
from frontdesk.payments.providers import get_provider
from frontdesk.payments.providers.base import IGNORED
from frontdesk.payments.services import payment_refund
from frontdesk.payments.tests.conftest import CANCEL_URL, SUCCESS_URL, start

SECRET_KEY = "sk_test_frontdesk"
WEBHOOK_SECRET = "whsec_frontdesk_test"
SESSION = {
    "id": "cs_test_a1",
    "object": "checkout.session",
    "url": "https://checkout.stripe.com/c/pay/cs_test_a1",
    "payment_intent": "pi_test_1",
}


class FakeStripe:
    """Records each request (method, path, query, headers, form) and answers from `routes`."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.routes: dict[tuple[str, str], tuple[int, dict[str, Any]]] = {}
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode()
                recorder.requests.append(
                    {
                        "method": self.command,
                        "path": parts.path,
                        "query": parse_qs(parts.query),
                        "headers": dict(self.headers),
                        "form": {k: v[0] for k, v in parse_qs(body).items()},
                    }
                )
                status, payload = recorder.routes.get(
                    (self.command, parts.path), (404, {"error": {"message": "No such route"}})
                )
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Request-Id", "req_test")
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _answer  # noqa: N815 - the names http.server calls

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture
def fake_stripe(settings):
    fake = FakeStripe()
    thread = threading.Thread(target=fake.server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    settings.FRONTDESK_PAYMENT_PROVIDER = "stripe"
    settings.FRONTDESK_STRIPE_API_URL = fake.url
    settings.FRONTDESK_STRIPE_SECRET_KEY = SECRET_KEY
    settings.FRONTDESK_STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    fake.routes[("POST", "/v1/checkout/sessions")] = (200, SESSION)
    yield fake
    fake.server.shutdown()
    fake.server.server_close()
    thread.join()


def stripe_signature(body: bytes, *, secret: str = WEBHOOK_SECRET, at: int | None = None) -> str:
    moment = int(time.time()) if at is None else at
    digest = hmac.new(secret.encode(), f"{moment}.{body.decode()}".encode(), hashlib.sha256)
    return f"t={moment},v1={digest.hexdigest()}"


def stripe_event(kind: str, obj: dict[str, Any], *, event_id: str = "evt_stripe_1") -> bytes:
    return json.dumps(
        {"id": event_id, "object": "event", "type": kind, "data": {"object": obj}}
    ).encode()


def completed(payment_status: str = "paid", amount_total: int = 1250) -> bytes:
    return stripe_event(
        "checkout.session.completed",
        {
            "id": "cs_test_a1",
            "object": "checkout.session",
            "payment_status": payment_status,
            "amount_total": amount_total,
            "currency": "eur",
        },
    )


@pytest.mark.promise("FD-6", "JF-4")
@pytest.mark.django_db
def test_start_creates_a_checkout_session_with_only_what_stripe_needs(fake_stripe, organisation):
    # when
    started = start(organisation)
    # then: one request, authenticated, idempotent, in minor units
    [request] = fake_stripe.requests
    assert (request["method"], request["path"]) == ("POST", "/v1/checkout/sessions")
    assert request["headers"]["Authorization"] == f"Bearer {SECRET_KEY}"
    assert request["headers"]["Idempotency-Key"].startswith("frontdesk-")
    assert request["form"] == {
        "mode": "payment",
        "line_items[0][quantity]": "1",
        "line_items[0][price_data][currency]": "eur",
        "line_items[0][price_data][unit_amount]": "1250",
        "line_items[0][price_data][product_data][name]": "2 red roses",
        "client_reference_id": "checkout-1",
        "metadata[reference]": "checkout-1",
        "success_url": SUCCESS_URL,
        "cancel_url": CANCEL_URL,
        "customer_email": "casey@example.test",
    }
    assert started.redirect_url == SESSION["url"]
    assert (started.payment.provider, started.payment.session_id) == ("stripe", "cs_test_a1")


@pytest.mark.django_db
def test_the_idempotency_key_is_the_same_for_the_same_attempt(fake_stripe, organisation, settings):
    # given: the first try's transaction was lost after Stripe answered
    provider = get_provider()
    key = "frontdesk-same"
    for _ in range(2):
        provider.start_checkout(
            reference="r",
            amount=Decimal("5.00"),
            currency="EUR",
            description="d",
            customer_email="",
            success_url=SUCCESS_URL,
            cancel_url=CANCEL_URL,
            idempotency_key=key,
        )
    # then: both requests carry the one key (Stripe answers the second from the first)
    keys = [r["headers"]["Idempotency-Key"] for r in fake_stripe.requests]
    assert keys == [key, key]
    assert "customer_email" not in fake_stripe.requests[0]["form"]


@pytest.mark.django_db
def test_a_stripe_refusal_is_a_provider_error_and_leaves_nothing(fake_stripe, organisation):
    # given
    fake_stripe.routes[("POST", "/v1/checkout/sessions")] = (
        400,
        {"error": {"type": "invalid_request_error", "message": "Invalid currency"}},
    )
    # when / then
    with pytest.raises(ProviderError):
        start(organisation)
    assert not Payment.objects.exists()


@pytest.mark.django_db
def test_a_hosted_page_on_another_site_is_refused(fake_stripe, organisation):
    # given
    fake_stripe.routes[("POST", "/v1/checkout/sessions")] = (
        200,
        {**SESSION, "url": "https://checkout.stripe.com.evil.example/c/pay"},
    )
    # when / then
    with pytest.raises(ProviderError, match="unexpected site"):
        start(organisation)


@pytest.mark.promise("FD-6")
def test_a_correctly_signed_completed_session_is_a_paid_event(fake_stripe):
    # given
    body = completed()
    # when
    event = get_provider().verify_webhook(
        body=body, headers={"stripe-signature": stripe_signature(body)}
    )
    # then
    assert (event.event_id, event.kind, event.session_id) == ("evt_stripe_1", "paid", "cs_test_a1")
    assert (event.amount, event.currency) == (Decimal("12.50"), "EUR")


@pytest.mark.promise("FD-6")
@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "t=123",
        "v1=abc",
        "nonsense",
        "wrong-secret",
        "stale",
        "tampered",
    ],
)
def test_bad_stripe_signatures_are_refused(fake_stripe, header):
    # given
    body = completed()
    headers = {
        None: {},
        "wrong-secret": {"stripe-signature": stripe_signature(body, secret="whsec_guess")},
        "stale": {"stripe-signature": stripe_signature(body, at=int(time.time()) - 301)},
        "tampered": {"stripe-signature": stripe_signature(completed(amount_total=1))},
    }.get(header, {"stripe-signature": header or ""})
    # when / then
    with pytest.raises(ForgedWebhook):
        get_provider().verify_webhook(body=body, headers=headers)


def test_a_rotated_secret_signature_list_is_accepted_when_one_matches(fake_stripe):
    # given: Stripe sends several v1 signatures while an endpoint secret rolls over
    body = completed()
    good = stripe_signature(body)
    header = good.replace(",v1=", ",v1=" + "0" * 64 + ",v1=")
    # when
    event = get_provider().verify_webhook(body=body, headers={"stripe-signature": header})
    # then
    assert event.kind == "paid"


@pytest.mark.parametrize(
    ("kind", "obj", "expected"),
    [
        (
            "checkout.session.completed",
            {
                "id": "cs_test_a1",
                "payment_status": "unpaid",
                "amount_total": 1250,
                "currency": "eur",
            },
            IGNORED,
        ),
        (
            "checkout.session.async_payment_succeeded",
            {"id": "cs_test_a1", "payment_status": "paid", "amount_total": 1250, "currency": "eur"},
            "paid",
        ),
        (
            "checkout.session.async_payment_failed",
            {"id": "cs_test_a1", "amount_total": 1250, "currency": "eur"},
            "failed",
        ),
        (
            "checkout.session.expired",
            {"id": "cs_test_a1", "amount_total": 1250, "currency": "eur"},
            "expired",
        ),
        ("customer.created", {"id": "cus_1"}, IGNORED),
        (
            "charge.refunded",
            {
                "id": "ch_1",
                "refunded": False,
                "amount": 1250,
                "currency": "eur",
                "payment_intent": "pi_test_1",
            },
            IGNORED,
        ),
    ],
)
def test_stripe_event_types_map_to_payment_kinds(fake_stripe, kind, obj, expected):
    # given
    body = stripe_event(kind, obj)
    # when
    event = get_provider().verify_webhook(
        body=body, headers={"stripe-signature": stripe_signature(body)}
    )
    # then
    assert event.kind == expected


def test_a_full_refund_is_found_by_its_payment_intent(fake_stripe):
    # given
    fake_stripe.routes[("GET", "/v1/checkout/sessions")] = (
        200,
        {
            "object": "list",
            "url": "/v1/checkout/sessions",
            "has_more": False,
            "data": [{"id": "cs_test_a1", "object": "checkout.session"}],
        },
    )
    body = stripe_event(
        "charge.refunded",
        {
            "id": "ch_1",
            "object": "charge",
            "refunded": True,
            "amount": 1250,
            "currency": "eur",
            "payment_intent": "pi_test_1",
        },
    )
    # when
    event = get_provider().verify_webhook(
        body=body, headers={"stripe-signature": stripe_signature(body)}
    )
    # then
    assert (event.kind, event.session_id, event.amount) == (
        "refunded",
        "cs_test_a1",
        Decimal("12.50"),
    )
    [lookup] = fake_stripe.requests
    assert lookup["query"] == {"payment_intent": ["pi_test_1"], "limit": ["1"]}


@pytest.mark.promise("FD-6")
@pytest.mark.django_db
def test_the_stripe_webhook_endpoint_pays_once_and_refund_calls_stripe(
    fake_stripe, organisation, outcomes
):
    # given
    payment = start(organisation).payment
    body = completed()
    client = Client()
    # when
    first = client.post(
        "/payments/webhooks/stripe/",
        body,
        content_type="application/json",
        headers={"Stripe-Signature": stripe_signature(body)},
    )
    again = client.post(
        "/payments/webhooks/stripe/",
        body,
        content_type="application/json",
        headers={"Stripe-Signature": stripe_signature(body)},
    )
    # then
    assert (first.status_code, first.json()) == (200, {"outcome": "applied"})
    assert (again.status_code, again.json()) == (200, {"outcome": "duplicate"})
    payment.refresh_from_db()
    assert payment.state == Payment.State.PAID
    assert [kind for _, kind, _ in outcomes] == ["paid"]
    # and a refund asks Stripe for the session's payment intent, then refunds it in full
    fake_stripe.routes[("GET", "/v1/checkout/sessions/cs_test_a1")] = (200, SESSION)
    fake_stripe.routes[("POST", "/v1/refunds")] = (
        200,
        {"id": "re_1", "object": "refund", "status": "succeeded"},
    )
    payment_refund(actor=None, payment=payment)
    refund = fake_stripe.requests[-1]
    assert (refund["method"], refund["path"]) == ("POST", "/v1/refunds")
    assert refund["form"] == {"payment_intent": "pi_test_1", "amount": "1250"}
    assert refund["headers"]["Idempotency-Key"].startswith("frontdesk-")
    payment.refresh_from_db()
    assert payment.state == Payment.State.REFUNDED
