"""Every login attempt is recorded with time, address and browser (IN-12, IN-14, IN-20)."""

from __future__ import annotations

import pytest
from django.conf import settings

from frontdesk.audit.models import AuditEvent
from frontdesk.identity.models import LoginAttempt
from frontdesk.identity.tests.helpers import BROWSER, PASSWORD, sign_in


@pytest.mark.promise("IN-12", "IN-14", "QL-13")
@pytest.mark.django_db
def test_success_failure_and_lockout_are_recorded_with_address_and_browser(client, customer):
    # given
    sign_in(client, customer.email, "a wrong password", REMOTE_ADDR="198.51.100.4")
    sign_in(client, customer.email, PASSWORD, REMOTE_ADDR="198.51.100.4")
    client.post("/account/logout/")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, customer.email, "a wrong password", REMOTE_ADDR="198.51.100.4")
    # when
    sign_in(client, customer.email, PASSWORD, REMOTE_ADDR="198.51.100.4")
    # then
    attempts = list(LoginAttempt.objects.filter(user=customer).order_by("pk"))
    outcomes = [attempt.outcome for attempt in attempts]
    assert outcomes[:2] == ["failed", "succeeded"]
    assert outcomes[-1] == "locked"
    assert {attempt.ip for attempt in attempts} == {"198.51.100.4"}
    assert {attempt.user_agent for attempt in attempts} == {BROWSER}
    assert AuditEvent.objects.filter(action="identity.login.succeeded").count() == 1


@pytest.mark.promise("IN-12")
@pytest.mark.django_db
def test_attempts_on_unknown_addresses_are_recorded_without_a_user(client):
    # when
    sign_in(client, "nobody@example.test", PASSWORD)
    # then
    attempt = LoginAttempt.objects.get()
    assert attempt.user is None
    assert attempt.outcome == "failed"


@pytest.mark.promise("IN-20")
@pytest.mark.django_db
def test_the_account_page_lists_recent_attempts(client, customer):
    # given
    sign_in(client, customer.email, "a wrong password", REMOTE_ADDR="198.51.100.77")
    sign_in(client, customer.email, PASSWORD, REMOTE_ADDR="198.51.100.77")
    # when
    response = client.get("/account/")
    # then
    body = response.content.decode()
    assert response.status_code == 200
    assert "198.51.100.77" in body
    assert "IdentityTest/1.0" in body
    assert "Wrong e-mail or password" in body
    assert "Succeeded" in body
