"""Requests from the signed-in area: opening one, the conversation and its states (open →
waiting on the customer → resolved → closed, reopened while resolved), the customer's JSON API,
and the demo."""

from __future__ import annotations

import pytest
from conftest import make_user
from django.core import mail

from frontdesk.audit.selectors import audit_events
from frontdesk.licensing.demo import CUSTOMER
from frontdesk.support import services
from frontdesk.support.demo import AGENT, seed_support
from frontdesk.support.errors import InvalidTransitionError
from frontdesk.support.models import Attachment, Team, Ticket
from frontdesk.support.states import TicketState, can_move
from frontdesk.support.tests.conftest import attach, customer_client

pytestmark = pytest.mark.django_db


def test_a_customer_opens_a_request_from_their_area(
    customer, technical, django_capture_on_commit_callbacks
):
    # given
    client = customer_client(customer)
    assert client.get("/support/").status_code == 200
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/support/",
            {
                "team": technical.pk,
                "subject": "Crash",
                "body": "It crashes.",
                "purchase_reference": "",
            },
        )
    # then
    ticket = Ticket.objects.get()
    assert response["Location"] == f"/support/tickets/{ticket.pk}/"
    assert ticket.requester == customer
    assert ticket.contact_email == ""  # the account is how we reach them: nothing copied
    assert [m.body for m in ticket.messages.all()] == ["It crashes."]
    [received] = mail.outbox
    assert received.to == [customer.email]
    assert audit_events(action="support.ticket.opened").get().actor_id == customer.pk


def test_a_request_needs_a_subject_and_a_message(customer, technical):
    # when
    response = customer_client(customer).post(
        "/support/", {"team": technical.pk, "subject": "", "body": ""}
    )
    # then
    assert response.status_code == 400
    assert not Ticket.objects.exists()


def test_the_customer_resolves_and_reopens_through_the_pages(customer, customer_ticket):
    # given
    client = customer_client(customer)
    base = f"/support/tickets/{customer_ticket.pk}/"
    # when / then
    client.post(f"{base}resolve")
    customer_ticket.refresh_from_db()
    assert customer_ticket.state == TicketState.RESOLVED
    assert customer_ticket.resolved_at is not None
    client.post(f"{base}reopen")
    customer_ticket.refresh_from_db()
    assert customer_ticket.state == TicketState.OPEN
    assert customer_ticket.resolved_at is None


def test_states_change_only_along_the_table(customer_ticket):
    # then
    assert can_move(TicketState.OPEN, TicketState.WAITING)
    assert can_move(TicketState.RESOLVED, TicketState.OPEN)
    assert not can_move(TicketState.CLOSED, TicketState.OPEN)
    assert not can_move(TicketState.OPEN, TicketState.CLOSED)
    with pytest.raises(InvalidTransitionError):
        services.ticket_reopen(actor=None, ticket=customer_ticket)  # it is open already


def test_an_inactive_account_is_not_e_mailed(
    agent, customer, customer_ticket, django_capture_on_commit_callbacks
):
    # given: the customer made their account inactive (QM-11)
    customer.is_active = False
    customer.save()
    # when
    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_reply_staff(actor=agent, ticket=customer_ticket, body="Answer")
    # then
    assert mail.outbox == []


def test_the_customers_api_lists_their_requests_and_conversation(customer, customer_ticket):
    # given
    attach(customer_ticket, actor=customer)
    client = customer_client(customer)
    # when
    listed = client.get("/api/support/requests").json()
    detail = client.get(f"/api/support/requests/{customer_ticket.pk}").json()
    # then
    assert [item["subject"] for item in listed] == ["The importer stops"]
    assert detail["messages"][0]["body"] == "It stops at row 317."
    assert detail["reports"][0]["kind"] == Attachment.Kind.DIAGNOSTIC
    assert "content" not in detail["reports"][0]


def test_the_api_answers_only_for_the_callers_own_requests(customer_ticket, client):
    # then
    assert client.get("/api/support/requests").status_code == 401
    stranger = customer_client(make_user("stranger@example.test"))
    assert stranger.get("/api/support/requests").json() == []
    other = stranger.get(f"/api/support/requests/{customer_ticket.pk}")
    assert other.status_code == 404


def test_the_demo_loads_once_with_an_agent_and_a_request_with_a_diagnostic(password):
    # when
    first = seed_support(password=password)
    again = seed_support(password=password)
    # then
    assert [login.email for login in first] == [login.email for login in again]
    assert {AGENT, CUSTOMER} <= {login.email for login in first}
    assert Team.objects.count() == 2
    request = Ticket.objects.get(requester__isnull=False)
    assert request.state == TicketState.OPEN
    assert request.attachments.get().kind == Attachment.Kind.DIAGNOSTIC
    assert Ticket.objects.filter(requester__isnull=True).count() == 1
