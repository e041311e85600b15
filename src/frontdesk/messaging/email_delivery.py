"""Delivering one queued e-mail: claim it, check consent and account at this very moment,
add the one-click unsubscribe link, hand it to Django's e-mail backend, record the outcome.

The claim (queued → sending, or → refused) commits before the backend is called, with the
message's unsubscribe token, so a message is handed over at most once, and its link works
from the moment it can arrive.

The message is its business's: it goes from that business's address ("Julie Floral
<hello@juliefloral.example>"), and its unsubscribe link is on that business's site. The worker
runs bound to no business: the message row says which one it is.
"""

from __future__ import annotations

import logging
import smtplib

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils.html import format_html

from frontdesk.access.brand import sender
from frontdesk.access.hosts import organisation_of
from frontdesk.messaging.models import EmailMessageLog
from frontdesk.messaging.purposes import email_purpose
from frontdesk.messaging.selectors import email_refusal
from frontdesk.messaging.unsubscribe import unsubscribe_token_issue, unsubscribe_url

logger = logging.getLogger(__name__)

ONE_CLICK = "List-Unsubscribe=One-Click"


def email_deliver(*, message_id: int) -> EmailMessageLog | None:
    """Send the e-mail if it is still queued and still allowed; return it, or None when there
    was nothing to do."""
    claimed = _claim(message_id)
    if claimed is None:
        return None
    message, link = claimed
    if message.status != EmailMessageLog.Status.SENDING:
        return message
    try:
        _build(message, link).send()
    except (smtplib.SMTPException, OSError) as exc:
        logger.warning("E-mail %s failed: %s", message_id, exc)
        return _finish(message_id, error=str(exc) or exc.__class__.__name__)
    return _finish(message_id)


@transaction.atomic
def _claim(message_id: int) -> tuple[EmailMessageLog, str] | None:
    """Lock the message; refuse it if consent or the account changed since it was queued;
    otherwise mark it sending and make its unsubscribe link ("" for transactional e-mail)."""
    message = (
        # Only the message row is locked (the recipient's rows may be absent: outer joins).
        EmailMessageLog.objects.select_for_update(of=("self",))
        .select_related("user", "subscriber")
        .filter(pk=message_id)
        .first()
    )
    if message is None or message.status != EmailMessageLog.Status.QUEUED:
        return None
    purpose = email_purpose(message.purpose)
    refusal = email_refusal(purpose=purpose, user=message.user, subscriber=message.subscriber)
    link = ""
    if refusal is not None:
        message.mark_refused(str(refusal))
    else:
        message.mark_sending()
        if not purpose.transactional:
            token = unsubscribe_token_issue(
                purpose=purpose.name,
                user=message.user,
                subscriber=message.subscriber,
                organisation_id=message.organisation_id,
            )
            link = unsubscribe_url(token, organisation=organisation_of(message.organisation_id))
    message.save(update_fields=["status", "error"])
    return message, link


def _build(message: EmailMessageLog, link: str) -> EmailMultiAlternatives:
    """The e-mail; with a link, the RFC 8058 headers and a visible unsubscribe line."""
    body, html, headers = message.body_text, message.body_html, {}
    if link:
        headers = {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": ONE_CLICK}
        body = f"{body.rstrip()}\n\n--\nTo stop these e-mails, unsubscribe here: {link}\n"
        if html:
            html += format_html(
                '<p>To stop these e-mails, <a href="{}">unsubscribe here</a>.</p>', link
            )
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=body,
        from_email=sender(organisation_of(message.organisation_id)),
        to=[message.to_email],
        headers=headers,
    )
    if html:
        email.attach_alternative(html, "text/html")
    return email


@transaction.atomic
def _finish(message_id: int, *, error: str = "") -> EmailMessageLog:
    message = EmailMessageLog.objects.select_for_update().get(pk=message_id)
    if error:
        message.mark_failed(error)
    else:
        message.mark_sent()
    message.save(update_fields=["status", "sent_at", "error"])
    return message
