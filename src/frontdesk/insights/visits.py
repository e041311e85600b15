"""Keeping page views (QM-15, JF-3) and forgetting their networks when their time is up.

The networks of one day's visits are sealed under one data key of their own (FD-2: a row about
no one gets a key of its own; one per day keeps a page view to one INSERT plus the key's read,
instead of a new key per view). When the day passes FRONTDESK_RETENTION_VISITS_DAYS the key is
destroyed, so the networks are gone from every backup as well (JF-7).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from frontdesk.audit.services import audit_record
from frontdesk.core import clock
from frontdesk.insights.models import Visit
from frontdesk.insights.traffic import PageView
from frontdesk.shop.models import Shop
from frontdesk.vault import keyring

# The data key of today's visits, by day: found again in the database after a restart.
_day_keys: dict[date, uuid.UUID] = {}


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=timezone.get_current_timezone())


def _day_key(shop_id: int, day: date) -> uuid.UUID | None:
    key = _day_keys.get(day)
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
        _day_keys.clear()
        _day_keys[day] = visit.vault_key
    return visit


@transaction.atomic
def visit_keys_destroy(*, now: datetime | None = None) -> int:
    """Destroy the data keys of the days whose visits are past FRONTDESK_RETENTION_VISITS_DAYS
    (crypto-shredding: copies of those networks in old backups cannot be opened any more);
    the number of keys destroyed. Idempotent. The retention sweep blanks the values too."""
    today = timezone.localdate(now or clock.now())
    cutoff = _midnight(today - timedelta(days=int(settings.FRONTDESK_RETENTION_VISITS_DAYS)))
    old = Visit.objects.filter(at__lt=cutoff, vault_key__isnull=False)
    keys = set(old.values_list("vault_key", flat=True).distinct())
    keys -= set(
        Visit.objects.filter(at__gte=cutoff, vault_key__in=keys)
        .values_list("vault_key", flat=True)
        .distinct()
    )
    if not keys:
        return 0
    destroyed = keyring.key_destroy(keys)
    old.filter(vault_key__in=keys).update(vault_key=None)
    audit_record(
        actor=None,
        action="insights.visits.keys_destroyed",
        details={"keys": destroyed, "before": cutoff.date().isoformat()},
    )
    return destroyed
