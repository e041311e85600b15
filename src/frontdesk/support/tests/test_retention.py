"""IN-4, IN-5, IN-13, JF-7: once a request is resolved, its diagnostics, proofs of purchase,
conversation and the contact details given for it are destroyed after the grace period — gone
from the tables, and for a public request its own key destroyed, so no copy can be read —
unless staff suspect fraud, which keeps them for the longer declared period."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection

from frontdesk.audit.selectors import audit_events
from frontdesk.support import services
from frontdesk.support.errors import SupportError
from frontdesk.support.models import Attachment, Message, Ticket
from frontdesk.support.retention import tickets_discard_due
from frontdesk.support.states import TicketState
from frontdesk.support.tasks import tickets_discard_task
from frontdesk.support.tests.conftest import attach
from frontdesk.vault import keyring

pytestmark = pytest.mark.django_db

RESOLVED_AT = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def _resolved(ticket: Ticket, actor=None) -> Ticket:
    with time_machine.travel(RESOLVED_AT, tick=False):
        return services.ticket_resolve(actor=actor, ticket=ticket)


def _run(days_after: float) -> int:
    with time_machine.travel(RESOLVED_AT + timedelta(days=days_after), tick=False):
        return tickets_discard_due()


def _raw(ticket: Ticket) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT subject, contact_name, contact_email, follow_token, purchase_reference "
            "FROM support_ticket WHERE id = %s",
            [ticket.pk],
        )
        row = cursor.fetchone()
    names = ("subject", "contact_name", "contact_email", "follow_token", "purchase_reference")
    return dict(zip(names, row, strict=True))


@pytest.mark.promise("IN-4", "IN-5", "IN-13", "JF-7")
def test_a_public_requests_details_and_key_are_destroyed_after_the_grace_period(
    public_ticket, agent, django_capture_on_commit_callbacks
):
    # given: a public request with a proof of purchase, answered and resolved
    ticket, token = public_ticket
    attach(ticket)
    services.ticket_reply_staff(actor=agent, ticket=ticket, body="Found your purchase.")
    _resolved(ticket)
    key = Ticket.objects.get(pk=ticket.pk).vault_key
    assert keyring.key_is_live(key)
    # when: the day before the grace period ends
    assert _run(6.9) == 0
    # then: all still there (the customer may still reopen)
    assert Attachment.objects.filter(ticket=ticket).count() == 1
    # when: the grace period (7 days) has passed
    with django_capture_on_commit_callbacks(execute=True):
        assert _run(7.1) == 1
    # then: the reports and messages are deleted, the contact details blanked in the table
    assert not Attachment.objects.filter(ticket=ticket).exists()
    assert not Message.objects.filter(ticket=ticket).exists()
    assert set(_raw(ticket).values()) == {""}
    closed = Ticket.objects.get(pk=ticket.pk)
    assert closed.state == TicketState.CLOSED
    assert closed.discarded_at is not None
    # and the request's own key is destroyed: old copies of its data cannot be read
    assert not keyring.key_is_live(key)
    # and the follow link is dead
    assert Ticket.objects.matching(follow_token=token).count() == 0
    event = audit_events(action="support.ticket.discarded").get()
    assert event.details == {
        "attachments": 1,
        "messages": 2,
        "fraud_suspected": False,
        "key_destroyed": True,
    }


@pytest.mark.promise("IN-4", "IN-5", "JF-7")
def test_a_signed_in_customers_request_is_destroyed_but_not_their_key(
    customer, customer_ticket, django_capture_on_commit_callbacks
):
    # given
    attach(customer_ticket, actor=customer)
    _resolved(customer_ticket, actor=customer)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        assert _run(8) == 1
    # then: the request's data is gone, the customer's key (their account) is not
    assert not Attachment.objects.exists()
    assert _raw(customer_ticket)["subject"] == ""
    customer.refresh_from_db()
    assert keyring.key_is_live(customer.vault_key)
    assert customer.email == "customer@example.test"


@pytest.mark.promise("IN-13")
def test_suspected_fraud_keeps_the_details_for_the_longer_period(
    public_ticket, owner, django_capture_on_commit_callbacks
):
    # given: staff suspect fraud on a locked-out person's proof of purchase
    ticket, _ = public_ticket
    attach(ticket)
    services.ticket_fraud_mark(actor=owner, ticket=ticket, reason="Order belongs to someone else")
    _resolved(ticket)
    # when: the grace period has long passed
    assert _run(30) == 0
    # then: everything is kept
    kept = Ticket.objects.get(pk=ticket.pk)
    assert kept.contact_email == "grace@example.test"
    assert kept.fraud_reason == "Order belongs to someone else"
    assert Attachment.objects.filter(ticket=ticket).count() == 1
    # when: the declared fraud retention (365 days) has passed
    with django_capture_on_commit_callbacks(execute=True):
        assert _run(366) == 1
    # then: destroyed too, the reason with it
    assert not Attachment.objects.exists()
    assert Ticket.objects.get(pk=ticket.pk).fraud_reason == ""
    assert audit_events(action="support.ticket.discarded").get().details["fraud_suspected"]


@pytest.mark.promise("IN-13")
def test_withdrawing_the_suspicion_brings_back_the_grace_period(public_ticket, owner):
    # given
    ticket, _ = public_ticket
    services.ticket_fraud_mark(actor=owner, ticket=ticket, reason="Looks odd")
    _resolved(ticket)
    assert _run(10) == 0
    # when
    services.ticket_fraud_clear(actor=owner, ticket=ticket)
    # then
    assert _run(10) == 1
    assert audit_events(action="support.ticket.fraud_cleared").count() == 1


@pytest.mark.promise("IN-13")
def test_fraud_marking_is_audited_without_the_reason(public_ticket, owner):
    # when
    ticket, _ = public_ticket
    services.ticket_fraud_mark(actor=owner, ticket=ticket, reason="Stolen order reference")
    # then
    event = audit_events(action="support.ticket.fraud_marked").get()
    assert event.actor_id == owner.pk
    assert event.target_id == str(ticket.pk)
    assert "Stolen" not in str(event.details)
    # and the reason itself is sealed in the table
    with connection.cursor() as cursor:
        cursor.execute("SELECT fraud_reason FROM support_ticket WHERE id = %s", [ticket.pk])
        assert cursor.fetchone()[0].startswith("fd1:")


def test_reopening_stops_the_clock_and_closing_is_final(customer, customer_ticket):
    # given: resolved, then reopened by the customer's new message
    _resolved(customer_ticket)
    with time_machine.travel(RESOLVED_AT + timedelta(days=3), tick=False):
        services.ticket_reply_customer(actor=customer, ticket=customer_ticket, body="Again!")
    # then: not destroyed while it is open
    assert _run(30) == 0
    assert Ticket.objects.get(pk=customer_ticket.pk).state == TicketState.OPEN
    # when: resolved again, and destroyed after the grace period
    with time_machine.travel(RESOLVED_AT + timedelta(days=31), tick=False):
        services.ticket_resolve(actor=customer, ticket=customer_ticket)
    assert _run(39) == 1
    # then: a closed request cannot be reopened or answered
    with pytest.raises(SupportError):
        services.ticket_reopen(actor=customer, ticket=customer_ticket)
    with pytest.raises(SupportError):
        services.ticket_reply_customer(actor=customer, ticket=customer_ticket, body="Hello?")


def test_the_grace_period_is_a_setting(customer_ticket, settings):
    # given
    settings.FRONTDESK_SUPPORT_GRACE_DAYS = 2
    _resolved(customer_ticket)
    # then
    assert _run(1) == 0
    assert _run(2.5) == 1


def test_running_again_changes_nothing(customer_ticket):
    # given
    _resolved(customer_ticket)
    assert _run(8) == 1
    # when / then
    assert _run(9) == 0
    assert audit_events(action="support.ticket.discarded").count() == 1


def test_the_daily_task_destroys_what_is_due(customer_ticket):
    # given
    _resolved(customer_ticket)
    # when: the worker runs the periodic task
    with time_machine.travel(RESOLVED_AT + timedelta(days=8), tick=False):
        tickets_discard_task.call_local()
    # then
    assert Ticket.objects.get(pk=customer_ticket.pk).state == TicketState.CLOSED
