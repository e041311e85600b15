"""The public request form, for people who cannot sign in (IN-5, IN-13): no account needed,
their contact details sealed with a key of the request's own, a link to follow it that only
they receive, and a limit on how many requests one address may send."""

from __future__ import annotations

import re
from typing import Any

import pytest
from conftest import signed_in_client
from django.core import mail
from django.db import connection
from django.test import Client

from frontdesk.audit.selectors import audit_events
from frontdesk.identity.models import User
from frontdesk.support.models import Attachment, Team, Ticket
from frontdesk.support.tests.conftest import approval_fields, preview_of

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://[^\s]+/support/t/([0-9a-f]{48})/")


def _form(team: Team, **changes: Any) -> dict[str, Any]:
    return {
        "team": team.pk,
        "name": "Grace Hopper",
        "email": "grace@example.test",
        "subject": "I cannot sign in",
        "body": "My old address is gone.",
        "purchase_reference": "RS-118842",
        **changes,
    }


@pytest.mark.promise("IN-5", "IN-13")
def test_someone_without_an_account_opens_and_follows_a_request(
    accounts, agent, django_capture_on_commit_callbacks
):
    # given: a visitor who is not signed in
    visitor = Client(REMOTE_ADDR="192.0.2.44")
    assert visitor.get("/support/new/").status_code == 200
    # when: they send the form
    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post("/support/new/", _form(accounts))
    # then: the request exists without an account, they land on its follow page
    ticket = Ticket.objects.get()
    assert ticket.requester is None
    assert User.objects.count() == 1  # the agent only: no account was made
    assert response.status_code == 302
    follow = response["Location"]
    assert re.fullmatch(r"/support/t/[0-9a-f]{48}/", follow)
    page = visitor.get(follow).content.decode()
    assert "I cannot sign in" in page
    # and the same link was e-mailed to them, to them only
    [notice] = mail.outbox
    assert notice.to == ["grace@example.test"]
    link = LINK.search(str(notice.body))
    assert link is not None
    assert link.group(1) in follow
    # and their details are sealed, with a key of the request's own
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_name, contact_email FROM support_ticket")
        assert all(value.startswith("fd1:") for value in cursor.fetchone())
    assert ticket.vault_key is not None
    assert audit_events(action="support.ticket.opened").get().actor_id is None


@pytest.mark.promise("IN-13")
def test_a_locked_out_person_sends_a_proof_of_purchase_through_the_link(public_ticket):
    # given: the follow link of a public request
    ticket, token = public_ticket
    visitor = Client()
    base = f"/support/t/{token}/"
    # when: they preview and approve a proof of purchase
    page = visitor.post(
        f"{base}attach",
        {"kind": "proof_of_purchase", "text": "Order RS-118842, 2 March 2025"},
    ).content.decode()
    assert preview_of(page) == "Order RS-118842, 2 March 2025"
    approved = visitor.post(f"{base}approve", approval_fields(page))
    # then
    assert approved.status_code == 302
    proof = Attachment.objects.get()
    assert proof.ticket_id == ticket.pk
    assert proof.kind == Attachment.Kind.PROOF_OF_PURCHASE
    assert proof.added_by is None


def test_staff_answers_reach_the_public_requester_with_their_link(
    public_ticket, owner, django_capture_on_commit_callbacks
):
    # given
    ticket, token = public_ticket
    # when
    with django_capture_on_commit_callbacks(execute=True):
        signed_in_client(owner).post(
            f"/staff/support/tickets/{ticket.pk}/reply",
            {"body": "We found your purchase.", "then": "waiting"},
        )
    # then
    [answer] = mail.outbox
    assert answer.to == ["grace@example.test"]
    assert "Hello Grace Hopper," in answer.body
    assert f"/support/t/{token}/" in answer.body
    # and the requester answers through the link; the request is open again
    Client().post(f"/support/t/{token}/reply", {"body": "Thank you!"})
    ticket.refresh_from_db()
    assert ticket.state == "open"


@pytest.mark.promise("QM-3")
def test_the_public_form_is_rate_limited_per_address(accounts, settings):
    # given
    settings.FRONTDESK_SUPPORT_PUBLIC_RATE = "2/h"
    visitor = Client(REMOTE_ADDR="192.0.2.45")
    for _ in range(2):
        assert visitor.post("/support/new/", _form(accounts)).status_code == 302
    # when
    refused = visitor.post("/support/new/", _form(accounts))
    # then
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Too many messages" in refused.content.decode()
    assert Ticket.objects.count() == 2
    # and another address is not held back
    other = Client(REMOTE_ADDR="192.0.2.46")
    assert other.post("/support/new/", _form(accounts)).status_code == 302


def test_the_public_form_explains_what_is_missing(accounts):
    # when
    response = Client().post("/support/new/", _form(accounts, email="not-an-address", subject=""))
    # then
    assert response.status_code == 400
    assert "valid email" in response.content.decode().lower()
    assert not Ticket.objects.exists()


def test_a_team_that_takes_no_requests_is_not_offered(accounts):
    # given
    accounts.accepts_requests = False
    accounts.save()
    # when
    response = Client().post("/support/new/", _form(accounts))
    # then
    assert response.status_code == 400
    assert not Ticket.objects.exists()


def test_a_signed_in_customer_is_sent_to_their_own_area(customer):
    # when
    client = Client()
    client.force_login(customer)
    # then
    assert client.get("/support/new/")["Location"] == "/support/"
