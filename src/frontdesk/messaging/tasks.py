"""Huey tasks of the messaging app: SMS and e-mail leave the web request through here."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from frontdesk.messaging.delivery import sms_deliver
from frontdesk.messaging.email_delivery import email_deliver
from frontdesk.messaging.retention import announcement_subscribers_purge


@db_task()  # type: ignore[untyped-decorator]
def sms_deliver_task(message_id: int) -> None:
    """Deliver one queued SMS; safe to run twice (only a queued message is sent)."""
    sms_deliver(message_id=message_id)


@db_task()  # type: ignore[untyped-decorator]
def email_deliver_task(message_id: int) -> None:
    """Deliver one queued e-mail; safe to run twice (only a queued message is sent)."""
    email_deliver(message_id=message_id)


# 03:41 daily (the consumer's clock): unconfirmed sign-ups and addresses that left the list go.
@db_periodic_task(crontab(hour=3, minute=41))  # type: ignore[untyped-decorator]
def announcement_subscribers_purge_task() -> int:
    """Delete stale announcement-list addresses; the number deleted. Idempotent."""
    return announcement_subscribers_purge()
