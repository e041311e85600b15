"""Delivering one queued SMS: claim it, hand it to the backend, record the outcome.

The claim (queued → sending) commits before the backend is called, so a message is handed
over at most once however often its task runs, and no database lock is held while the
provider answers. A worker dying mid-send leaves the message "sending": never sent twice.
"""

from __future__ import annotations

import logging

from django.db import transaction

from frontdesk.messaging.models import SmsMessage
from frontdesk.messaging.selectors import sms_opted_out
from frontdesk.messaging.sms import Delivery, SmsBackendError, get_backend

logger = logging.getLogger(__name__)


def sms_deliver(*, message_id: int) -> SmsMessage | None:
    """Send the message if it is still queued; return it, or None when there was nothing to do."""
    message = _claim(message_id)
    if message is None or message.status != SmsMessage.Status.SENDING:
        return message
    try:
        delivery = get_backend().send(message)
    except SmsBackendError as exc:
        logger.warning("SMS %s failed: %s", message_id, exc)
        return _finish(message_id, error=str(exc))
    return _finish(message_id, delivery=delivery)


@transaction.atomic
def _claim(message_id: int) -> SmsMessage | None:
    message = SmsMessage.objects.select_for_update().filter(pk=message_id).first()
    if message is None or message.status != SmsMessage.Status.QUEUED:
        return None
    # STOP may have arrived between queueing and sending: it still wins (QL-2).
    if sms_opted_out(phone=message.to_phone):
        message.mark_cancelled("The phone replied STOP before the message left.")
    else:
        message.mark_sending()
    message.save(update_fields=["status", "error"])
    return message


@transaction.atomic
def _finish(message_id: int, *, delivery: Delivery | None = None, error: str = "") -> SmsMessage:
    message = SmsMessage.objects.select_for_update().get(pk=message_id)
    if delivery is not None:
        message.mark_delivered(provider_id=delivery.provider_id, to_outbox=delivery.to_outbox)
    else:
        message.mark_failed(error)
    message.save(update_fields=["status", "provider_id", "sent_at", "error"])
    return message
