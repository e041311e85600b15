"""What staff do with support requests beyond answering them: reading them (audited, IN-19)
and marking suspected fraud, which keeps a request's details for the longer declared period
instead of destroying them after the grace period (IN-13)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from frontdesk.audit.services import audit_record
from frontdesk.core import clock
from frontdesk.support.errors import TicketClosedError
from frontdesk.support.models import Attachment, Feedback, Message, Team, Ticket
from frontdesk.support.services.tickets import lock

REASON_MAX = 1000


@dataclass(frozen=True)
class TicketView:
    """A request as staff see it: the ticket, the person's contact, the conversation and the
    reports (their contents are not loaded: reading one is a separate, audited step)."""

    ticket: Ticket
    contact_name: str
    contact_email: str
    messages: list[Message]
    attachments: list[Attachment]


def _contact(ticket: Ticket) -> tuple[str, str]:
    if ticket.requester is not None:
        return ticket.requester.full_name, ticket.requester.email
    return ticket.contact_name, ticket.contact_email


@transaction.atomic
def ticket_open_for_staff(*, actor: Any, ticket: Ticket) -> TicketView:
    """The request with its contact details and messages, for a member allowed to read it (the
    caller checked); recorded in the audit log."""
    ticket = Ticket.objects.select_related("team", "requester").get(pk=ticket.pk)
    audit_record(actor=actor, action="support.ticket.viewed", target=ticket)
    name, email = _contact(ticket)
    return TicketView(
        ticket=ticket,
        contact_name=name,
        contact_email=email,
        messages=list(ticket.messages.select_related("author")),
        attachments=list(ticket.attachments.defer("content")),
    )


@transaction.atomic
def tickets_list_open(*, actor: Any, tickets: Sequence[Ticket]) -> None:
    """Record that `actor` read a list of requests (their subjects), one event per list."""
    if tickets:
        audit_record(
            actor=actor,
            action="support.tickets.listed",
            details={"ticket_ids": [ticket.pk for ticket in tickets]},
        )


@transaction.atomic
def ticket_fraud_mark(*, actor: Any, ticket: Ticket, reason: str) -> Ticket:
    """Mark suspected fraud, with the reason (kept sealed with the request): the request's
    details are then kept `FRONTDESK_SUPPORT_FRAUD_DAYS` after it is resolved instead of the
    grace period (IN-13). The audit event says that it happened, not the reason."""
    reason = reason.strip()
    if not reason or len(reason) > REASON_MAX:
        raise ValidationError({"reason": f"Give the reason, in at most {REASON_MAX} characters."})
    ticket = lock(ticket)
    if ticket.is_closed:
        raise TicketClosedError("This request is closed: its details were already destroyed.")
    first = ticket.fraud_suspected_at is None
    ticket.fraud_suspected_at = ticket.fraud_suspected_at or clock.now()
    ticket.fraud_reason = reason
    ticket.fraud_marked_by = actor
    ticket.save(update_fields=["fraud_suspected_at", "fraud_reason", "fraud_marked_by"])
    audit_record(
        actor=actor,
        action="support.ticket.fraud_marked",
        target=ticket,
        details={"first": first, "reason_chars": len(reason)},
    )
    return ticket


@transaction.atomic
def ticket_fraud_clear(*, actor: Any, ticket: Ticket) -> Ticket:
    """Withdraw the suspicion: the reason goes, and the grace period applies again (a request
    resolved longer ago than that is destroyed by the next run)."""
    ticket = lock(ticket)
    if ticket.fraud_suspected_at is None:
        return ticket
    ticket.fraud_suspected_at = None
    ticket.fraud_reason = ""
    ticket.fraud_marked_by = None
    ticket.save(update_fields=["fraud_suspected_at", "fraud_reason", "fraud_marked_by"])
    audit_record(actor=actor, action="support.ticket.fraud_cleared", target=ticket)
    return ticket


@transaction.atomic
def feedback_list_open(*, actor: Any, team: Team, feedback: Sequence[Feedback]) -> None:
    """Record that `actor` read the feedback of `team`."""
    audit_record(
        actor=actor,
        action="support.feedback.viewed",
        target=team,
        organisation_id=team.organisation_id,
        details={"feedback_ids": [item.pk for item in feedback]},
    )
