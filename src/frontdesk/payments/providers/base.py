"""The one interface every payment provider adapter implements (like Django's swappable
backends): open a hosted checkout, verify a webhook, refund."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar

# Event kinds that move a payment; anything else a provider sends is IGNORED (recorded, 200).
KINDS = frozenset({"paid", "failed", "expired", "refunded"})
IGNORED = "ignored"


@dataclass(frozen=True)
class HostedSession:
    """The provider's hosted payment page for one payment."""

    session_id: str
    redirect_url: str


@dataclass(frozen=True)
class ProviderEvent:
    """What a verified webhook says: `kind` is one of KINDS, or IGNORED; `amount` is None when
    the event does not carry one."""

    event_id: str
    kind: str
    session_id: str
    amount: Decimal | None
    currency: str


class PaymentProvider:
    """Base class of the adapters. Errors: `ProviderError` for a provider that cannot be reached
    or refuses; `ForgedWebhook` for a webhook whose signature is missing, wrong or older than the
    tolerance; `WebhookPayloadError` for a signed body that cannot be read."""

    name: ClassVar[str] = ""

    @property
    def checkout_origin(self) -> str:
        """The origin of the hosted page, which a checkout form must be allowed to reach (CSP
        form-action follows the redirect there)."""
        raise NotImplementedError

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
        """Open the hosted page. `webhook_url` is where the business that takes the payment
        hears about it (its own address); providers whose webhook endpoint is configured on the
        account instead (Stripe) ignore it."""
        raise NotImplementedError

    def verify_webhook(self, *, body: bytes, headers: Mapping[str, str]) -> ProviderEvent:
        raise NotImplementedError

    def refund(
        self, *, session_id: str, amount: Decimal, currency: str, idempotency_key: str
    ) -> None:
        """Refund `amount` (the whole payment) of the paid session; `currency` gives the minor
        units providers count in."""
        raise NotImplementedError
