"""Registration asks for an e-mail address and a password only (QM-9, QM-13)."""

from __future__ import annotations

import pytest
from django.core import mail

from frontdesk.audit.models import AuditEvent
from frontdesk.identity.models import User
from frontdesk.identity.tests.helpers import is_signed_in

REGISTER = "/account/register/"
GOOD = "a long and unusual passphrase"


@pytest.mark.promise("QM-9", "QM-13")
@pytest.mark.django_db
def test_the_form_asks_only_for_email_and_password(client):
    # when
    response = client.get(REGISTER)
    # then
    assert list(response.context["form"].fields) == ["email", "password"]


@pytest.mark.promise("QM-13")
@pytest.mark.django_db
def test_registering_opens_an_account_and_signs_in(client):
    # when
    response = client.post(REGISTER, {"email": "New@Example.test", "password": GOOD})
    # then
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    user = User.objects.with_email("new@example.test").get()
    assert not user.is_staff
    assert not user.must_change_password
    assert is_signed_in(client)
    assert AuditEvent.objects.filter(
        action="identity.account.registered", actor_id=user.pk
    ).exists()


@pytest.mark.promise("FD-4", "FD-8")
@pytest.mark.django_db
def test_a_taken_address_gets_a_neutral_message_and_its_owner_a_note(
    client, customer, django_capture_on_commit_callbacks
):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REGISTER, {"email": customer.email.upper(), "password": GOOD})
    # then
    body = response.content.decode()
    assert response.status_code == 200
    assert "We could not open an account with this address" in body
    assert "already exists" not in body
    assert User.objects.count() == 1
    assert not is_signed_in(client)
    assert [message.to for message in mail.outbox] == [[customer.email]]
    customer.refresh_from_db()
    assert not customer.check_password(GOOD)


@pytest.mark.promise("QL-6")
@pytest.mark.django_db
def test_registrations_are_rate_limited_per_address(client, settings):
    # given
    settings.FRONTDESK_REGISTER_RATE_PER_IP = "2/h"
    for i in range(2):
        client.post(REGISTER, {"email": f"bad{i}@example.test", "password": "short"})
    # when
    response = client.post(REGISTER, {"email": "late@example.test", "password": GOOD})
    # then
    assert response.status_code == 429
    assert not User.objects.with_email("late@example.test").exists()
