"""The announcement list (IN-2, FD-12): anyone may join with an address, double opt-in; each
announcement goes to confirmed subscribers and consenting accounts, with one-click unsubscribe;
deactivated accounts get nothing (QM-11); stale sign-ups are deleted (FD-10)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from conftest import default_business, make_user
from django.test import Client

from frontdesk.core import clock
from frontdesk.messaging import announcements, services
from frontdesk.messaging.models import AnnouncementSubscriber
from frontdesk.messaging.retention import announcement_subscribers_purge

ADDRESS = "reader@example.test"


Action = Callable[[], Any]


@pytest.fixture
def commit(django_capture_on_commit_callbacks: Any) -> Callable[[Action], Any]:
    """E-mails leave on commit: inside the test's transaction, `commit(action)` runs the
    action and then its commit callbacks (the delivery tasks)."""

    def run(action: Action) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return run


def _join(commit: Any, client: Client, address: str = ADDRESS) -> Any:
    return commit(lambda: client.post("/announcements/", {"email": address}))


def _confirm_path(body: str) -> str:
    match = re.search(r"/announcements/confirm/[\w-]+/", body)
    assert match, body
    return match.group(0)


def _announce(commit: Any) -> int:
    """Acme (the test client's business) announces to its list and consenting accounts."""
    return int(
        commit(
            lambda: announcements.announcement_send(
                organisation=default_business(), subject="We moved", body="Find us on High Street."
            )
        )
    )


@pytest.mark.promise("IN-2", "FD-12")
@pytest.mark.django_db
def test_joining_sends_a_confirmation_and_does_not_subscribe_until_confirmed(commit, mailoutbox):
    # given
    client = Client()
    # when
    response = _join(commit, client)
    # then: a confirmation link went out, but the address is not on the list yet
    assert response.status_code == 200
    assert b"Check your inbox" in response.content
    (confirmation,) = mailoutbox
    assert confirmation.to == [ADDRESS]
    assert "List-Unsubscribe" not in confirmation.extra_headers
    path = _confirm_path(confirmation.body)
    assert ADDRESS not in path
    subscriber = AnnouncementSubscriber.objects.get()
    assert subscriber.confirmed_at is None
    assert _announce(commit) == 0
    # and merely opening the link (a link scanner) subscribes nobody
    assert client.get(path).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is None
    # when the person presses the button
    confirmed = client.post(path)
    # then
    assert confirmed.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.subscribed
    assert _announce(commit) == 1


@pytest.mark.promise("IN-2")
@pytest.mark.django_db
def test_an_invalid_address_is_refused_with_a_message_and_changes_nothing(commit, mailoutbox):
    # when
    response = _join(commit, Client(), "not an address")
    # then
    assert response.status_code == 200
    assert b"Enter an e-mail address" in response.content
    assert not AnnouncementSubscriber.objects.exists()
    assert mailoutbox == []


@pytest.mark.promise("IN-2")
@pytest.mark.django_db
def test_an_unknown_confirmation_token_is_404(db):
    assert Client().get("/announcements/confirm/nope/").status_code == 404


def _subscribed(commit: Any, outbox: list[Any], address: str = ADDRESS) -> None:
    client = Client()
    _join(commit, client, address)
    commit(lambda: client.post(_confirm_path(outbox[-1].body)))


@pytest.mark.promise("IN-2", "FD-12", "QM-18")
@pytest.mark.django_db
def test_announcements_reach_subscribers_and_consenting_accounts_with_one_click_unsubscribe(
    commit, customer, mailoutbox
):
    # given: a confirmed subscriber, a consenting account, an account that did not consent
    _subscribed(commit, mailoutbox)
    services.consent_give(
        actor=customer, user=customer, purpose="announcements", policy_version="v", source="x"
    )
    make_user("silent@example.test")
    mailoutbox.clear()
    # when
    queued = _announce(commit)
    # then
    assert queued == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted([ADDRESS, customer.email])
    for message in mailoutbox:
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message.extra_headers["List-Unsubscribe"].strip("<>") in message.body


@pytest.mark.promise("IN-2")
@pytest.mark.django_db
def test_the_subscribers_one_click_link_takes_them_off_the_list(commit, mailoutbox):
    # given
    _subscribed(commit, mailoutbox)
    _announce(commit)
    link = mailoutbox[-1].extra_headers["List-Unsubscribe"].strip("<>")
    # when
    response = Client(enforce_csrf_checks=True).post(link[link.index("/unsubscribe/") :])
    # then
    assert response.status_code == 200
    assert not response.cookies
    assert AnnouncementSubscriber.objects.get().unsubscribed_at is not None
    assert _announce(commit) == 0


@pytest.mark.promise("QM-11")
@pytest.mark.django_db
def test_a_deactivated_account_gets_no_announcements_even_when_subscribed(
    commit, customer, mailoutbox
):
    # given: the account consents and its address is also on the list
    services.consent_give(
        actor=customer, user=customer, purpose="announcements", policy_version="v", source="x"
    )
    _subscribed(commit, mailoutbox, customer.email)
    customer.is_active = False
    customer.save()
    mailoutbox.clear()
    # when
    queued = _announce(commit)
    # then
    assert queued == 0
    assert mailoutbox == []


@pytest.mark.promise("QM-11")
@pytest.mark.django_db
def test_a_deactivated_accounts_address_cannot_join(commit, customer, mailoutbox):
    # given
    customer.is_active = False
    customer.save()
    # when
    response = _join(commit, Client(), customer.email)
    # then: the same answer as anyone, but nothing is sent or stored
    assert b"Check your inbox" in response.content
    assert mailoutbox == []
    assert not AnnouncementSubscriber.objects.exists()


@pytest.mark.promise("IN-2")
@pytest.mark.django_db
def test_joining_again_while_subscribed_sends_nothing(commit, mailoutbox):
    # given
    _subscribed(commit, mailoutbox)
    mailoutbox.clear()
    # when
    response = _join(commit, Client())
    # then
    assert b"Check your inbox" in response.content
    assert mailoutbox == []


@pytest.mark.promise("FD-10", "IN-2")
@pytest.mark.django_db
def test_unconfirmed_and_left_addresses_are_purged_after_seven_days(commit, mailoutbox):
    # given: one unconfirmed, one confirmed, one that left — all eight days old
    _join(commit, Client(), "unconfirmed@example.test")
    _subscribed(commit, mailoutbox, "kept@example.test")
    _subscribed(commit, mailoutbox, "left@example.test")
    AnnouncementSubscriber.objects.matching(email="left@example.test").update(
        unsubscribed_at=clock.now()
    )
    later = clock.now() + timedelta(days=8)
    # when: a day too early, nothing goes; after seven days the stale ones go
    early = announcement_subscribers_purge(now=clock.now() + timedelta(days=6))
    deleted = announcement_subscribers_purge(now=later)
    # then
    assert early == 0
    assert deleted == 2
    assert list(AnnouncementSubscriber.objects.values_list("email", flat=True)) == [
        "kept@example.test"
    ]
