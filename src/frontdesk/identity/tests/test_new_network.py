"""FD-14: a sign-in from a network the account has never used e-mails the owner."""

from __future__ import annotations

import pytest
from conftest import PASSWORD, make_user
from django.core import mail
from django.db import connection
from django.test import Client

from frontdesk.audit.models import AuditEvent
from frontdesk.identity.models import LoginAttempt
from frontdesk.vault.blind import blind_index

NOTICE = "New sign-in to your account"


def _sign_in(address: str, ip: str, capture) -> None:
    with capture(execute=True):
        Client(REMOTE_ADDR=ip).post(
            "/account/login/",
            {"username": address, "password": PASSWORD},
            HTTP_USER_AGENT="TestBrowser/1.0",
        )


def _notices() -> list[mail.EmailMessage]:
    return [message for message in mail.outbox if message.subject == NOTICE]


@pytest.mark.promise("FD-14")
@pytest.mark.django_db
def test_a_sign_in_from_a_new_network_emails_the_owner(django_capture_on_commit_callbacks):
    # given: an account that signs in from home, twice (two addresses of one /24 network)
    user = make_user("casey@example.test", full_name="Casey Customer")
    _sign_in("casey@example.test", "203.0.113.5", django_capture_on_commit_callbacks)
    _sign_in("casey@example.test", "203.0.113.77", django_capture_on_commit_callbacks)
    assert _notices() == []  # the first sign-in ever, and a known network: nothing to tell
    # when: it signs in from another network
    _sign_in("casey@example.test", "198.51.100.4", django_capture_on_commit_callbacks)
    # then: the owner is told, with the network and browser, and it is audited
    [notice] = _notices()
    assert notice.to == ["casey@example.test"]
    assert "198.51.100.0/24" in notice.body
    assert "TestBrowser/1.0" in notice.body
    assert AuditEvent.objects.filter(action="identity.login.new_network", actor_id=user.pk).count()
    # and the network is known from then on
    _sign_in("casey@example.test", "198.51.100.9", django_capture_on_commit_callbacks)
    assert len(_notices()) == 1


@pytest.mark.promise("FD-14", "FD-2")
@pytest.mark.django_db
def test_the_network_is_compared_without_being_stored_in_the_clear(
    django_capture_on_commit_callbacks,
):
    # given
    make_user("casey@example.test")
    # when
    _sign_in("casey@example.test", "203.0.113.5", django_capture_on_commit_callbacks)
    # then: the attempt keeps a keyed hash of the network, and the address sealed
    attempt = LoginAttempt.objects.get()
    assert attempt.ip == "203.0.113.5"
    assert attempt.network_index == blind_index("network", "203.0.113.0/24")
    with connection.cursor() as cursor:
        cursor.execute("SELECT ip FROM identity_loginattempt")
        [(stored,)] = cursor.fetchall()
    assert stored.startswith("fd1:")
