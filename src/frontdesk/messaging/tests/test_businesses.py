"""Every e-mail is its business's (FD-16): sent from it, its links on its own site, its
unsubscribe and confirmation tokens found there only; each business has its own announcement
list and its own consents (accounts are per business)."""

from __future__ import annotations

import re
from collections.abc import Callable
from email.utils import formataddr, parseaddr
from typing import Any

import pytest
from conftest import business, host_client, make_user
from django.conf import settings

from frontdesk.access.hosts import site_url
from frontdesk.core import tenancy
from frontdesk.messaging import announcements, selectors, services
from frontdesk.messaging.email import email_send
from frontdesk.messaging.models import AnnouncementSubscriber, EmailMessageLog, UnsubscribeToken

ADDRESS = "reader@example.test"
Action = Callable[[], Any]


@pytest.fixture
def other(db):
    """A business without a sender address of its own."""
    return business("Other Ltd", "other")


@pytest.fixture
def commit(django_capture_on_commit_callbacks: Any) -> Callable[[Action], Any]:
    def run(action: Action) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return run


def _consenting(email: str, organisation: Any) -> Any:
    person = make_user(email, organisation=organisation)
    services.consent_give(
        actor=person, user=person, purpose="marketing", policy_version="v", source="test"
    )
    return person


def _path(url: str, name: str) -> str:
    return url[url.index(f"/{name}/") :]


@pytest.mark.promise("FD-16")
def test_an_email_goes_from_its_business_with_links_to_its_site(commit, other, mailoutbox):
    # given: a customer of the other business; the worker runs bound to no business
    customer = _consenting("ada@example.test", other)
    # when
    commit(lambda: email_send(user=customer, purpose="marketing", subject="Sale", body_text="."))
    # then: its name on the installation's address (it has none of its own), its own host
    (sent,) = mailoutbox
    assert sent.from_email == formataddr(("Other Ltd", parseaddr(settings.DEFAULT_FROM_EMAIL)[1]))
    link = sent.extra_headers["List-Unsubscribe"].strip("<>")
    assert link.startswith(f"{site_url(other)}/unsubscribe/")
    assert "other.localhost" in link
    log = EmailMessageLog.objects.get()
    assert log.organisation_id == other.pk
    assert UnsubscribeToken.objects.get().organisation_id == other.pk


@pytest.mark.promise("FD-16", "IN-2")
def test_an_unsubscribe_link_is_not_found_on_another_business_host(
    commit, organisation, other, mailoutbox
):
    # given: a marketing e-mail of Acme
    customer = _consenting("ada@example.test", organisation)
    commit(lambda: email_send(user=customer, purpose="marketing", subject="Sale", body_text="."))
    path = _path(mailoutbox[-1].extra_headers["List-Unsubscribe"].strip("<>"), "unsubscribe")
    # when
    seen, used = host_client(other).get(path), host_client(other).post(path)
    # then
    assert (seen.status_code, used.status_code) == (404, 404)
    assert selectors.consent_current(user=customer)["marketing"] is True
    assert host_client(organisation).post(path).status_code == 200


@pytest.mark.promise("FD-16", "IN-2")
def test_each_business_has_its_own_announcement_list(commit, organisation, other, mailoutbox):
    # given: one address joins the list of each business, on each one's site
    for each in (organisation, other):
        commit(lambda each=each: host_client(each).post("/announcements/", {"email": ADDRESS}))
    acme_mail, other_mail = mailoutbox
    acme_confirm = re.search(r"/announcements/confirm/[\w-]+/", acme_mail.body)
    assert acme_confirm is not None
    assert f"{site_url(other)}/announcements/confirm/" in other_mail.body
    # when: Acme's confirmation link is opened on the other business's host, then on its own
    elsewhere = host_client(other).post(acme_confirm.group(0))
    at_home = host_client(organisation).post(acme_confirm.group(0))
    # then
    assert (elsewhere.status_code, at_home.status_code) == (404, 200)
    rows = AnnouncementSubscriber.objects.order_by("organisation_id")
    assert [(row.organisation_id, row.subscribed) for row in rows] == [
        (organisation.pk, True),
        (other.pk, False),
    ]
    # and an announcement of the other business reaches nobody (its sign-up is unconfirmed)
    mailoutbox.clear()
    assert (
        commit(lambda: announcements.announcement_send(organisation=other, subject="Hi", body="."))
        == 0
    )
    assert (
        commit(
            lambda: announcements.announcement_send(
                organisation=organisation, subject="Hi", body="."
            )
        )
        == 1
    )
    assert [message.from_email for message in mailoutbox] == ["Acme Services <hello@acme.test>"]


@pytest.mark.promise("FD-16", "FD-12")
def test_a_consent_given_at_one_business_is_not_one_at_another(organisation, other):
    # given: one person, an account at each business; a yes to announcements at Acme only
    mine = make_user(ADDRESS, organisation=organisation)
    make_user(ADDRESS, organisation=other)
    services.consent_give(
        actor=mine, user=mine, purpose="announcements", policy_version="v", source="test"
    )
    # when
    with tenancy.bound(other.tenant):
        theirs = list(selectors.announcement_users())
    with tenancy.bound(organisation.tenant):
        ours = list(selectors.announcement_users())
    # then
    assert theirs == []
    assert ours == [mine]
