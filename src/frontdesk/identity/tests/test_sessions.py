"""Sessions (FD-7): new id at login, server-side logout, idle and absolute timeouts, no-store."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore
from django.test import Client

from frontdesk.audit.models import AuditEvent
from frontdesk.core import clock
from frontdesk.identity.tests.helpers import BROWSER, LOGIN_URL, is_signed_in, sign_in


def _session_id(client: Client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.mark.promise("FD-7")
@pytest.mark.django_db
def test_login_starts_a_new_session_id(client, customer):
    # given: an anonymous session already exists (it holds the CSRF token)
    client.get(LOGIN_URL)
    before = _session_id(client)
    # when
    sign_in(client, customer.email)
    # then
    assert is_signed_in(client)
    assert _session_id(client) != before


@pytest.mark.promise("FD-7")
@pytest.mark.django_db
def test_logout_ends_the_session_on_the_server(client, customer):
    # given
    sign_in(client, customer.email)
    old = _session_id(client)
    # when
    response = client.post("/account/logout/")
    # then
    assert response.status_code == 302
    assert not SessionStore(session_key=old).exists(old)
    replay = Client(HTTP_USER_AGENT=BROWSER)
    replay.cookies[settings.SESSION_COOKIE_NAME] = old
    assert replay.get("/account/")["Location"].startswith(LOGIN_URL)
    assert AuditEvent.objects.filter(action="identity.logout", actor_id=customer.pk).exists()


@pytest.mark.promise("FD-7")
@pytest.mark.django_db
def test_logout_needs_post(client, customer):
    # given
    sign_in(client, customer.email)
    # when
    response = client.get("/account/logout/")
    # then
    assert response.status_code == 405
    assert is_signed_in(client)


@pytest.mark.promise("FD-7")
@pytest.mark.django_db
def test_idle_session_expires(client, customer):
    # given
    sign_in(client, customer.email)
    assert client.get("/account/").status_code == 200
    # when
    later = clock.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)
    with time_machine.travel(later):
        response = client.get("/account/")
    # then
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


@pytest.mark.promise("FD-7")
@pytest.mark.django_db
def test_activity_renews_the_idle_timeout_but_not_the_absolute_one(client, customer, settings):
    # given
    settings.FRONTDESK_SESSION_ABSOLUTE_SECONDS = 3600
    start = clock.now()
    sign_in(client, customer.email)
    step = timedelta(seconds=settings.SESSION_COOKIE_AGE * 2 // 3)
    # when: active before each idle timeout, until past the absolute one
    statuses = []
    moment = start
    while moment - start <= timedelta(seconds=3600):
        moment += step
        with time_machine.travel(moment):
            statuses.append(client.get("/account/").status_code)
    # then
    assert set(statuses[:-1]) == {200}
    assert statuses[-1] == 302
    with time_machine.travel(moment):
        page = client.get(LOGIN_URL)
    assert "Your session has ended" in page.content.decode()


@pytest.mark.promise("FD-7")
@pytest.mark.django_db
def test_absolute_timeout_answers_api_calls_with_401(client, customer, settings):
    # given
    settings.FRONTDESK_SESSION_ABSOLUTE_SECONDS = 60
    sign_in(client, customer.email)
    # when
    with time_machine.travel(clock.now() + timedelta(seconds=120)):
        response = client.get("/api/account/me")
    # then
    assert response.status_code == 401


@pytest.mark.promise("FD-7")
@pytest.mark.django_db
def test_pages_for_signed_in_people_are_not_stored(client, customer):
    # given
    sign_in(client, customer.email)
    # when
    response = client.get("/account/")
    # then
    assert "no-store" in response["Cache-Control"]
    assert "no-store" in client.get(LOGIN_URL)["Cache-Control"]
