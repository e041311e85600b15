"""Keeping page views (QM-15, JF-3) and forgetting their networks when their time is up.

The networks of one shop's visits of one day are sealed under one data key of their own (FD-2: a
row about no one gets a key of its own; one per shop and day keeps a page view to one INSERT plus
the key's read, instead of a new key per view; per shop, so no two businesses share a key). It
is a record key: once the retention sweep has blanked the last network of its day
(FRONTDESK_RETENTION_VISITS_DAYS), the sweep's crypto-shredding (`vault.shred.
record_keys_shred`) destroys it, so the networks are gone from every backup as well (JF-7).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from frontdesk.core import clock
from frontdesk.insights.models import Visit
from frontdesk.insights.traffic import PageView
from frontdesk.shop.models import Shop

# The data key of today's visits, by shop and day: found again in the database after a restart.
_day_keys: dict[tuple[int, date], uuid.UUID] = {}


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=timezone.get_current_timezone())


def _day_key(shop_id: int, day: date) -> uuid.UUID | None:
    key = _day_keys.get((shop_id, day))
    if key is None:
        key = (
            Visit.objects.filter(shop_id=shop_id, at__gte=_midnight(day), vault_key__isnull=False)
            .order_by("-pk")
            .values_list("vault_key", flat=True)
            .first()
        )
    return key


@transaction.atomic
def visit_record(*, view: PageView) -> Visit | None:
    """Keep one page view (the fields of `PageView` and the time, nothing else): one query for
    the shop, one INSERT. The network is sealed under the day's data key (a new key when the
    day has none yet, or when it cannot be loaded)."""
    shop_id = Shop.objects.filter(slug=view.shop_slug).values_list("pk", flat=True).first()
    if shop_id is None:
        return None
    now = clock.now()
    day = timezone.localdate(now)
    visit = Visit(
        shop_id=shop_id,
        at=now,
        path=view.path,
        entry=view.entry,
        referrer_host=view.source.referrer_host,
        campaign=view.source.campaign,
        network=view.network,
    )
    visit.vault_key = _day_key(shop_id, day)
    visit.save()
    if visit.vault_key is not None:
        for past in [cached for cached in _day_keys if cached[1] != day]:
            del _day_keys[past]
        _day_keys[shop_id, day] = visit.vault_key
    return visit
