"""IN-13: a customer locked out proves their purchase to support; that proof is destroyed once
the request is dealt with (after the grace period), unless staff suspect fraud, which keeps it
for the declared longer period. Feedback is not a request: the sweep leaves it (IN-15)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from frontdesk.audit.selectors import audit_events
from frontdesk.support import services
from frontdesk.support.models import Attachment, Feedback, Ticket
from frontdesk.support.retention import tickets_discard_due
from frontdesk.support.tests.conftest import attach

pytestmark = pytest.mark.django_db

RESOLVED_AT = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
PROOF = "Order RS-118842, 14 Feb 2026, Group Mail Pro x1, paid to RegSoft by Grace Hopper\n"


def _proof(ticket: Ticket) -> Attachment:
    return attach(ticket, PROOF, kind=Attachment.Kind.PROOF_OF_PURCHASE)


def _resolved(ticket: Ticket) -> None:
    with time_machine.travel(RESOLVED_AT, tick=False):
        services.ticket_resolve(actor=None, ticket=ticket)


def _run(days_after: float) -> int:
    with time_machine.travel(RESOLVED_AT + timedelta(days=days_after), tick=False):
        return tickets_discard_due()


@pytest.mark.promise("IN-13")
def test_a_proof_of_purchase_is_destroyed_after_the_grace_period(
    public_ticket, django_capture_on_commit_callbacks
):
    # given: a locked-out person sent a proof of purchase, and the request is resolved
    ticket, _ = public_ticket
    proof = _proof(ticket)
    assert Attachment.objects.get(pk=proof.pk).content == PROOF
    _resolved(ticket)
    # when: within the grace period
    assert _run(6.9) == 0
    # then: kept (the person may still reopen the request)
    assert Attachment.objects.filter(pk=proof.pk).exists()
    # when: the grace period has passed
    with django_capture_on_commit_callbacks(execute=True):
        assert _run(7.1) == 1
    # then: the proof is gone, and so is the reference to the order given with it
    assert not Attachment.objects.filter(kind=Attachment.Kind.PROOF_OF_PURCHASE).exists()
    assert Ticket.objects.get(pk=ticket.pk).purchase_reference == ""
    assert audit_events(action="support.ticket.discarded").get().details["attachments"] == 1


@pytest.mark.promise("IN-13")
def test_a_proof_of_purchase_is_kept_when_fraud_is_suspected(
    public_ticket, owner, django_capture_on_commit_callbacks
):
    # given: staff suspect the proof is someone else's, then resolve the request
    ticket, _ = public_ticket
    proof = _proof(ticket)
    services.ticket_fraud_mark(actor=owner, ticket=ticket, reason="Receipt was altered")
    _resolved(ticket)
    # when: the grace period has long passed
    assert _run(30) == 0
    # then: the proof is kept as it was sent
    kept = Attachment.objects.get(pk=proof.pk)
    assert (kept.kind, kept.content) == (Attachment.Kind.PROOF_OF_PURCHASE, PROOF)
    # when: the declared fraud retention (365 days) has passed too
    with django_capture_on_commit_callbacks(execute=True):
        assert _run(366) == 1
    # then: it is destroyed as well
    assert not Attachment.objects.filter(pk=proof.pk).exists()


@pytest.mark.promise("IN-13")
def test_a_signed_in_customers_proof_of_purchase_is_destroyed_too(customer, customer_ticket):
    # given
    attach(customer_ticket, PROOF, actor=customer, kind=Attachment.Kind.PROOF_OF_PURCHASE)
    attach(customer_ticket, actor=customer)
    _resolved(customer_ticket)
    # when
    assert _run(8) == 1
    # then: both the proof and the diagnostic are gone
    assert not Attachment.objects.filter(ticket=customer_ticket).exists()


@pytest.mark.promise("IN-15")
def test_feedback_outlives_the_destruction_of_requests(customer, customer_ticket, technical):
    # given: the customer sent a suggestion, and a request with a proof of purchase
    services.feedback_send(actor=customer, team=technical, body="Import from vCard.")
    attach(customer_ticket, PROOF, actor=customer, kind=Attachment.Kind.PROOF_OF_PURCHASE)
    _resolved(customer_ticket)
    # when: the request's details are destroyed
    assert _run(400) == 1
    # then: the suggestion is kept, with its author
    feedback = Feedback.objects.get()
    assert (feedback.body, feedback.user_id) == ("Import from vCard.", customer.pk)
