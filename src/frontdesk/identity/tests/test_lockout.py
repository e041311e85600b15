"""Account lockout (QL-13, FD-4): per account, with a cool-off, an e-mailed unlock link, and a
login page that never tells whether an account exists or is locked."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from frontdesk.audit.models import AuditEvent
from frontdesk.core import clock
from frontdesk.identity import services
from frontdesk.identity.models import LoginAttempt
from frontdesk.identity.pages import FAILED
from frontdesk.identity.tests.helpers import (
    LOGIN_URL,
    PASSWORD,
    is_signed_in,
    make_user,
    sign_in,
    without_csrf,
)

WRONG = "not the password at all"


def _fail(client, email: str, times: int) -> None:
    for _ in range(times):
        sign_in(client, email, WRONG)


def _page(response, email: str) -> str:
    """The login page with what differs between two renders for reasons other than the
    account masked: the CSRF token and the e-mail address as typed."""
    return without_csrf(response.content.decode()).replace(email, "EMAIL")


def _unlock_path(message) -> str:
    match = re.search(r"https?://[^/\s]+(/account/unlock/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.mark.promise("QL-13", "FD-4")
@pytest.mark.django_db
def test_twenty_wrong_passwords_lock_the_account_and_the_right_one_is_refused_alike(
    client, customer
):
    # given
    _fail(client, customer.email, settings.AXES_FAILURE_LIMIT - 1)
    wrong = sign_in(client, customer.email, WRONG)  # the 20th
    # when
    right = sign_in(client, customer.email, PASSWORD)
    # then
    assert right.status_code == wrong.status_code == 200
    assert FAILED in right.content.decode()
    assert _page(right, customer.email) == _page(wrong, customer.email)
    assert not is_signed_in(client)
    last = LoginAttempt.objects.filter(user=customer).order_by("-pk").first()
    assert last is not None
    assert last.outcome == "locked"


@pytest.mark.promise("FD-4")
@pytest.mark.django_db
def test_unknown_email_wrong_password_and_locked_account_get_the_identical_page(client, customer):
    # given
    _fail(client, customer.email, settings.AXES_FAILURE_LIMIT)
    other = make_user("other@example.test")
    # when
    locked = sign_in(client, customer.email, PASSWORD)
    unknown = sign_in(client, "nobody@example.test", PASSWORD)
    wrong = sign_in(client, other.email, WRONG)
    # then
    assert locked.status_code == unknown.status_code == wrong.status_code
    pages = {
        _page(locked, customer.email),
        _page(unknown, "nobody@example.test"),
        _page(wrong, other.email),
    }
    assert len(pages) == 1


@pytest.mark.promise("QL-13", "FD-4")
@pytest.mark.django_db
def test_lockout_emails_one_unlock_link_that_unlocks_the_account(
    client, customer, django_capture_on_commit_callbacks
):
    # given
    with django_capture_on_commit_callbacks(execute=True):
        _fail(client, customer.email, settings.AXES_FAILURE_LIMIT + 3)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [customer.email]
    path = _unlock_path(message)
    assert "@" not in path  # QL-7: no e-mail address in any URL
    # when
    confirm = client.get(path)
    unlocked = client.post(path)
    # then
    assert confirm.status_code == 200
    assert unlocked.status_code == 200
    assert "is unlocked" in unlocked.content.decode()
    assert sign_in(client, customer.email, PASSWORD).status_code == 302
    assert is_signed_in(client)
    actions = set(
        AuditEvent.objects.filter(target_id=str(customer.pk)).values_list("action", flat=True)
    )
    assert {"identity.account.locked", "identity.account.unlocked"} <= actions


@pytest.mark.promise("FD-4")
@pytest.mark.django_db
def test_unlock_link_works_once(client, customer, django_capture_on_commit_callbacks):
    # given
    with django_capture_on_commit_callbacks(execute=True):
        _fail(client, customer.email, settings.AXES_FAILURE_LIMIT)
    path = _unlock_path(mail.outbox[0])
    client.post(path)
    # when
    again = client.post(path)
    # then
    assert again.status_code == 404


@pytest.mark.promise("FD-4")
@pytest.mark.django_db
def test_unknown_account_locks_alike_but_no_mail_is_sent(
    client, django_capture_on_commit_callbacks
):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        _fail(client, "nobody@example.test", settings.AXES_FAILURE_LIMIT + 1)
    # then
    assert mail.outbox == []


@pytest.mark.promise("QL-13", "FD-4")
@pytest.mark.django_db
def test_administrator_unlocks_the_account_and_it_is_audited(client, customer):
    # given
    admin = make_user("admin@acme.test", staff=True)
    _fail(client, customer.email, settings.AXES_FAILURE_LIMIT)
    # when
    services.account_unlock(actor=admin, user=customer)
    # then
    assert sign_in(client, customer.email, PASSWORD).status_code == 302
    event = AuditEvent.objects.filter(action="identity.account.unlocked").get()
    assert event.actor_id == admin.pk
    assert event.target_id == str(customer.pk)


@pytest.mark.promise("QL-13", "FD-4")
@pytest.mark.django_db
def test_lockout_lifts_by_itself_after_the_cooloff(client, customer):
    # given
    _fail(client, customer.email, settings.AXES_FAILURE_LIMIT)
    # when
    with time_machine.travel(clock.now() + settings.AXES_COOLOFF_TIME + timedelta(minutes=1)):
        response = sign_in(client, customer.email, PASSWORD)
    # then
    assert response.status_code == 302


@pytest.mark.promise("QL-13")
@pytest.mark.django_db
def test_failure_limit_is_a_setting(client, customer, settings):
    # given
    settings.AXES_FAILURE_LIMIT = 3
    _fail(client, customer.email, 3)
    # when
    response = sign_in(client, customer.email, PASSWORD)
    # then
    assert response.status_code == 200
    assert not is_signed_in(client)


@pytest.mark.promise("FD-4")
@pytest.mark.django_db
def test_lockout_is_per_account_not_per_address(client, customer):
    # given: the same client address locked another account
    other = make_user("other@example.test")
    _fail(client, other.email, settings.AXES_FAILURE_LIMIT)
    # when
    response = sign_in(client, customer.email, PASSWORD)
    # then
    assert response.status_code == 302


@pytest.mark.promise("QL-13", "FD-4")
@pytest.mark.django_db
def test_changing_the_case_of_the_email_does_not_reset_the_count(client, customer):
    # given
    _fail(client, customer.email.upper(), settings.AXES_FAILURE_LIMIT - 1)
    _fail(client, customer.email.title(), 1)
    # when
    response = sign_in(client, customer.email, PASSWORD)
    # then
    assert response.status_code == 200
    assert not is_signed_in(client)


@pytest.mark.django_db
def test_login_page_offers_registration(client):
    # when
    response = client.get(LOGIN_URL)
    # then
    assert response.status_code == 200
    assert 'href="/account/register/"' in response.content.decode()
