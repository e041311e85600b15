"""The customer resources area (IN-11, IN-20, IN-14, QL-9): a buyer chooses a password from the
e-mailed link, signs in on the area's own page (which notices a browser refusing cookies),
sees each licence with its unlock code, the releases it covers with sizes and SHA-256 and the
downloads left, and their recent sign-ins and downloads."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from frontdesk.identity.models import LoginAttempt, User
from frontdesk.licensing import cookies, services
from frontdesk.licensing.devices import device_summary
from frontdesk.licensing.models import Licence
from frontdesk.licensing.tests.conftest import (
    BUYER,
    CUSTOMER_IP,
    area_client,
    infacta_account,
    payload,
    visitor,
)

NEW_PASSWORD = "a long new passphrase 77"
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"


def _visitor() -> Client:
    return visitor(REMOTE_ADDR=CUSTOMER_IP, HTTP_USER_AGENT=FIREFOX)


def _sign_in(browser: Client, password: str, **extra: str):
    assert browser.get("/software/login/").status_code == 200  # sets the cookie test
    return browser.post("/software/login/", {"username": BUYER, "password": password, **extra})


def _welcome_link() -> str:
    found = re.search(r"http://[^\s]+(/software/welcome/[^\s]+)", str(mail.outbox[-1].body))
    assert found, mail.outbox[-1].body
    return found.group(1)


@pytest.mark.promise("IN-3", "IN-8")
@pytest.mark.django_db
def test_the_emailed_link_sets_the_password_once(notify, django_capture_on_commit_callbacks):
    # given: a partner's notification opened the account
    with django_capture_on_commit_callbacks(execute=True):
        notify(payload())
    link = _welcome_link()
    browser = _visitor()
    # when: the buyer follows the link and chooses a password
    assert "Choose your password" in browser.get(link).content.decode()
    chosen = browser.post(link, {"new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD})
    # then: sent to sign in, where the password works
    assert chosen.status_code == 302
    assert chosen["Location"] == "/software/login/"
    assert "Your password is set" in browser.get("/software/login/").content.decode()
    signed_in = browser.post("/software/login/", {"username": BUYER, "password": NEW_PASSWORD})
    assert signed_in.status_code == 302
    assert signed_in["Location"] == "/software/"
    # and the link no longer works
    assert _visitor().get(link).status_code == 404


@pytest.mark.django_db
def test_the_welcome_link_refuses_a_weak_password(notify, django_capture_on_commit_callbacks):
    # given
    with django_capture_on_commit_callbacks(execute=True):
        notify(payload())
    link = _welcome_link()
    # when
    response = _visitor().post(link, {"new_password": "short", "new_password_again": "short"})
    # then
    assert response.status_code == 200
    assert "too short" in response.content.decode()
    assert not User.objects.with_email(BUYER).get().has_usable_password()


@pytest.mark.django_db
def test_a_forged_welcome_link_is_refused(buyer):
    # then
    assert _visitor().get("/software/welcome/MQ/abc-123/").status_code == 404


@pytest.mark.promise("IN-11", "QL-9", "IN-8")
@pytest.mark.django_db
def test_the_area_shows_each_licence_its_code_files_checksums_and_downloads_left(
    licence, shelf, password
):
    # given
    browser = _visitor()
    _sign_in(browser, password)
    # when
    page = browser.get("/software/").content.decode()
    # then
    assert licence.unlock_code in page
    assert "Group Mail Pro 1.1" in page
    assert "Group Mail Pro 1.0" in page
    for file in (shelf.new_file, shelf.old_file):
        assert file.sha256 in page
        assert f"{file.size} bytes" in page
    assert page.count("2 of 2 downloads left") == 2
    assert licence.updates_until.strftime("%Y") in page
    assert "Welcome back, Ada" in page


def _area_queries(browser: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert browser.get("/software/").status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_the_area_page_queries_do_not_grow_with_the_licences(licence, shelf):
    # given: one licence, then three (with one more release to cover)
    browser = area_client(licence.user)
    browser.get("/software/")  # the session's first-request bookkeeping is behind us
    with_one = _area_queries(browser)
    services.release_create(actor=None, product=shelf.product, version="1.2")
    for _ in range(2):
        services.licence_issue(actor=None, user=licence.user, product=shelf.product)
    # when
    with_three = _area_queries(browser)
    # then
    assert with_three == with_one


@pytest.mark.promise("IN-8")
@pytest.mark.django_db
def test_the_area_needs_a_signed_in_person(shelf):
    # then
    response = visitor().get("/software/")
    assert response.status_code == 302
    assert response["Location"].startswith("/software/login/?next=/software/")


@pytest.mark.promise("IN-20", "IN-12")
@pytest.mark.django_db
def test_history_shows_the_sign_ins_and_downloads(licence, shelf, password):
    # given: the buyer signs in on the area's page, and downloads a file
    browser = _visitor()
    _sign_in(browser, password)
    link = browser.post(f"/software/licences/{licence.pk}/files/{shelf.new_file.pk}/download")
    assert browser.get(link["Location"]).status_code == 200
    # when
    page = browser.get("/software/history/").content.decode()
    # then: the sign-in with time, address and device, and the download with its file
    attempt = LoginAttempt.objects.get(user=licence.user)
    assert attempt.ip == CUSTOMER_IP
    assert CUSTOMER_IP in page
    assert "Firefox 128 on Windows" in page
    assert shelf.new_file.name in page
    assert "Group Mail Pro 1.1" in page
    assert page.count(CUSTOMER_IP) == 2


@pytest.mark.promise("IN-20")
@pytest.mark.django_db
def test_history_shows_only_the_persons_own(licence, shelf, notify, password):
    # given: someone else bought and downloaded too
    notify(payload(event_id="evt-other", reference="PL-2", email="other@example.test"))
    other = infacta_account("other@example.test")
    other_licence = Licence.objects.get(user=other)
    stranger = area_client(other)
    link = stranger.post(
        f"/software/licences/{other_licence.pk}/files/{shelf.old_file.pk}/download"
    )
    stranger.get(link["Location"])
    # when
    page = area_client(licence.user).get("/software/history/").content.decode()
    # then
    assert shelf.old_file.name not in page
    assert (
        other_licence.unlock_code
        not in area_client(licence.user).get("/software/").content.decode()
    )


@pytest.mark.promise("IN-14", "IN-17")
@pytest.mark.django_db
def test_the_login_page_says_when_the_browser_refuses_cookies(buyer, password):
    # given: a browser that keeps no cookie (it never sends one back)
    browser = visitor(REMOTE_ADDR=CUSTOMER_IP)
    assert browser.get("/software/login/").status_code == 200
    browser.cookies.clear()
    # when
    response = browser.post("/software/login/", {"username": BUYER, "password": password})
    # then: told why, and not signed in
    assert response.status_code == 400
    assert "refuses cookies" in response.content.decode()
    assert not LoginAttempt.objects.exists()
    assert "_auth_user_id" not in browser.session


@pytest.mark.promise("IN-8")
@pytest.mark.django_db
def test_a_wrong_password_is_refused_like_on_every_sign_in_page(buyer):
    # when
    response = _sign_in(_visitor(), "not the password at all")
    # then
    assert response.status_code == 200
    assert "did not work" in response.content.decode()
    assert LoginAttempt.objects.get().outcome == LoginAttempt.Outcome.FAILED


@pytest.mark.django_db
def test_the_login_form_still_needs_its_csrf_token(buyer, password):
    # given: a browser that keeps cookies, but a form posted from elsewhere
    browser = visitor(enforce_csrf_checks=True, REMOTE_ADDR=CUSTOMER_IP)
    browser.get("/software/login/")
    # when
    response = browser.post("/software/login/", {"username": BUYER, "password": password})
    # then
    assert response.status_code == 403
    assert not LoginAttempt.objects.exists()


@pytest.mark.django_db
def test_signing_out_returns_to_the_greeting(buyer, password):
    # given
    browser = _visitor()
    _sign_in(browser, password)
    # when
    response = browser.post("/software/logout/", follow=True)
    # then
    assert response.redirect_chain[-1][0] == "/software/login/"
    assert "Welcome back, Ada." in response.content.decode()
    assert browser.get("/software/").status_code == 302


@pytest.mark.promise("IN-17")
@pytest.mark.django_db
def test_remember_this_account_fills_in_the_email_and_can_be_forgotten(buyer, password):
    # given: the buyer ticks "Remember this account"
    browser = _visitor()
    signed_in = _sign_in(browser, password, remember="on")
    token = signed_in.cookies[cookies.REMEMBER].value
    assert BUYER not in token
    browser.post("/software/logout/")
    # when: they come back
    page = browser.get("/software/login/").content.decode()
    # then: the e-mail address is filled in from the server, not from the cookie
    assert f'value="{BUYER}"' in page
    # when: they forget this browser from the login page
    forgotten = browser.post("/software/forget/")
    # then
    assert forgotten.cookies[cookies.REMEMBER].value == ""
    assert forgotten.cookies[cookies.GREETING].value == ""
    page = browser.get("/software/login/").content.decode()
    assert BUYER not in page
    assert "Welcome back" not in page
    # and the token is dead on the server too
    again = _visitor()
    again.cookies[cookies.REMEMBER] = token
    assert BUYER not in again.get("/software/login/").content.decode()


@pytest.mark.promise("IN-17")
@pytest.mark.django_db
def test_a_remembered_browser_can_be_forgotten_from_the_area(buyer, password):
    # given
    browser = _visitor()
    _sign_in(browser, password, remember="on")
    # when
    response = browser.post("/software/forget/", follow=True)
    # then
    assert response.redirect_chain[-1][0] == "/software/"
    assert "no longer remembers" in response.content.decode()
    from frontdesk.licensing.models import RememberedAccount

    assert not RememberedAccount.objects.exists()


def test_devices_read_as_words():
    # then
    assert device_summary(FIREFOX) == "Firefox 128 on Windows"
    chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"
    assert device_summary(chrome) == "Chrome 131 on Linux"
    edge = "Mozilla/5.0 (Windows NT 10.0) Chrome/120.0 Safari/537.36 Edg/120.0"
    assert device_summary(edge) == "Edge 120 on Windows"
    iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Version/17.0 Safari/604.1"
    assert device_summary(iphone) == "Safari 17 on iPhone"
    assert device_summary("") == "an unknown browser"
    assert device_summary("curl/8.0") == "another program"


@pytest.mark.promise("IN-3")
@pytest.mark.django_db
def test_the_welcome_link_expires(notify, settings, django_capture_on_commit_callbacks):
    # given
    with django_capture_on_commit_callbacks(execute=True):
        notify(payload())
    link = _welcome_link()
    later = timezone.now() + timedelta(days=settings.FRONTDESK_WELCOME_LINK_DAYS, hours=1)
    # when
    with time_machine.travel(later, tick=False):
        response = _visitor().get(link)
    # then
    assert response.status_code == 404
    assert "no longer works" in response.content.decode()
