"""Diagnostic reports and proofs of purchase: sent once approved, copied to the customer on
request, read by staff only with the capability for it and always audited (IN-4, IN-19)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from frontdesk.audit.services import audit_record
from frontdesk.identity.models import User
from frontdesk.support import emails
from frontdesk.support.attachments import Draft
from frontdesk.support.errors import SupportError, TicketClosedError
from frontdesk.support.models import Attachment
from frontdesk.support.models import Ticket as TicketModel
from frontdesk.support.services.tickets import lock

NO_ADDRESS = "We have no address to send a copy to."


@transaction.atomic
def attachment_add(
    *, actor: User | None, ticket: TicketModel, draft: Draft, copy: bool = False
) -> Attachment:
    """Attach the report the customer approved on its preview (`draft`, checked against the
    preview's stamp by `attachments.draft_approved`), exactly as it was shown. With `copy`, an
    exact copy is e-mailed to them once it is stored."""
    ticket = lock(ticket)
    if ticket.is_closed:
        raise TicketClosedError("This request is closed. Open a new one.")
    attachment = Attachment.objects.create(
        ticket=ticket,
        kind=draft.kind,
        filename=draft.filename,
        content=draft.content,
        size=draft.size,
        added_by=actor,
    )
    ticket.updated_at = attachment.approved_at
    ticket.save(update_fields=["updated_at"])
    audit_record(
        actor=actor,
        action="support.attachment.approved",
        target=attachment,
        details={"ticket_id": ticket.pk, "kind": draft.kind, "bytes": draft.size},
    )
    if copy:
        _copy(actor=actor, attachment=attachment)
    return attachment


def _copy(*, actor: Any, attachment: Attachment) -> None:
    message = emails.attachment_copy(attachment)
    if message is None:
        raise SupportError(NO_ADDRESS)
    audit_record(
        actor=actor,
        action="support.attachment.copy_sent",
        target=attachment,
        details={"ticket_id": attachment.ticket_id, "kind": attachment.kind},
    )
    emails.send_on_commit(message)


@transaction.atomic
def attachment_copy_send(*, actor: User | None, attachment: Attachment) -> None:
    """E-mail the customer an exact copy of a report they sent (IN-4)."""
    attachment = Attachment.objects.select_related("ticket", "ticket__requester").get(
        pk=attachment.pk
    )
    _copy(actor=actor, attachment=attachment)


@transaction.atomic
def attachment_read(*, actor: Any, attachment: Attachment) -> Attachment:
    """The report with its contents, for a staff member allowed to read it (the caller checked
    the capability); every read is an audit event (IN-19)."""
    attachment = Attachment.objects.select_related("ticket").get(pk=attachment.pk)
    audit_record(
        actor=actor,
        action="support.attachment.viewed",
        target=attachment,
        details={"ticket_id": attachment.ticket_id, "kind": attachment.kind},
    )
    return attachment
