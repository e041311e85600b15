"""Stripe Checkout through the official `stripe` package: a Checkout Session (mode=payment, one
line item with the amount in minor units) created with an Idempotency-Key; webhooks verified by
the package's own `Stripe-Signature` check (HMAC-SHA256 of "t.body" with the endpoint secret,
constant-time, 5-minute tolerance); refunds against the session's payment intent.

Settings: FRONTDESK_STRIPE_SECRET_KEY, FRONTDESK_STRIPE_WEBHOOK_SECRET,
FRONTDESK_STRIPE_API_URL (https://api.stripe.com; tests point it at a local server),
FRONTDESK_STRIPE_CHECKOUT_ORIGIN (https://checkout.stripe.com, or a custom checkout domain).

Stripe's webhook endpoints are set on the Stripe account, not per session: point them at any
host of the installation (the platform's, or each business's /payments/webhooks/stripe/); the
payments service finds each event's business from its session once the signature is verified.
The customer's return addresses are the business's own, as for every provider.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import stripe
from django.conf import settings

from frontdesk.payments.errors import (
    ForgedWebhook,
    PaymentError,
    ProviderError,
    WebhookPayloadError,
)
from frontdesk.payments.money import clean_currency, from_minor, to_minor
from frontdesk.payments.providers.base import (
    IGNORED,
    HostedSession,
    PaymentProvider,
    ProviderEvent,
)

SIGNATURE_HEADER = "stripe-signature"
NETWORK_RETRIES = 2  # retried with the same Idempotency-Key, so never a second session
# Checkout Session events → our kinds. `completed` means paid only once the money is there
# (payment_status "paid"); delayed methods confirm later with `async_payment_succeeded`.
SESSION_EVENTS = {
    "checkout.session.async_payment_succeeded": "paid",
    "checkout.session.async_payment_failed": "failed",
    "checkout.session.expired": "expired",
}


class StripeProvider(PaymentProvider):
    name = "stripe"

    def __init__(self) -> None:
        self.client = stripe.StripeClient(
            str(settings.FRONTDESK_STRIPE_SECRET_KEY),
            base_addresses={"api": str(settings.FRONTDESK_STRIPE_API_URL).rstrip("/")},
            max_network_retries=NETWORK_RETRIES,
        )
        self.webhook_secret = str(settings.FRONTDESK_STRIPE_WEBHOOK_SECRET)

    @property
    def checkout_origin(self) -> str:
        return str(settings.FRONTDESK_STRIPE_CHECKOUT_ORIGIN).rstrip("/")

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
        webhook_url: str = "",  # Stripe's endpoints are set on the account (see the module)
    ) -> HostedSession:
        try:
            session = self.client.v1.checkout.sessions.create(
                params={
                    "mode": "payment",
                    "line_items": [
                        {
                            "quantity": 1,
                            "price_data": {
                                "currency": currency.lower(),
                                "unit_amount": to_minor(amount, currency),
                                "product_data": {"name": description or reference},
                            },
                        }
                    ],
                    "client_reference_id": reference,
                    "metadata": {"reference": reference},
                    "success_url": success_url,
                    "cancel_url": cancel_url,
                    **({"customer_email": customer_email} if customer_email else {}),
                },
                options={"idempotency_key": idempotency_key},
            )
        except stripe.StripeError as error:
            raise ProviderError("Stripe refused or could not open the checkout.") from error
        url = session.url or ""
        if not url.startswith(f"{self.checkout_origin}/"):
            raise ProviderError("Stripe answered with a payment page on an unexpected site.")
        return HostedSession(session_id=session.id, redirect_url=url)

    def verify_webhook(self, *, body: bytes, headers: Mapping[str, str]) -> ProviderEvent:
        try:
            stripe.WebhookSignature.verify_header(
                body,
                headers.get(SIGNATURE_HEADER) or None,
                self.webhook_secret,
                tolerance=int(settings.FRONTDESK_PAYMENT_WEBHOOK_TOLERANCE_SECONDS),
            )
        except stripe.SignatureVerificationError as error:
            # The error carries the body: only a fixed reason goes on.
            raise ForgedWebhook("The Stripe signature is missing, wrong or too old.") from error
        except UnicodeDecodeError as error:
            raise ForgedWebhook("The webhook body is not text.") from error
        try:
            event = json.loads(body.decode("utf-8"))
            return self._event(event)
        except (ValueError, KeyError, TypeError, PaymentError) as error:
            if isinstance(error, ProviderError):
                raise
            raise WebhookPayloadError("The Stripe event cannot be read.") from error

    def _event(self, event: dict[str, Any]) -> ProviderEvent:
        kind_name = str(event["type"])
        obj = event["data"]["object"]
        if kind_name == "charge.refunded":
            return self._refund_event(event, obj)
        kind = SESSION_EVENTS.get(kind_name, IGNORED)
        if kind_name == "checkout.session.completed":
            done = obj.get("payment_status") in {"paid", "no_payment_required"}
            kind = "paid" if done else IGNORED
        if kind == IGNORED:
            return ProviderEvent(str(event["id"]), IGNORED, "", None, "")
        currency = clean_currency(str(obj["currency"]))
        return ProviderEvent(
            event_id=str(event["id"]),
            kind=kind,
            session_id=str(obj["id"]),
            amount=from_minor(int(obj["amount_total"]), currency),
            currency=currency,
        )

    def _refund_event(self, event: dict[str, Any], charge: dict[str, Any]) -> ProviderEvent:
        """A charge refunded in full (in our flow or from Stripe's dashboard): the session is
        found by the charge's payment intent. A partial refund moves nothing."""
        if not charge.get("refunded"):
            return ProviderEvent(str(event["id"]), IGNORED, "", None, "")
        currency = clean_currency(str(charge["currency"]))
        return ProviderEvent(
            event_id=str(event["id"]),
            kind="refunded",
            session_id=self._session_of(str(charge["payment_intent"])),
            amount=from_minor(int(charge["amount"]), currency),
            currency=currency,
        )

    def _session_of(self, payment_intent: str) -> str:
        try:
            found = self.client.v1.checkout.sessions.list(
                params={"payment_intent": payment_intent, "limit": 1}
            )
        except stripe.StripeError as error:
            raise ProviderError("Stripe could not be asked about the refunded payment.") from error
        return found.data[0].id if found.data else ""

    def refund(
        self, *, session_id: str, amount: Decimal, currency: str, idempotency_key: str
    ) -> None:
        try:
            session = self.client.v1.checkout.sessions.retrieve(session_id)
            intent = session.payment_intent
            intent_id = intent if isinstance(intent, str) else getattr(intent, "id", "")
            if not intent_id:
                raise ProviderError("Stripe knows no payment for this session.")
            self.client.v1.refunds.create(
                params={"payment_intent": intent_id, "amount": to_minor(amount, currency)},
                options={"idempotency_key": idempotency_key},
            )
        except stripe.StripeError as error:
            raise ProviderError("Stripe refused or could not take the refund.") from error
