"""Retention of the announcement list (FD-10): the data-map sweep deletes by one clock field,
but a list address is kept while subscribed, so stale ones are purged here, daily."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from frontdesk.audit.services import audit_record
from frontdesk.core import clock
from frontdesk.messaging.models import AnnouncementSubscriber


def confirm_days() -> int:
    """Days a sign-up may wait for confirmation, and a left address is kept."""
    return int(getattr(settings, "FRONTDESK_ANNOUNCEMENT_CONFIRM_DAYS", 7))


@transaction.atomic
def announcement_subscribers_purge(*, now: datetime | None = None) -> int:
    """Delete sign-ups never confirmed, and addresses that left the list, once they are older
    than `FRONTDESK_ANNOUNCEMENT_CONFIRM_DAYS`; the number deleted (one audit event)."""
    cutoff = (now or clock.now()) - timedelta(days=confirm_days())
    stale = AnnouncementSubscriber.objects.filter(
        Q(confirmed_at__isnull=True, created_at__lt=cutoff) | Q(unsubscribed_at__lt=cutoff)
    )
    deleted = stale.delete()[1].get(AnnouncementSubscriber._meta.label, 0)
    audit_record(actor=None, action="messaging.subscribers.purged", details={"deleted": deleted})
    return deleted
