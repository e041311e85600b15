"""payment_start: one hosted session per (purpose, reference) attempt, bad input refused."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from frontdesk.audit.models import AuditEvent
from frontdesk.payments.errors import PaymentClosedError, PaymentError, ProviderError
from frontdesk.payments.models import Payment
from frontdesk.payments.tests.conftest import demo_event, receive, start


def _paydemo_sessions(tmp_path: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(tmp_path / "paydemo.sqlite3") as db:
        return db.execute("SELECT id, amount_minor, currency, reference FROM sessions").fetchall()


@pytest.mark.promise("FD-6")
@pytest.mark.django_db
def test_start_opens_a_hosted_session_at_the_provider(paydemo_url, organisation, tmp_path):
    # when
    started = start(organisation)
    # then: the customer goes to Paydemo's own page, which knows the amount in minor units
    payment = started.payment
    assert started.redirect_url == f"{paydemo_url}/pay/{payment.session_id}"
    assert payment.state == Payment.State.PENDING
    assert (payment.provider, payment.amount, payment.currency) == ("demo", Decimal("12.50"), "EUR")
    assert _paydemo_sessions(tmp_path) == [(payment.session_id, 1250, "EUR", "checkout-1")]
    event = AuditEvent.objects.get(action="payments.payment.started")
    assert event.target_id == str(payment.pk)
    assert event.organisation_id == organisation.pk


@pytest.mark.promise("QM-1")
@pytest.mark.django_db
def test_the_release_to_the_card_processor_is_recorded_without_the_value(paydemo_url, organisation):
    # when: the buyer's e-mail address goes to the provider with the hosted session
    start(organisation)
    # then: the audit event says who received which field, and holds no address itself
    event = AuditEvent.objects.get(action="payments.payment.started")
    assert event.details["released"] == {"recipient": "demo", "fields": ["email"]}
    assert "casey@example.test" not in str(event.details)


@pytest.mark.django_db
def test_start_again_returns_the_open_payment(paydemo_url, organisation, tmp_path):
    # given
    first = start(organisation)
    # when
    again = start(organisation)
    # then
    assert again.payment.pk == first.payment.pk
    assert again.redirect_url == first.redirect_url
    assert len(_paydemo_sessions(tmp_path)) == 1
    assert AuditEvent.objects.filter(action="payments.payment.started").count() == 1


@pytest.mark.django_db
def test_start_after_a_failed_payment_opens_a_new_attempt(paydemo_url, organisation, outcomes):
    # given: the first attempt was declined
    first = start(organisation).payment
    receive(demo_event(first, kind="failed"))
    # when
    second = start(organisation).payment
    # then
    assert (second.attempt, second.state) == (2, Payment.State.PENDING)
    assert second.session_id != first.session_id


@pytest.mark.django_db
def test_start_for_a_paid_reference_is_refused(paydemo_url, organisation, outcomes):
    # given
    payment = start(organisation).payment
    receive(demo_event(payment, kind="paid"))
    # when / then
    with pytest.raises(PaymentClosedError):
        start(organisation)
    assert Payment.objects.count() == 1


@pytest.mark.django_db
def test_start_with_another_amount_while_one_is_open_is_refused(paydemo_url, organisation):
    # given
    start(organisation)
    # when / then
    with pytest.raises(PaymentError, match="another amount"):
        start(organisation, amount=Decimal("99.00"))


@pytest.mark.promise("FD-8")
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("amount", "currency", "message"),
    [
        (12.5, "EUR", "must be a Decimal"),
        (Decimal("0"), "EUR", "above zero"),
        (Decimal("-3.00"), "EUR", "above zero"),
        (Decimal("1.005"), "EUR", "at most 2 decimal places"),
        (Decimal("10.50"), "JPY", "at most 0 decimal places"),
        (Decimal("NaN"), "EUR", "must be a Decimal"),
        (Decimal("12.50"), "EURO", "three-letter"),
        (Decimal("12.500"), "BHD", "not supported"),
    ],
)
def test_bad_amounts_are_refused_and_change_nothing(  # noqa: PLR0917 - fixtures and cases
    paydemo_url, organisation, tmp_path, amount, currency, message
):
    # when / then
    with pytest.raises(PaymentError, match=message):
        start(organisation, amount=amount, currency=currency)
    assert not Payment.objects.exists()
    assert _paydemo_sessions(tmp_path) == []


@pytest.mark.django_db
def test_currency_is_taken_in_capitals_and_zero_decimal_currencies_in_whole_units(
    paydemo_url, organisation, tmp_path
):
    # when
    payment = start(organisation, amount=Decimal("1500"), currency="jpy").payment
    # then
    assert (payment.amount, payment.currency) == (Decimal("1500"), "JPY")
    assert _paydemo_sessions(tmp_path)[0][1:3] == (1500, "JPY")


@pytest.mark.promise("FD-8")
@pytest.mark.django_db
def test_an_unreachable_provider_leaves_nothing_behind(paydemo_url, organisation, settings):
    # given: nothing listens there
    settings.FRONTDESK_PAYDEMO_URL = "http://127.0.0.1:9"
    # when / then
    with pytest.raises(ProviderError, match="cannot be reached"):
        start(organisation)
    assert not Payment.objects.exists()
    assert not AuditEvent.objects.filter(action="payments.payment.started").exists()


@pytest.mark.django_db
def test_a_wrong_api_key_is_refused_by_the_provider(paydemo_url, organisation, settings):
    # given
    settings.FRONTDESK_PAYDEMO_API_KEY = "not-the-key"
    # when / then
    with pytest.raises(ProviderError, match="HTTP 401"):
        start(organisation)
    assert not Payment.objects.exists()


@pytest.mark.promise("QM-12")
@pytest.mark.django_db
def test_the_customers_email_goes_to_the_provider_and_is_not_kept(paydemo_url, organisation):
    # when
    payment = start(organisation).payment
    # then: nothing of the payment or its audit event holds the address
    stored = Payment.objects.filter(pk=payment.pk).values().get()
    assert "casey@example.test" not in repr(stored)
    assert "casey@example.test" not in repr(list(AuditEvent.objects.values("details")))
