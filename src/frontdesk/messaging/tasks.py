"""Huey tasks of the messaging app: SMS leave the web request through here."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from frontdesk.messaging.delivery import sms_deliver


@db_task()  # type: ignore[untyped-decorator]
def sms_deliver_task(message_id: int) -> None:
    """Deliver one queued SMS; safe to run twice (only a queued message is sent)."""
    sms_deliver(message_id=message_id)
