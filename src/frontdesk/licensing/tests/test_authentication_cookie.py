"""IN-17's temporary authentication cookie: signing in through the area binds the session to a
random token in a cookie of its own (the session keeps only its keyed SHA-256). A session that
comes back without it, or with another token, is signed out, wherever on the site it is used;
signing out deletes the cookie."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from frontdesk.core import tokens
from frontdesk.licensing import cookies
from frontdesk.licensing.middleware import BINDING_KEY
from frontdesk.licensing.tests.conftest import BUYER, CUSTOMER_IP, visitor


def _signed_in(password: str) -> Client:
    browser = visitor(REMOTE_ADDR=CUSTOMER_IP)
    browser.get("/software/login/")
    response = browser.post("/software/login/", {"username": BUYER, "password": password})
    assert response.status_code == 302
    return browser


def _with_session_only(browser: Client) -> Client:
    """Another browser holding a copy of `browser`'s session cookie, and nothing else."""
    thief = visitor(REMOTE_ADDR="192.0.2.66")
    thief.cookies[settings.SESSION_COOKIE_NAME] = browser.cookies[
        settings.SESSION_COOKIE_NAME
    ].value
    return thief


@pytest.mark.promise("IN-17")
@pytest.mark.django_db
def test_the_session_keeps_only_the_digest_of_the_token(buyer, password):
    # when
    browser = _signed_in(password)
    # then
    token = browser.cookies[cookies.AUTHENTICATION].value
    assert browser.session[BINDING_KEY] == tokens.digest(token)
    assert token not in str(dict(browser.session.items()))


@pytest.mark.promise("IN-17")
@pytest.mark.django_db
def test_with_both_cookies_the_person_stays_signed_in_across_the_site(buyer, password):
    # given
    browser = _signed_in(password)
    # when
    area = browser.get("/software/")
    account = browser.get("/account/")
    # then
    assert area.status_code == 200
    assert account.status_code == 200
    assert browser.session.get("_auth_user_id") == str(buyer.pk)


@pytest.mark.promise("IN-17")
@pytest.mark.django_db
def test_a_stolen_session_cookie_alone_signs_the_session_out(buyer, password):
    # given: someone copied the session cookie, but not the authentication cookie
    browser = _signed_in(password)
    thief = _with_session_only(browser)
    # when
    response = thief.get("/software/")
    # then: the thief is sent to sign in, and the session is over for its owner too
    assert response.status_code == 302
    assert response["Location"].startswith("/software/login/")
    assert browser.get("/software/").status_code == 302


@pytest.mark.promise("IN-17")
@pytest.mark.django_db
def test_the_check_holds_outside_the_area_too(buyer, password):
    # given
    thief = _with_session_only(_signed_in(password))
    # when: the copied session is tried on the account pages
    response = thief.get("/account/")
    # then
    assert response.status_code == 302
    assert "_auth_user_id" not in thief.session


@pytest.mark.promise("IN-17")
@pytest.mark.django_db
def test_a_different_token_signs_the_session_out(buyer, password):
    # given
    browser = _signed_in(password)
    browser.cookies[cookies.AUTHENTICATION] = "x" * 43
    # when
    response = browser.get("/software/")
    # then
    assert response.status_code == 302
    assert response["Location"].startswith("/software/login/")


@pytest.mark.promise("IN-17")
@pytest.mark.django_db
def test_signing_out_deletes_the_authentication_cookie(buyer, password):
    # given
    browser = _signed_in(password)
    # when
    response = browser.post("/software/logout/")
    # then
    deleted = response.cookies[cookies.AUTHENTICATION]
    assert deleted.value == ""
    assert deleted["max-age"] == 0
    assert deleted["path"] == "/"


@pytest.mark.promise("IN-17")
@pytest.mark.django_db
def test_signing_out_elsewhere_deletes_it_too(buyer, password):
    # given
    browser = _signed_in(password)
    # when: the person signs out from the account pages
    response = browser.post("/account/logout/")
    # then
    assert response.cookies[cookies.AUTHENTICATION].value == ""
    assert response.cookies[cookies.AUTHENTICATION]["max-age"] == 0


@pytest.mark.promise("IN-17")
@pytest.mark.django_db
def test_a_session_signed_in_elsewhere_needs_no_authentication_cookie(buyer):
    # given: a session started without the area (here by the test client)
    browser = visitor(REMOTE_ADDR=CUSTOMER_IP)
    browser.force_login(buyer)
    # when
    response = browser.get("/software/")
    # then
    assert response.status_code == 200
    assert cookies.AUTHENTICATION not in response.cookies


@pytest.mark.promise("IN-17")
def test_in_production_the_cookie_is_host_only():
    # then
    assert cookies.host_only_name("fd_auth", secure=True) == "__Host-fd_auth"
    assert cookies.host_only_name("fd_auth", secure=False) == "fd_auth"
