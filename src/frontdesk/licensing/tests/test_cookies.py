"""IN-17: the customer area's cookies are exactly a temporary cookie-test cookie, a permanent
greeting-name cookie, an optional permanent "Remember this Account" cookie, a temporary
authentication cookie and the session cookie, each declared with purpose and lifetime. A full
visit sets exactly the declared ones; pages outside the area set none of them (IN-6)."""

from __future__ import annotations

from http.cookies import Morsel
from typing import Any

import pytest
from django.conf import settings
from django.utils.html import escape

from frontdesk.core import declarations
from frontdesk.licensing import cookies
from frontdesk.licensing.privacy import AREA_COOKIE_NAMES, AREA_COOKIES
from frontdesk.licensing.tests.conftest import BUYER, CUSTOMER_IP, visitor

YEAR = 365 * 24 * 3600


class Visit:
    """A browser that notes every cookie each response sets."""

    def __init__(self) -> None:
        self.client = visitor(REMOTE_ADDR=CUSTOMER_IP)
        self.set: dict[str, Morsel[Any]] = {}

    def __call__(self, method: str, path: str, data: dict[str, str] | None = None) -> Any:
        response = getattr(self.client, method)(path, data or {})
        self.set.update(response.cookies)
        return response


@pytest.mark.promise("IN-17", "FD-1")
@pytest.mark.django_db
def test_a_full_visit_sets_exactly_the_declared_cookies(licence, shelf, password):
    # given
    visit = Visit()
    # when: login page, sign in (remembering the account), the area, a download, sign out
    visit("get", "/software/login/")
    signed_in = visit(
        "post", "/software/login/", {"username": BUYER, "password": password, "remember": "on"}
    )
    assert signed_in.status_code == 302
    visit("get", "/software/")
    link = visit("post", f"/software/licences/{licence.pk}/files/{shelf.new_file.pk}/download")
    assert visit("get", link["Location"]).status_code == 200
    visit("get", "/software/history/")
    visit("post", "/software/logout/")
    visit("get", "/software/login/")
    # then: the cookies set are exactly the area's declared ones
    assert set(visit.set) == set(AREA_COOKIE_NAMES)
    declared = {cookie.name for cookie in declarations.cookies()}
    assert declared >= AREA_COOKIE_NAMES


@pytest.mark.promise("IN-17")
def test_the_declaration_lists_the_five_cookies_of_the_policy_with_purpose_and_lifetime():
    # then
    assert [item.role for item in AREA_COOKIES] == [
        "Temporary cookie-test cookie",
        "Permanent greeting-name cookie",
        'Optional permanent "Remember this Account" cookie',
        "Temporary authentication cookie",
        "Session cookie",
    ]
    for item in AREA_COOKIES:
        assert item.cookie.purpose
        assert item.cookie.lifetime
    # the authentication cookie is a cookie of its own, beside the session cookie
    assert AREA_COOKIES[3].cookie.name == cookies.AUTHENTICATION
    assert AREA_COOKIES[3].cookie.name != settings.SESSION_COOKIE_NAME
    assert AREA_COOKIES[4].cookie.name == settings.SESSION_COOKIE_NAME
    assert AREA_COOKIES[3].cookie.party == "first"
    assert AREA_COOKIES[3].cookie.lifetime == "until you sign out or close the browser"


@pytest.mark.promise("IN-17")
@pytest.mark.django_db
def test_each_cookie_is_as_declared(buyer, password):
    # given
    browser = visitor(REMOTE_ADDR=CUSTOMER_IP)
    login_page = browser.get("/software/login/")
    # when
    signed_in = browser.post(
        "/software/login/", {"username": BUYER, "password": password, "remember": "on"}
    )
    # then: the cookie test is temporary (no expiry), anonymous, and gone after sign-in
    test_cookie = login_page.cookies[cookies.COOKIE_TEST]
    assert test_cookie.value == "1"
    assert not test_cookie["max-age"]
    assert not test_cookie["expires"]
    assert signed_in.cookies[cookies.COOKIE_TEST].value == ""
    # the greeting holds the first name only, signed, for a year
    greeting = signed_in.cookies[cookies.GREETING]
    assert greeting.value.split(":")[0] == "Ada"
    assert "Buyer" not in greeting.value
    assert int(greeting["max-age"]) == YEAR
    # "Remember this Account" holds a random token, not the e-mail address, for a year
    remember = signed_in.cookies[cookies.REMEMBER]
    assert "@" not in remember.value
    assert "ada" not in remember.value.lower()
    assert len(remember.value) >= 40
    assert int(remember["max-age"]) == YEAR
    # the authentication cookie is temporary, a random token, and goes with the session
    authentication = signed_in.cookies[cookies.AUTHENTICATION]
    assert len(authentication.value) >= 40
    assert not authentication["max-age"]
    assert not authentication["expires"]
    assert authentication["httponly"]
    assert authentication["samesite"] == "Lax"
    assert authentication["path"] == "/"
    # the session got a new identifier at sign-in
    assert (
        signed_in.cookies[settings.SESSION_COOKIE_NAME].value
        != login_page.cookies[settings.SESSION_COOKIE_NAME].value
    )
    # and all are HttpOnly, SameSite=Lax and kept to the area
    for morsel in (test_cookie, greeting, remember):
        assert morsel["httponly"]
        assert morsel["samesite"] == "Lax"
        assert morsel["path"] == "/software/"


@pytest.mark.promise("IN-17")
@pytest.mark.django_db
def test_without_ticking_remember_no_remember_cookie_is_set(buyer, password):
    # given
    browser = visitor(REMOTE_ADDR=CUSTOMER_IP)
    browser.get("/software/login/")
    # when
    signed_in = browser.post("/software/login/", {"username": BUYER, "password": password})
    # then
    assert cookies.REMEMBER not in signed_in.cookies


@pytest.mark.promise("IN-6", "IN-17")
@pytest.mark.django_db
def test_pages_outside_the_sign_in_set_no_area_cookie(shelf, notify):
    # when: the public cookie list, the public site, and a partner's notification
    client = visitor()
    responses = [client.get("/software/cookies/"), client.get("/")]
    webhook = notify({"event_id": "x"})
    # then
    assert all(cookies.COOKIE_TEST not in response.cookies for response in responses)
    assert dict(responses[0].cookies) == {}
    assert dict(webhook.cookies) == {}


@pytest.mark.promise("IN-17")
@pytest.mark.django_db
def test_the_cookie_page_lists_each_with_purpose_and_lifetime(shelf):
    # when
    page = visitor().get("/software/cookies/").content.decode()
    # then
    for item in AREA_COOKIES:
        assert escape(item.role) in page
        assert f"<code>{item.cookie.name}</code>" in page
