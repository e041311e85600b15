"""Passwords (QL-11, QL-12, FD-5): own login per person, slow one-way hash, 12 to 128
characters, common ones refused, no expiry."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from frontdesk.identity import services
from frontdesk.identity.models import User
from frontdesk.identity.tests.helpers import PASSWORD, make_user


@pytest.mark.promise("QL-12", "FD-5")
@pytest.mark.django_db
def test_only_an_argon2id_hash_is_stored(customer):
    # when
    customer.refresh_from_db()
    # then
    assert customer.password.startswith("argon2$argon2id$")
    assert PASSWORD not in customer.password


@pytest.mark.promise("FD-5", "QL-12")
@pytest.mark.parametrize(
    ("candidate", "accepted"),
    [
        ("a" * 6 + "b" * 5, False),  # 11 characters
        ("Zq7!vM2#pL9w", True),  # 12
        ("x7Kq" * 32, True),  # 128
        ("x7Kq" * 32 + "z", False),  # 129
        ("password1234", False),  # on the common-password list
    ],
)
def test_password_rules(candidate, accepted):
    # when
    try:
        validate_password(candidate)
        ok = True
    except ValidationError:
        ok = False
    # then
    assert ok is accepted


@pytest.mark.promise("FD-5", "QL-12")
@pytest.mark.django_db
def test_registration_enforces_the_rules_with_a_clear_message(client):
    # when
    response = client.post(
        "/account/register/", {"email": "new@example.test", "password": "password1234"}
    )
    # then
    assert response.status_code == 200
    assert "too common" in response.content.decode()


@pytest.mark.promise("FD-5")
def test_passwords_never_expire():
    # then: no setting, and no field, forces a periodic change
    names = [name for name in dir(settings) if re.search(r"PASSWORD.*(EXPIR|MAX_AGE|ROTAT)", name)]
    assert names == []
    fields = {field.name for field in User._meta.get_fields()}
    assert not {"password_changed_at", "password_expires_at"} & fields


@pytest.mark.promise("QL-11", "QL-12")
@pytest.mark.django_db
def test_every_user_has_an_own_id_and_own_salted_hash():
    # given
    first = make_user("one@example.test")
    second = make_user("two@example.test")
    # then: the same password gives two different hashes (different salts)
    assert first.pk != second.pk
    assert first.password != second.password
    assert first.check_password(PASSWORD)
    assert second.check_password(PASSWORD)


@pytest.mark.promise("QL-11")
@pytest.mark.django_db
def test_staff_accounts_get_their_own_random_temporary_password():
    # when
    one, first = services.staff_create(actor=None, email="a@acme.test", full_name="A")
    _, second = services.staff_create(actor=None, email="b@acme.test", full_name="B")
    # then
    assert first != second
    assert len(first) >= 12
    assert one.check_password(first)
    assert not one.check_password(second)


@pytest.mark.promise("FD-8")
@pytest.mark.django_db
def test_staff_create_refuses_a_taken_address(customer):
    # when / then
    with pytest.raises(ValidationError):
        services.staff_create(
            actor=None,
            email=customer.email.upper(),
            full_name="Dup",
            organisation_id=customer.organisation_id,
        )
