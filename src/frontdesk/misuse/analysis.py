"""The patterns misuse detection looks for (IN-12), as cheap queries on indexed columns: each
reads one account's (or one network's) events of the last FRONTDESK_MISUSE_WINDOW_HOURS through
the `(user, created_at)` / `(user, network_index)` / `(network_index, created_at)` indexes and
returns findings as record ids and counts — networks are compared by their keyed blind index,
never by address.

Every query reads one business's events only (`of_business`, whatever is bound): a business's
analysis sees its own sign-ins, downloads and registrations, and its findings are about its own
accounts. The same address at two businesses is two accounts, whose events never add up to one
finding."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import Count, Model, QuerySet

from frontdesk.core import tenancy
from frontdesk.identity.models import LoginAttempt
from frontdesk.licensing.models import Download, Licence
from frontdesk.misuse.models import Case
from frontdesk.promotions.models import Registration

SUCCEEDED = LoginAttempt.Outcome.SUCCEEDED
CREDENTIAL_SHARING = Case.Kind.CREDENTIAL_SHARING
DOWNLOAD_PACE = Case.Kind.DOWNLOAD_PACE
PROMOTION_ABUSE = Case.Kind.PROMOTION_ABUSE
EVIDENCE_IDS = 50  # ids kept per list: enough to look at, bounded whatever the pattern
R = TypeVar("R", bound=Model)


@dataclass(frozen=True)
class Finding:
    kind: str
    organisation_id: int
    user_id: int | None
    evidence: dict[str, Any] = field(default_factory=dict)


def window_start(now: datetime) -> datetime:
    return now - timedelta(hours=settings.FRONTDESK_MISUSE_WINDOW_HOURS)


def of_business(rows: QuerySet[R], organisation_id: int) -> QuerySet[R]:
    """`rows` of one business only (along its model's `BUSINESS_SCOPE`), whichever business
    is bound: the analysis never reads another business's events, even run unbound."""
    return rows.filter(**{tenancy.scope_path(rows.model): organisation_id})


def _uses_the_area(user_id: int, organisation_id: int) -> bool:
    """Whether the account uses the business's customer area (holds one of its licences)."""
    return of_business(Licence.objects.filter(user_id=user_id), organisation_id).exists()


def _sign_ins(organisation_id: int) -> QuerySet[LoginAttempt]:
    return of_business(LoginAttempt.objects.filter(outcome=SUCCEEDED), organisation_id)


def _downloads(organisation_id: int) -> QuerySet[Download]:
    return of_business(Download.objects.all(), organisation_id)


SCREEN_CHUNK = 500  # account ids per screening query (well under SQLite's variable limit)


def suspects(user_ids: Iterable[int], *, organisation_id: int, now: datetime) -> list[int]:
    """Those of `user_ids` whose window at the business crosses a threshold, found with a few
    grouped queries
    per SCREEN_CHUNK accounts (the window's distinct (account, network) pairs and download
    counts) instead of several queries per account: a pass reads each event of the window
    about once, however many accounts were active. Only suspects are then looked at one by
    one (`account_findings`) for the evidence."""
    ids = sorted(set(user_ids))
    found: set[int] = set()
    since = window_start(now)
    for start in range(0, len(ids), SCREEN_CHUNK):
        chunk = ids[start : start + SCREEN_CHUNK]
        found |= _screen(chunk, organisation_id=organisation_id, since=since, now=now)
    return sorted(found)


def _screen(
    user_ids: list[int], *, organisation_id: int, since: datetime, now: datetime
) -> set[int]:
    window = {"user_id__in": user_ids, "created_at__gte": since, "created_at__lte": now}
    pairs = {
        *_sign_ins(organisation_id)
        .filter(**window)
        .exclude(network_index__isnull=True)
        .values_list("user_id", "network_index")
        .distinct(),
        *_downloads(organisation_id)
        .filter(**window)
        .exclude(network_index__isnull=True)
        .values_list("user_id", "network_index")
        .distinct(),
    }
    networks: dict[int, int] = {}
    for user_id, _network in pairs:
        networks[user_id] = networks.get(user_id, 0) + 1
    sharing = {pk for pk, count in networks.items() if count >= settings.FRONTDESK_MISUSE_NETWORKS}
    pace = (
        _downloads(organisation_id)
        .filter(**window)
        .order_by()
        .values("user_id")
        .annotate(taken=Count("pk"))
        .filter(taken__gt=settings.FRONTDESK_MISUSE_DOWNLOADS)
        .values_list("user_id", flat=True)
    )
    return sharing | set(pace)


def account_findings(user_id: int, *, organisation_id: int, now: datetime) -> list[Finding]:
    """Credential sharing and download pace for one account of the business, when it uses
    the business's customer area."""
    if not _uses_the_area(user_id, organisation_id):
        return []
    since = window_start(now)
    window = {"user_id": user_id, "created_at__gte": since, "created_at__lte": now}
    sign_ins = _sign_ins(organisation_id).filter(**window).exclude(network_index__isnull=True)
    downloads = _downloads(organisation_id).filter(**window)
    findings: list[Finding] = []
    networks = set(sign_ins.values_list("network_index", flat=True).distinct()) | set(
        downloads.exclude(network_index__isnull=True)
        .values_list("network_index", flat=True)
        .distinct()
    )
    hours = settings.FRONTDESK_MISUSE_WINDOW_HOURS
    if len(networks) >= settings.FRONTDESK_MISUSE_NETWORKS:
        evidence = {
            "networks": len(networks),
            "threshold": settings.FRONTDESK_MISUSE_NETWORKS,
            "window_hours": hours,
            "sign_ins": _ids(sign_ins),
            "downloads": _ids(downloads),
        }
        findings.append(Finding(CREDENTIAL_SHARING, organisation_id, user_id, evidence))
    taken = downloads.count()
    if taken > settings.FRONTDESK_MISUSE_DOWNLOADS:
        evidence = {
            "downloads_taken": taken,
            "threshold": settings.FRONTDESK_MISUSE_DOWNLOADS,
            "window_hours": hours,
            "downloads": _ids(downloads),
        }
        findings.append(Finding(DOWNLOAD_PACE, organisation_id, user_id, evidence))
    return findings


def promotion_findings(
    networks: Iterable[str], *, organisation_id: int, now: datetime
) -> list[Finding]:
    """Networks among `networks` from which at least FRONTDESK_MISUSE_PROMOTION_REGISTRATIONS
    registrations for the business's offers came within the window."""
    threshold = settings.FRONTDESK_MISUSE_PROMOTION_REGISTRATIONS
    recent = of_business(
        Registration.objects.filter(
            network_index__in=list(networks),
            created_at__gte=window_start(now),
            created_at__lte=now,
        ),
        organisation_id,
    )
    groups = (
        recent.order_by()
        .values("network_index")
        .annotate(count=Count("pk"))
        .filter(count__gte=threshold)
    )
    findings = []
    for group in groups:
        rows = recent.filter(network_index=group["network_index"]).order_by("pk")
        evidence = {
            "registrations_from_one_network": group["count"],
            "threshold": threshold,
            "window_hours": settings.FRONTDESK_MISUSE_WINDOW_HOURS,
            "registrations": _ids(rows),
            "accounts": sorted(set(rows.values_list("user_id", flat=True))),
        }
        findings.append(Finding(PROMOTION_ABUSE, organisation_id, None, evidence))
    return findings


def _ids(rows: Any) -> list[int]:
    return sorted(rows.order_by("-pk").values_list("pk", flat=True)[:EVIDENCE_IDS])
