"""Destroying the details of a request once it is dealt with (IN-4, IN-5, IN-13, JF-7).

A request resolved more than `FRONTDESK_SUPPORT_GRACE_DAYS` ago — or, when staff suspect
fraud, more than `FRONTDESK_SUPPORT_FRAUD_DAYS` ago — loses, in one transaction: its
diagnostics and proofs of purchase and its messages (deleted), its subject, reference, contact
details, follow link and fraud reason (blanked). It is closed, so it cannot be reopened. A
request from the public form had a data key of its own: once the transaction commits that key is
destroyed, so every copy of what it sealed, backups included, can never be read (FD-2). What
stays is a bare record (team, state, dates) for the statistics.

Why not the platform's retention sweep: it deletes or blanks by one clock field per declaration,
while here the period depends on a suspicion, and a key must be destroyed and the request
closed with its data. The declarations in `privacy.py` state these periods; `tasks.py` runs
this daily. Running it twice does nothing more.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet

from frontdesk.audit.services import audit_record
from frontdesk.core import clock
from frontdesk.support.models import Attachment, Message, Ticket
from frontdesk.support.states import TicketState
from frontdesk.vault import keyring

BLANKED = (
    "subject",
    "purchase_reference",
    "contact_name",
    "contact_email",
    "follow_token",
    "fraud_reason",
)
BATCH = 200


def grace_days() -> int:
    return int(getattr(settings, "FRONTDESK_SUPPORT_GRACE_DAYS", 7))


def fraud_days() -> int:
    return int(getattr(settings, "FRONTDESK_SUPPORT_FRAUD_DAYS", 365))


def tickets_due(*, now: datetime) -> QuerySet[Ticket]:
    """Resolved requests past their period whose details are not destroyed yet."""
    grace = Q(fraud_suspected_at__isnull=True, resolved_at__lt=now - timedelta(days=grace_days()))
    fraud = Q(fraud_suspected_at__isnull=False, resolved_at__lt=now - timedelta(days=fraud_days()))
    return Ticket.objects.filter(grace | fraud, state=TicketState.RESOLVED, discarded_at=None)


def _deleted(rows: QuerySet[Attachment] | QuerySet[Message]) -> int:
    return rows.delete()[1].get(rows.model._meta.label, 0)


@transaction.atomic
def ticket_discard(*, ticket_id: int, now: datetime) -> bool:
    """Destroy one request's details if it is (still) due; whether it was."""
    ticket = tickets_due(now=now).select_for_update().filter(pk=ticket_id).first()
    if ticket is None:
        return False
    counts = {
        "attachments": _deleted(Attachment.objects.filter(ticket=ticket)),
        "messages": _deleted(Message.objects.filter(ticket=ticket)),
    }
    for name in BLANKED:
        setattr(ticket, name, "")
    ticket.fraud_marked_by = None
    ticket.set_state(TicketState.CLOSED, at=now)
    ticket.discarded_at = now
    changed = [*BLANKED, "fraud_marked_by", "state", "updated_at", "closed_at", "discarded_at"]
    # A public request's key is its own (a signed-in requester's key is theirs: it stays).
    own_key = ticket.vault_key if ticket.requester_id is None else None
    if own_key is not None:
        ticket.vault_key = None
        changed.append("vault_key")
        transaction.on_commit(partial(keyring.key_destroy, [own_key]))
    ticket.save(update_fields=changed)
    audit_record(
        actor=None,
        action="support.ticket.discarded",
        target=ticket,
        details={
            **counts,
            "fraud_suspected": ticket.fraud_suspected_at is not None,
            "key_destroyed": own_key is not None,
        },
    )
    return True


def tickets_discard_due(*, now: datetime | None = None) -> int:
    """Destroy the details of every request past its period, each in its own transaction;
    the number of requests handled."""
    moment = now or clock.now()
    done = 0
    while ids := list(tickets_due(now=moment).order_by("pk").values_list("pk", flat=True)[:BATCH]):
        handled = sum(ticket_discard(ticket_id=pk, now=moment) for pk in ids)
        done += handled
        if not handled:  # only rows another run took in between: nothing left for this one
            break
    return done
