"""Failed logins per client address are throttled (FD-4), whatever the account."""

from __future__ import annotations

import pytest

from frontdesk.identity.models import LoginAttempt
from frontdesk.identity.pages import THROTTLED
from frontdesk.identity.tests.helpers import PASSWORD, is_signed_in, make_user, sign_in


@pytest.fixture
def small_rate(settings):
    settings.FRONTDESK_LOGIN_RATE_PER_IP = "3/h"


@pytest.mark.promise("FD-4", "QL-6")
@pytest.mark.django_db
@pytest.mark.usefixtures("small_rate")
def test_too_many_failures_from_one_address_get_429_with_retry_after(client, customer):
    # given: failures spread over several accounts, so no account locks
    for email in ("a@example.test", "b@example.test", "c@example.test"):
        sign_in(client, email, "wrong password here")
    # when
    response = sign_in(client, customer.email, PASSWORD)
    # then
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    body = response.content.decode()
    assert THROTTLED in body
    assert "password did not work" not in body  # it says nothing about the account
    assert not is_signed_in(client)
    assert LoginAttempt.objects.filter(user=customer).get().outcome == "throttled"


@pytest.mark.promise("FD-4")
@pytest.mark.django_db
@pytest.mark.usefixtures("small_rate")
def test_throttle_counts_per_address(client, customer):
    # given
    for _ in range(3):
        sign_in(client, "a@example.test", "wrong password here", REMOTE_ADDR="203.0.113.9")
    # when
    response = sign_in(client, customer.email, PASSWORD, REMOTE_ADDR="198.51.100.7")
    # then
    assert response.status_code == 302


@pytest.mark.promise("FD-4")
@pytest.mark.django_db
@pytest.mark.usefixtures("small_rate")
def test_successful_logins_are_not_counted(client):
    # given
    users = [make_user(f"user{i}@example.test") for i in range(4)]
    # when
    responses = [sign_in(client, user.email, PASSWORD) for user in users]
    # then
    assert [r.status_code for r in responses] == [302] * 4
