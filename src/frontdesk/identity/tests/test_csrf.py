"""Cross-site request forgery (QL-5): forms and session-authenticated API calls need the
CSRF token."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from frontdesk.identity.tests.helpers import (
    BROWSER,
    LOGIN_URL,
    PASSWORD,
    code_for,
    confirmed_device,
)


def _csrf_token(client: Client, url: str) -> str:
    html = client.get(url).content.decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, url
    return match.group(1)


@pytest.fixture
def csrf_client() -> Client:
    return Client(enforce_csrf_checks=True, HTTP_USER_AGENT=BROWSER)


def _staff_session(client: Client, staff) -> None:
    """Sign in through the real pages: password, then the authenticator code."""
    device = confirmed_device(staff)
    token = _csrf_token(client, LOGIN_URL)
    client.post(
        LOGIN_URL,
        {"username": staff.email, "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    token = _csrf_token(client, "/account/otp/verify/")
    client.post("/account/otp/verify/", {"code": code_for(device), "csrfmiddlewaretoken": token})
    assert client.get("/account/").status_code == 200


@pytest.mark.promise("QL-5")
@pytest.mark.django_db
def test_login_form_without_csrf_token_is_refused(csrf_client, customer):
    # when
    response = csrf_client.post(LOGIN_URL, {"username": customer.email, "password": PASSWORD})
    # then
    assert response.status_code == 403
    assert "_auth_user_id" not in csrf_client.session


@pytest.mark.promise("QL-5")
@pytest.mark.django_db
def test_login_form_with_csrf_token_works(csrf_client, customer):
    # given
    token = _csrf_token(csrf_client, LOGIN_URL)
    # when
    response = csrf_client.post(
        LOGIN_URL, {"username": customer.email, "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    # then
    assert response.status_code == 302


@pytest.mark.promise("QL-5")
@pytest.mark.django_db
def test_session_api_post_needs_the_csrf_token(csrf_client, staff):
    # given
    _staff_session(csrf_client, staff)
    payload = {"name": "ci", "scopes": ["account:read"]}
    # when
    refused = csrf_client.post("/api/account/tokens", payload, content_type="application/json")
    token = _csrf_token(csrf_client, "/account/")
    accepted = csrf_client.post(
        "/api/account/tokens", payload, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    # then
    assert refused.status_code == 403
    assert accepted.status_code == 201
    assert staff.api_tokens.count() == 1


@pytest.mark.promise("QL-5")
@pytest.mark.django_db
def test_logout_without_csrf_token_is_refused(csrf_client, customer):
    # given
    token = _csrf_token(csrf_client, LOGIN_URL)
    csrf_client.post(
        LOGIN_URL, {"username": customer.email, "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    # when
    response = csrf_client.post("/account/logout/")
    # then
    assert response.status_code == 403
    assert "_auth_user_id" in csrf_client.session
