"""System checks: production refuses the demo provider (unless explicitly allowed, with real
secrets over HTTPS) and a provider that could not verify its webhooks."""

from __future__ import annotations

import pytest

from frontdesk.payments.checks import payment_provider_check


def _ids(settings) -> list[str]:
    return sorted(str(message.id) for message in payment_provider_check(None))


def _production_demo(settings) -> None:
    settings.PRODUCTION = True
    settings.FRONTDESK_PAYMENT_PROVIDER = "demo"
    settings.FRONTDESK_PAYDEMO_IN_PRODUCTION = False
    settings.FRONTDESK_PAYDEMO_URL = "https://pay.demo.example.org"
    settings.FRONTDESK_PAYDEMO_API_KEY = "a-real-key-of-this-deployment"
    settings.FRONTDESK_PAYDEMO_WEBHOOK_SECRET = "a-real-secret-of-this-deployment"


def test_local_demo_defaults_pass(settings):
    # given
    settings.PRODUCTION = False
    settings.FRONTDESK_PAYMENT_PROVIDER = "demo"
    settings.FRONTDESK_PAYDEMO_URL = "http://127.0.0.1:8001"
    settings.FRONTDESK_PAYDEMO_API_KEY = "paydemo-local-api-key"
    settings.FRONTDESK_PAYDEMO_WEBHOOK_SECRET = "paydemo-local-webhook-secret"
    # then
    assert _ids(settings) == []


@pytest.mark.promise("FD-6")
def test_production_refuses_the_demo_provider(settings):
    # given
    _production_demo(settings)
    # then
    assert _ids(settings) == ["payments.E002"]


@pytest.mark.promise("JF-5")
def test_production_demo_when_allowed_needs_its_own_secrets_over_https(settings):
    # given
    _production_demo(settings)
    settings.FRONTDESK_PAYDEMO_IN_PRODUCTION = True
    settings.FRONTDESK_PAYDEMO_URL = "http://pay.demo.example.org"
    settings.FRONTDESK_PAYDEMO_WEBHOOK_SECRET = "paydemo-local-webhook-secret"
    # then
    assert _ids(settings) == ["payments.E004", "payments.E005"]
    # and with its own secret over HTTPS it passes
    settings.FRONTDESK_PAYDEMO_URL = "https://pay.demo.example.org"
    settings.FRONTDESK_PAYDEMO_WEBHOOK_SECRET = "a-real-secret-of-this-deployment"
    assert _ids(settings) == []


def test_the_demo_provider_without_its_settings_is_refused(settings):
    # given
    settings.PRODUCTION = False
    settings.FRONTDESK_PAYMENT_PROVIDER = "demo"
    settings.FRONTDESK_PAYDEMO_API_KEY = ""
    # then
    assert _ids(settings) == ["payments.E003"]


def test_stripe_without_its_keys_is_refused(settings):
    # given
    settings.PRODUCTION = True
    settings.FRONTDESK_PAYMENT_PROVIDER = "stripe"
    settings.FRONTDESK_STRIPE_SECRET_KEY = ""
    settings.FRONTDESK_STRIPE_WEBHOOK_SECRET = ""
    settings.FRONTDESK_STRIPE_API_URL = "https://api.stripe.com"
    # then
    assert _ids(settings) == ["payments.E006"]


def test_stripe_in_production_with_a_test_key_is_a_warning(settings):
    # given
    settings.PRODUCTION = True
    settings.FRONTDESK_PAYMENT_PROVIDER = "stripe"
    settings.FRONTDESK_STRIPE_SECRET_KEY = "sk_test_123"
    settings.FRONTDESK_STRIPE_WEBHOOK_SECRET = "whsec_123"
    settings.FRONTDESK_STRIPE_API_URL = "https://api.stripe.com"
    # then
    assert _ids(settings) == ["payments.W001"]


def test_an_unknown_provider_is_refused(settings):
    # given
    settings.FRONTDESK_PAYMENT_PROVIDER = "paypal"
    # then
    assert _ids(settings) == ["payments.E001"]


def test_no_provider_is_only_a_note(settings):
    # given: production's default
    settings.PRODUCTION = True
    settings.FRONTDESK_PAYMENT_PROVIDER = ""
    # then
    assert _ids(settings) == ["payments.I001"]
