"""Personal info (QM-10, IN-16): a customer sees and edits their own name and e-mail address;
a new address needs the current password; bad input changes nothing."""

from __future__ import annotations

import pytest
from conftest import PASSWORD, make_user, signed_in_client
from django.urls import reverse

from frontdesk.audit.models import AuditEvent
from frontdesk.identity.models import User

URL = reverse("privacy:centre:profile")


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def customer(db) -> User:
    return make_user("casey@example.test", full_name="Casey Customer")


def _events(user: User, action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, target_id=str(user.pk)))


@pytest.mark.promise("QM-10", "IN-16")
def test_the_profile_shows_the_persons_own_name_and_address(customer):
    # when
    response = signed_in_client(customer).get(URL)
    # then
    assert response.status_code == 200
    assert b"Casey Customer" in response.content
    assert b"casey@example.test" in response.content


@pytest.mark.promise("QM-10", "IN-16")
def test_changing_the_name_needs_no_password_and_is_audited(customer):
    # when
    response = signed_in_client(customer).post(
        URL, {"full_name": "Casey Q. Customer", "email": "casey@example.test"}
    )
    # then
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.full_name == "Casey Q. Customer"
    [event] = _events(customer, "identity.profile.changed")
    assert event.details == {"fields": ["full_name"]}
    assert "Casey" not in str(event.details)  # the audit log names fields, not values


@pytest.mark.promise("QM-10", "IN-16")
def test_changing_the_email_without_the_password_changes_nothing(customer):
    # when
    response = signed_in_client(customer).post(
        URL, {"full_name": "New Name", "email": "new@example.test", "password": "wrong guess!"}
    )
    # then
    assert response.status_code == 400
    assert b"current password" in response.content
    customer.refresh_from_db()
    assert (customer.email, customer.full_name) == ("casey@example.test", "Casey Customer")
    assert _events(customer, "identity.profile.changed") == []


@pytest.mark.promise("QM-10", "IN-16")
def test_changing_the_email_with_the_password_works(customer):
    # when
    response = signed_in_client(customer).post(
        URL, {"full_name": "Casey Customer", "email": "New@Example.test", "password": PASSWORD}
    )
    # then
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.email == "new@example.test"
    assert customer.check_password(PASSWORD)
    [event] = _events(customer, "identity.profile.changed")
    assert event.details == {"fields": ["email"]}


@pytest.mark.promise("QM-10")
def test_an_address_of_another_account_is_refused(customer):
    # given
    make_user("taken@example.test")
    # when
    response = signed_in_client(customer).post(
        URL, {"full_name": "Casey", "email": "taken@example.test", "password": PASSWORD}
    )
    # then
    assert response.status_code == 400
    assert b"cannot be used" in response.content
    customer.refresh_from_db()
    assert (customer.email, customer.full_name) == ("casey@example.test", "Casey Customer")


def test_the_profile_needs_sign_in(client, db):
    # when
    response = client.get(URL)
    # then
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("identity:login"))
