"""FD-2: the lockout counters (django-axes) hold no e-mail address, client address or browser
in the clear; the account's own sign-in history keeps those, sealed."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from conftest import make_user
from django.test import Client

from frontdesk.identity.models import LoginAttempt
from frontdesk.identity.selectors import lockout_key


@pytest.mark.promise("FD-2", "QL-13")
@pytest.mark.django_db
def test_failed_sign_ins_are_counted_without_personal_data_in_the_clear():
    # given
    user = make_user("casey@example.test")
    client = Client(REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="SecretBrowser/1.0")
    # when: two wrong passwords
    for _ in range(2):
        client.post("/account/login/", {"username": "casey@example.test", "password": "wrong"})
    # then: axes counts them under the e-mail's blind index, with no address or browser
    [attempt] = AccessAttempt.objects.all()
    assert attempt.failures_since_start == 2
    assert attempt.username == lockout_key("casey@example.test", user.organisation_id)
    assert (attempt.ip_address, attempt.user_agent) == (None, "")
    stored = f"{attempt.username} {attempt.get_data} {attempt.post_data}"
    assert "casey" not in stored
    assert "wrong" not in stored
    # and the sign-in history has them, sealed with the account's key
    history = LoginAttempt.objects.filter(user=user)
    assert {(row.ip, row.user_agent) for row in history} == {("203.0.113.9", "SecretBrowser/1.0")}
