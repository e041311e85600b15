"""IN-18: no card number is received or stored. A partner notification that carries one — in
any field, however nested or formatted, or under a field named like a card field — is refused
with 400, and nothing of it is stored (no table holds it, in the clear or sealed) or logged."""

from __future__ import annotations

import logging

import pytest
from django.apps import apps
from django.core import mail
from django.db import connections

from frontdesk.audit.models import AuditEvent
from frontdesk.licensing.cardcheck import card_like_name, holds_card_number, luhn_valid
from frontdesk.licensing.tests.conftest import BUYER, payload

CARD = "4242424242424242"
SPACED = "4242 4242 4242 4242"


def _raw_database_text() -> str:
    """Every value of every table of both databases, as stored."""
    chunks: list[str] = []
    for alias in ("default", "vault"):
        with connections[alias].cursor() as cursor:
            tables = connections[alias].introspection.table_names(cursor)
            for table in tables:
                cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - our own table names
                chunks.extend(str(row) for row in cursor.fetchall())
    return "\n".join(chunks)


def _opened_values() -> str:
    """Every field of every row of every model, read through the ORM (sealed values opened)."""
    chunks: list[str] = []
    for model in apps.get_models():
        for row in model._default_manager.all():
            chunks.extend(str(getattr(row, f.attname)) for f in model._meta.concrete_fields)
    return "\n".join(chunks)


def _squeezed(text: str) -> str:
    """The text without the spaces and dashes a card number may be written with."""
    return text.replace(" ", "").replace("-", "")


@pytest.mark.promise("IN-18", "IN-3")
@pytest.mark.parametrize(
    "carrying",
    [
        {"order": {**payload()["order"], "options": {"note": f"paid with {SPACED}"}}},
        {"contact": {**payload()["contact"], "company": f"card {CARD}"}},
        {"payment": {"number": int(CARD)}},
        {"card_number": "see partner"},
        {"order": {**payload()["order"], "options": [{"ccNum": "x"}]}},
        {"extra": {"cvv": "123"}},
    ],
    ids=["spaced-in-options", "in-contact", "as-a-number", "card-field", "cc-field", "cvv"],
)
@pytest.mark.django_db
def test_a_notification_carrying_card_data_is_refused_and_nothing_is_kept(
    notify, carrying, caplog, django_capture_on_commit_callbacks
):
    # when
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        response = notify(payload(**carrying))
    # then: refused, with a reason that says what to leave out
    assert response.status_code == 400
    assert "payment details" in response.json()["detail"]
    # and nothing of the notification is anywhere: no account, no purchase, no e-mail
    assert not apps.get_model("licensing", "Purchase").objects.exists()
    assert not apps.get_model("identity", "User").objects.exists()
    assert mail.outbox == []
    stored = _raw_database_text() + _opened_values()
    assert CARD not in _squeezed(stored)
    assert BUYER not in stored
    assert CARD not in _squeezed(caplog.text)
    assert BUYER not in caplog.text
    # and the refusal is audited, without any value of it
    event = AuditEvent.objects.get(action="licensing.notification.payment_data")
    assert CARD not in str(event.details)


@pytest.mark.promise("IN-18")
@pytest.mark.django_db
def test_a_card_number_in_a_body_that_is_not_json_is_refused_too(notify):
    # when
    response = notify(f"event_id=1&card={CARD}".encode())
    # then
    assert response.status_code == 400
    assert AuditEvent.objects.filter(action="licensing.notification.payment_data").exists()


@pytest.mark.promise("IN-18")
@pytest.mark.django_db
def test_an_ordinary_notification_passes_the_check(notify):
    # given: numbers that are not card numbers (too short, or failing the Luhn check)
    data = payload(reference="PL-4242424242424241")
    data["contact"]["phone"] = "+44 20 7946 0958"
    # then
    assert notify(data).status_code == 200


def test_luhn():
    # then
    assert luhn_valid(CARD)
    assert luhn_valid("4000056655665556")
    assert luhn_valid("378282246310005")  # 15 digits (Amex)
    assert not luhn_valid("4242424242424241")


def test_card_numbers_are_found_in_any_format():
    # then
    assert holds_card_number(SPACED)
    assert holds_card_number("4242-4242-4242-4242")
    assert holds_card_number(f"ref 12 {CARD} thanks")
    assert not holds_card_number("4242424242424241")
    assert not holds_card_number("+44 20 7946 0958")
    assert not holds_card_number("2026-11-20")
    assert not holds_card_number("1" * 25)


def test_card_field_names_are_found_in_any_casing():
    # then
    for name in ("card", "cardNumber", "card_number", "CCNum", "cc", "PAN", "cvv", "cardholder"):
        assert card_like_name(name), name
    for name in ("account", "discount", "company", "panel", "reference", "options"):
        assert not card_like_name(name), name
