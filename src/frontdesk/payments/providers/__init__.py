"""Payment providers, one chosen by the setting FRONTDESK_PAYMENT_PROVIDER ("demo", "stripe")."""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string

from frontdesk.payments.errors import UnknownProviderError
from frontdesk.payments.providers.base import PaymentProvider

PROVIDERS: dict[str, str] = {
    "demo": "frontdesk.payments.providers.demo.DemoProvider",
    "stripe": "frontdesk.payments.providers.stripe_checkout.StripeProvider",
}


def configured_name() -> str:
    return str(getattr(settings, "FRONTDESK_PAYMENT_PROVIDER", "") or "")


def get_provider(name: str | None = None) -> PaymentProvider:
    """The adapter called `name` (default: the configured one). Only the configured provider
    and providers of payments already started (their webhooks, refunds) are ever asked for."""
    key = configured_name() if name is None else name
    if key not in PROVIDERS:
        raise UnknownProviderError(
            "No payment provider is configured (FRONTDESK_PAYMENT_PROVIDER)."
            if not key
            else f"Unknown payment provider {key!r}."
        )
    provider = import_string(PROVIDERS[key])()
    if not isinstance(provider, PaymentProvider):
        raise TypeError(f"{PROVIDERS[key]} is not a payment provider.")
    return provider
