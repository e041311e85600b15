"""System checks: refuse, at start-up, a payment configuration that would take no real payment
in production, or could not verify its webhooks."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Info, Tags, Warning, register

from frontdesk.payments.providers import PROVIDERS

# Paydemo's public local defaults (see src/paydemo/config.py): fine on a laptop, never online.
PAYDEMO_LOCAL_DEFAULTS = {
    "FRONTDESK_PAYDEMO_API_KEY": "paydemo-local-api-key",
    "FRONTDESK_PAYDEMO_WEBHOOK_SECRET": "paydemo-local-webhook-secret",
}
DEMO_SETTINGS = ("FRONTDESK_PAYDEMO_URL", *PAYDEMO_LOCAL_DEFAULTS)
STRIPE_SETTINGS = ("FRONTDESK_STRIPE_SECRET_KEY", "FRONTDESK_STRIPE_WEBHOOK_SECRET")


def _missing(names: tuple[str, ...]) -> list[str]:
    return [name for name in names if not str(getattr(settings, name, "") or "")]


@register(Tags.security)
def payment_provider_check(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    name = str(getattr(settings, "FRONTDESK_PAYMENT_PROVIDER", "") or "")
    if not name:
        return [
            Info(
                "No payment provider is configured: checkout cannot take payments.",
                hint="Set FRONTDESK_PAYMENT_PROVIDER=stripe and its FRONTDESK_STRIPE_* settings.",
                id="payments.I001",
            )
        ]
    if name not in PROVIDERS:
        return [
            Error(
                f"FRONTDESK_PAYMENT_PROVIDER {name!r} is not one of {', '.join(PROVIDERS)}.",
                id="payments.E001",
            )
        ]
    return _demo_messages() if name == "demo" else _stripe_messages()


def _demo_messages() -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    production = bool(settings.PRODUCTION)
    if production and not getattr(settings, "FRONTDESK_PAYDEMO_IN_PRODUCTION", False):
        messages.append(
            Error(
                "The demo payment provider takes no real payments: production refuses it.",
                hint="Use FRONTDESK_PAYMENT_PROVIDER=stripe, or for a public demonstration set "
                "FRONTDESK_PAYDEMO_IN_PRODUCTION=1 with Paydemo's own URL, key and secret.",
                id="payments.E002",
            )
        )
    missing = _missing(DEMO_SETTINGS)
    if missing:
        messages.append(
            Error(f"The demo payment provider needs {', '.join(missing)}.", id="payments.E003")
        )
    if production:
        messages += _production_demo_messages()
    return messages


def _production_demo_messages() -> list[CheckMessage]:
    messages: list[CheckMessage] = [
        Error(
            f"{name} is the public local default: set a secret of your own.",
            id="payments.E004",
        )
        for name, default in PAYDEMO_LOCAL_DEFAULTS.items()
        if getattr(settings, name, "") == default
    ]
    if not str(settings.FRONTDESK_PAYDEMO_URL).startswith("https://"):
        messages.append(
            Error(
                "FRONTDESK_PAYDEMO_URL must be an https:// URL in production.", id="payments.E005"
            )
        )
    return messages


def _stripe_messages() -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    missing = _missing(STRIPE_SETTINGS)
    if missing:
        messages.append(Error(f"Stripe payments need {', '.join(missing)}.", id="payments.E006"))
    if settings.PRODUCTION:
        if not str(settings.FRONTDESK_STRIPE_API_URL).startswith("https://"):
            messages.append(
                Error(
                    "FRONTDESK_STRIPE_API_URL must be an https:// URL in production.",
                    id="payments.E005",
                )
            )
        if str(settings.FRONTDESK_STRIPE_SECRET_KEY).startswith("sk_test_"):
            messages.append(Warning("Production uses a Stripe test-mode key.", id="payments.W001"))
    return messages
