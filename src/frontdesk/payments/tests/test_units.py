"""States, money and the signature scheme on their own."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from frontdesk.payments.csp import allow_payment_form_action
from frontdesk.payments.errors import ForgedWebhook, InvalidTransitionError
from frontdesk.payments.money import from_minor, to_minor
from frontdesk.payments.providers import signing
from frontdesk.payments.states import TRANSITIONS, State, check_move


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("pending", "paid"),
        ("pending", "failed"),
        ("pending", "expired"),
        ("paid", "refunded"),
    ],
)
def test_allowed_transitions(current, target):
    check_move(current, target)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("pending", "refunded"),
        ("paid", "failed"),
        ("paid", "pending"),
        ("failed", "paid"),
        ("expired", "paid"),
        ("refunded", "paid"),
    ],
)
def test_other_transitions_are_refused(current, target):
    with pytest.raises(InvalidTransitionError):
        check_move(current, target)


def test_every_state_has_its_transitions():
    assert set(TRANSITIONS) == set(State.values)


@pytest.mark.parametrize(
    ("amount", "currency", "minor"),
    [
        (Decimal("12.50"), "EUR", 1250),
        (Decimal("0.01"), "GBP", 1),
        (Decimal("1500"), "JPY", 1500),
        (Decimal("999999999.99"), "EUR", 99999999999),
    ],
)
def test_minor_units_round_trip(amount, currency, minor):
    assert to_minor(amount, currency) == minor
    assert from_minor(minor, currency) == amount


SECRET = "s3cret"
BODY = b'{"id":"evt_1"}'


def test_a_good_signature_passes():
    now = int(time.time())
    header = f"t={now},v1={signing.compute(secret=SECRET, timestamp=now, body=BODY)}"
    signing.verify(header=header, body=BODY, secret=SECRET, tolerance=300, now=now + 299)


@pytest.mark.parametrize("shift", [301, -301])
def test_a_signature_outside_the_tolerance_fails(shift):
    now = int(time.time())
    header = f"t={now},v1={signing.compute(secret=SECRET, timestamp=now, body=BODY)}"
    with pytest.raises(ForgedWebhook):
        signing.verify(header=header, body=BODY, secret=SECRET, tolerance=300, now=now + shift)


def test_no_secret_configured_refuses_everything():
    now = int(time.time())
    header = f"t={now},v1={signing.compute(secret='', timestamp=now, body=BODY)}"
    with pytest.raises(ForgedWebhook, match="No webhook secret"):
        signing.verify(header=header, body=BODY, secret="", tolerance=300, now=now)


def test_a_checkout_page_may_post_to_the_providers_page_only(settings):
    # given
    from csp.middleware import CSPMiddleware

    settings.FRONTDESK_PAYMENT_PROVIDER = "demo"
    settings.FRONTDESK_PAYDEMO_URL = "https://pay.demo.example.org"
    request = RequestFactory().get("/shop/checkout/")
    # when
    plain = CSPMiddleware(lambda r: HttpResponse())(request)
    allowed = CSPMiddleware(lambda r: allow_payment_form_action(HttpResponse()))(request)
    assert isinstance(plain, HttpResponse)
    assert isinstance(allowed, HttpResponse)
    # then
    assert "form-action 'self';" in plain["Content-Security-Policy"] + ";"
    assert "form-action 'self' https://pay.demo.example.org" in allowed["Content-Security-Policy"]
