"""Support teams and requests: opening one (signed in or through the public form), the
conversation, resolving and reopening.

Rules for every function here: one transaction; the ticket row is locked before it changes;
the audit event is recorded in that transaction (actor: the staff member, the signed-in
customer, or None for a person following their request by its link); e-mails leave only once
the transaction has committed.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.text import slugify

from frontdesk.access.models import Organisation
from frontdesk.audit.services import audit_record
from frontdesk.core import clock
from frontdesk.identity.models import User
from frontdesk.support import emails
from frontdesk.support.errors import SupportError, TicketClosedError
from frontdesk.support.models import Message, Team, Ticket, new_follow_token
from frontdesk.support.states import TicketState

NAME_MAX = 120
SUBJECT_MAX = 200
BODY_MAX = 10_000
REFERENCE_MAX = 120


@transaction.atomic
def team_create(
    *, actor: Any, organisation: Organisation, name: str, accepts_requests: bool = True
) -> Team:
    """A support team of `organisation`; its slug comes from the name."""
    name = name.strip()
    if not name or len(name) > NAME_MAX:
        raise ValidationError({"name": f"Enter a name of 1 to {NAME_MAX} characters."})
    team = Team.objects.create(
        organisation=organisation,
        name=name,
        slug=slugify(name)[:50] or "support",
        accepts_requests=accepts_requests,
    )
    audit_record(
        actor=actor,
        action="support.team.created",
        target=team,
        organisation_id=organisation.pk,
        details={"name": name, "accepts_requests": accepts_requests},
    )
    return team


def _text(value: str, *, field: str, limit: int, what: str, required: bool = True) -> str:
    value = value.strip()
    if required and not value:
        raise ValidationError({field: f"Enter {what}."})
    if len(value) > limit:
        raise ValidationError({field: f"Keep {what} to {limit} characters."})
    return value


def _request_fields(*, subject: str, body: str, purchase_reference: str) -> tuple[str, str, str]:
    return (
        _text(subject, field="subject", limit=SUBJECT_MAX, what="a subject"),
        _text(body, field="body", limit=BODY_MAX, what="your message"),
        _text(
            purchase_reference,
            field="purchase_reference",
            limit=REFERENCE_MAX,
            what="the reference",
            required=False,
        ),
    )


def _open(ticket: Ticket, *, body: str, author: User | None, actor: Any) -> Ticket:
    """Save the new ticket with its first message; audit it; acknowledge it by e-mail."""
    if not ticket.team.accepts_requests:
        raise SupportError("This team does not take requests.")
    ticket.organisation_id = ticket.team.organisation_id
    ticket.save()
    Message.objects.create(ticket=ticket, author=author, body=body)
    audit_record(
        actor=actor,
        action="support.ticket.opened",
        target=ticket,
        details={"team_id": ticket.team_id, "public": ticket.is_public},
    )
    emails.send_on_commit(emails.opened_notice(ticket))
    return ticket


@transaction.atomic
def ticket_open(
    *, actor: User, team: Team, subject: str, body: str, purchase_reference: str = ""
) -> Ticket:
    """A request from the signed-in customer `actor`, sealed with their key. Raises
    ValidationError (nothing saved) for a missing or too long subject or message."""
    subject, body, reference = _request_fields(
        subject=subject, body=body, purchase_reference=purchase_reference
    )
    ticket = Ticket(team=team, requester=actor, subject=subject, purchase_reference=reference)
    return _open(ticket, body=body, author=actor, actor=actor)


@transaction.atomic
def ticket_open_public(
    *, team: Team, name: str, email: str, subject: str, body: str, purchase_reference: str = ""
) -> tuple[Ticket, str]:
    """A request from someone who cannot sign in: their name and e-mail address are kept with
    it, for this request only (IN-5), sealed with a key of the ticket's own. Returns the ticket
    and the token of its follow link, which is also e-mailed to the address."""
    name = _text(name, field="name", limit=NAME_MAX, what="your name")
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError({"email": "Enter a valid e-mail address."}) from error
    subject, body, reference = _request_fields(
        subject=subject, body=body, purchase_reference=purchase_reference
    )
    token = new_follow_token()
    ticket = Ticket(
        team=team,
        contact_name=name,
        contact_email=email,
        follow_token=token,
        subject=subject,
        purchase_reference=reference,
    )
    return _open(ticket, body=body, author=None, actor=None), token


def lock(ticket: Ticket) -> Ticket:
    """The ticket's row, locked for this transaction, with its team."""
    return Ticket.objects.select_for_update(of=("self",)).select_related("team").get(pk=ticket.pk)


def _move(ticket: Ticket, target: str, *, actor: Any, action: str, **details: Any) -> None:
    before = ticket.state
    ticket.set_state(target, at=clock.now())
    ticket.save(update_fields=["state", "updated_at", "resolved_at", "closed_at"])
    audit_record(
        actor=actor,
        action=action,
        target=ticket,
        details={"from": before, "to": target, **details},
    )


@transaction.atomic
def ticket_reply_customer(*, actor: User | None, ticket: Ticket, body: str) -> Message:
    """The customer adds a message (`actor` None when they follow the request by its link).
    A request waiting on them, or resolved and not yet closed, is open again."""
    body = _text(body, field="body", limit=BODY_MAX, what="your message")
    ticket = lock(ticket)
    if ticket.is_closed:
        raise TicketClosedError("This request is closed. Open a new one.")
    message = Message.objects.create(ticket=ticket, author=actor, body=body)
    if ticket.state != TicketState.OPEN:
        _move(ticket, TicketState.OPEN, actor=actor, action="support.ticket.reopened")
    else:
        ticket.updated_at = message.created_at
        ticket.save(update_fields=["updated_at"])
    audit_record(
        actor=actor,
        action="support.ticket.replied",
        target=ticket,
        details={"message_id": message.pk, "from_staff": False},
    )
    return message


# What staff may do with a request as they reply (Zendesk's "submit as").
AFTER_REPLY = {
    "open": None,
    "waiting": (TicketState.WAITING, "support.ticket.waiting"),
    "resolved": (TicketState.RESOLVED, "support.ticket.resolved"),
}


@transaction.atomic
def ticket_reply_staff(*, actor: Any, ticket: Ticket, body: str, then: str = "waiting") -> Message:
    """A staff member answers; the customer is e-mailed the answer. `then` moves the request
    on: "waiting" (on the customer), "resolved", or "open" (stays as it is)."""
    body = _text(body, field="body", limit=BODY_MAX, what="the answer")
    if then not in AFTER_REPLY:
        raise ValidationError({"then": "Choose what happens to the request."})
    ticket = lock(ticket)
    if ticket.is_closed:
        raise TicketClosedError("This request is closed: its details were destroyed.")
    message = Message.objects.create(ticket=ticket, author=actor, from_staff=True, body=body)
    audit_record(
        actor=actor,
        action="support.ticket.replied",
        target=ticket,
        details={"message_id": message.pk, "from_staff": True},
    )
    move = AFTER_REPLY[then]
    if move is not None and ticket.state != move[0]:
        _move(ticket, move[0], actor=actor, action=move[1])
    else:
        ticket.updated_at = message.created_at
        ticket.save(update_fields=["updated_at"])
    emails.send_on_commit(emails.reply_notice(ticket, message))
    return message


@transaction.atomic
def ticket_resolve(*, actor: Any, ticket: Ticket) -> Ticket:
    """Mark the request resolved (by staff, or by the customer: "this solved it"). Its
    details are destroyed once the grace period has passed (see `retention`)."""
    ticket = lock(ticket)
    _move(ticket, TicketState.RESOLVED, actor=actor, action="support.ticket.resolved")
    return ticket


@transaction.atomic
def ticket_reopen(*, actor: Any, ticket: Ticket) -> Ticket:
    """Open a resolved request again (before it is closed); the grace period stops."""
    ticket = lock(ticket)
    _move(ticket, TicketState.OPEN, actor=actor, action="support.ticket.reopened")
    return ticket
