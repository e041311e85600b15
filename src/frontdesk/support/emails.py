"""The e-mails of support: the request received (with its link), staff replies, and the exact
copy of a report the customer sent (IN-4).

They are transactional and go straight to Django's mail backend once the transaction commits,
not through messaging's e-mail log: that log keeps an e-mail's text and address for 30 days,
which would outlive the destruction of the request's details and reports (IN-4, IN-5). The
request itself is the record of what was said. An account its owner made inactive gets
nothing (QM-11). Each comes from the request's business (its name and sender address) and
links to that business's own address, where the request lives.
"""

from __future__ import annotations

import hashlib
import logging

from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse

from frontdesk.access.brand import sender
from frontdesk.access.hosts import absolute_url
from frontdesk.support.models import Attachment, Message, Ticket

logger = logging.getLogger(__name__)

JSON_TYPE = "application/json"
TEXT_TYPE = "text/plain"
PRIVATE_LINK = "Keep this link to yourself: whoever has it can read the request."
DESTROYED = (
    "What you send us for this request is used for it only, and destroyed once it is dealt with."
)


def ticket_link(ticket: Ticket) -> str:
    """Where the customer follows the request, on its business's address (built from the
    configured site address, never from the request's Host header): their account's page, or
    the follow link."""
    if ticket.requester_id is not None:
        path = reverse("support:ticket", kwargs={"ticket_id": ticket.pk})
    else:
        path = reverse("support:public_ticket", kwargs={"token": ticket.follow_token})
    return absolute_url(path, ticket.organisation)


def recipient(ticket: Ticket) -> str | None:
    """The address to write to about `ticket`; None when there is none or the account is
    inactive."""
    if ticket.requester_id is not None:
        user = ticket.requester
        return user.email if user is not None and user.is_active else None
    return ticket.contact_email or None


def _greeting(ticket: Ticket) -> str:
    name = ticket.requester.full_name if ticket.requester is not None else ticket.contact_name
    return f"Hello {name}," if name else "Hello,"


def _message(ticket: Ticket, subject: str, *paragraphs: str) -> EmailMessage | None:
    """A plain-text e-mail about `ticket` (no template: nothing is HTML-escaped in text)."""
    address = recipient(ticket)
    if address is None:
        return None
    body = "\n\n".join((_greeting(ticket), *paragraphs)) + "\n"
    return EmailMessage(
        f"{subject} [{ticket.reference}]", body, sender(ticket.organisation), [address]
    )


def _send(message: EmailMessage) -> None:
    try:
        message.send()
    except OSError:  # the request's change stands; the mail server's failure is logged
        logger.exception("Support e-mail could not be sent.")


def send_on_commit(message: EmailMessage | None) -> None:
    if message is not None:
        transaction.on_commit(lambda: _send(message))


def opened_notice(ticket: Ticket) -> EmailMessage | None:
    keep = "" if ticket.requester_id else f"\n{PRIVATE_LINK}"
    return _message(
        ticket,
        "We received your support request",
        f'We received your support request {ticket.reference}: "{ticket.subject}".',
        f"Follow it, answer us and send a diagnostic report here:\n{ticket_link(ticket)}{keep}",
        DESTROYED,
    )


def reply_notice(ticket: Ticket, message: Message) -> EmailMessage | None:
    return _message(
        ticket,
        "Support answered your request",
        f"Support answered your request {ticket.reference}:",
        message.body,
        f"Reply or follow the request here:\n{ticket_link(ticket)}",
    )


def attachment_copy(attachment: Attachment) -> EmailMessage | None:
    """The exact copy of what was sent, as a file attached to the e-mail (the same bytes)."""
    ticket, kind = attachment.ticket, attachment.get_kind_display().lower()
    digest = hashlib.sha256(attachment.content.encode()).hexdigest()
    email = _message(
        ticket,
        f"Your copy of the {kind} you sent",
        f"As you asked, attached is an exact copy of the {kind} you sent with request "
        f"{ticket.reference} ({attachment.size} bytes, SHA-256 {digest}).",
        DESTROYED,
        ticket_link(ticket),
    )
    if email is not None:
        name = attachment.filename or f"{attachment.kind.replace('_', '-')}.txt"
        kind_type = JSON_TYPE if name.lower().endswith(".json") else TEXT_TYPE
        email.attach(name, attachment.content.encode(), kind_type)
    return email
