"""Where a successful sign-in leads: a local `next`, never another site."""

from __future__ import annotations

import pytest

from frontdesk.identity.tests.helpers import LOGIN_URL, PASSWORD


def _sign_in_to(client, email: str, next_url: str):
    return client.post(
        f"{LOGIN_URL}?next={next_url}",
        {"username": email, "password": PASSWORD, "next": next_url},
    )


@pytest.mark.django_db
def test_a_local_next_is_followed(client, customer):
    # when
    response = _sign_in_to(client, customer.email, "/account/security/")
    # then
    assert response["Location"] == "/account/security/"


@pytest.mark.promise("QM-3")
@pytest.mark.django_db
@pytest.mark.parametrize(
    "evil", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]
)
def test_a_foreign_next_is_ignored(client, customer, evil):
    # when
    response = _sign_in_to(client, customer.email, evil)
    # then
    assert response["Location"] == "/account/"


@pytest.mark.django_db
def test_staff_land_in_the_staff_area(client, staff):
    # when
    response = client.post(LOGIN_URL, {"username": staff.email, "password": PASSWORD})
    # then
    assert response["Location"] == "/staff/"


@pytest.mark.promise("FD-8")
@pytest.mark.django_db
def test_an_empty_form_explains_what_is_missing(client):
    # when
    response = client.post(LOGIN_URL, {"username": "", "password": ""})
    # then
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
