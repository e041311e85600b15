"""Retention of the announcement list (FD-10): the data-map sweep deletes by one clock field,
but a list address is kept while subscribed, so stale ones are purged here, daily."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet

from frontdesk.audit.services import audit_record
from frontdesk.core import clock, tenancy
from frontdesk.messaging.models import AnnouncementSubscriber


def confirm_days() -> int:
    """Days a sign-up may wait for confirmation, and a left address is kept."""
    return int(getattr(settings, "FRONTDESK_ANNOUNCEMENT_CONFIRM_DAYS", 7))


@transaction.atomic
def announcement_subscribers_purge(*, now: datetime | None = None) -> int:
    """Delete sign-ups never confirmed, and addresses that left the list, once they are older
    than `FRONTDESK_ANNOUNCEMENT_CONFIRM_DAYS`; the number deleted. Each business's list is
    its own: one audit event in each business's log that lost addresses (and one in the
    platform's, for what belongs to no business)."""
    cutoff = (now or clock.now()) - timedelta(days=confirm_days())
    # The worker's daily sweep covers every business's list (bound to none), each by its rows.
    with tenancy.bound(None):
        return sum(_purge(cutoff, business) for business in _businesses(cutoff))


def _stale(cutoff: datetime) -> QuerySet[AnnouncementSubscriber]:
    return AnnouncementSubscriber.objects.filter(
        Q(confirmed_at__isnull=True, created_at__lt=cutoff) | Q(unsubscribed_at__lt=cutoff)
    )


def _businesses(cutoff: datetime) -> set[int | None]:
    return set(_stale(cutoff).values_list("organisation_id", flat=True))


def _purge(cutoff: datetime, business: int | None) -> int:
    """Delete one business's stale addresses (None: the platform's) and say so in its log."""
    rows = _stale(cutoff)
    if business is None:
        rows = rows.filter(organisation__isnull=True)
    else:
        rows = rows.filter(organisation_id=business)
    counts = rows.delete()[1]
    deleted = counts.get(AnnouncementSubscriber._meta.label, 0)
    audit_record(
        actor=None,
        action="messaging.subscribers.purged",
        organisation_id=business,
        details={"deleted": deleted},
    )
    return deleted
