"""The patterns misuse detection looks for (IN-12), as cheap queries on indexed columns: each
reads one account's (or one network's) events of the last FRONTDESK_MISUSE_WINDOW_HOURS through
the `(user, created_at)` / `(user, network_index)` / `(network_index, created_at)` indexes and
returns findings as record ids and counts — networks are compared by their keyed blind index,
never by address."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count

from frontdesk.identity.models import LoginAttempt
from frontdesk.licensing.models import Download, Licence
from frontdesk.misuse.models import Case
from frontdesk.promotions.models import Registration

SUCCEEDED = LoginAttempt.Outcome.SUCCEEDED
CREDENTIAL_SHARING = Case.Kind.CREDENTIAL_SHARING
DOWNLOAD_PACE = Case.Kind.DOWNLOAD_PACE
PROMOTION_ABUSE = Case.Kind.PROMOTION_ABUSE
EVIDENCE_IDS = 50  # ids kept per list: enough to look at, bounded whatever the pattern


@dataclass(frozen=True)
class Finding:
    kind: str
    organisation_id: int
    user_id: int | None
    evidence: dict[str, Any] = field(default_factory=dict)


def window_start(now: datetime) -> datetime:
    return now - timedelta(hours=settings.FRONTDESK_MISUSE_WINDOW_HOURS)


def _organisations_of(user_id: int) -> list[int]:
    """The organisations whose area the account uses (it holds a licence of their product)."""
    rows = Licence.objects.filter(user_id=user_id).values_list("product__organisation_id")
    return sorted({organisation for (organisation,) in rows})


SCREEN_CHUNK = 500  # account ids per screening query (well under SQLite's variable limit)


def suspects(user_ids: Iterable[int], *, now: datetime) -> list[int]:
    """Those of `user_ids` whose window crosses a threshold, found with a few grouped queries
    per SCREEN_CHUNK accounts (the window's distinct (account, network) pairs and download
    counts) instead of several queries per account: a pass reads each event of the window
    about once, however many accounts were active. Only suspects are then looked at one by
    one (`account_findings`) for the evidence."""
    ids = sorted(set(user_ids))
    found: set[int] = set()
    since = window_start(now)
    for start in range(0, len(ids), SCREEN_CHUNK):
        chunk = ids[start : start + SCREEN_CHUNK]
        found |= _screen(chunk, since=since, now=now)
    return sorted(found)


def _screen(user_ids: list[int], *, since: datetime, now: datetime) -> set[int]:
    window = {"user_id__in": user_ids, "created_at__gte": since, "created_at__lte": now}
    pairs = {
        *LoginAttempt.objects.filter(**window, outcome=SUCCEEDED)
        .exclude(network_index__isnull=True)
        .values_list("user_id", "network_index")
        .distinct(),
        *Download.objects.filter(**window)
        .exclude(network_index__isnull=True)
        .values_list("user_id", "network_index")
        .distinct(),
    }
    networks: dict[int, int] = {}
    for user_id, _network in pairs:
        networks[user_id] = networks.get(user_id, 0) + 1
    sharing = {pk for pk, count in networks.items() if count >= settings.FRONTDESK_MISUSE_NETWORKS}
    pace = (
        Download.objects.filter(**window)
        .order_by()
        .values("user_id")
        .annotate(taken=Count("pk"))
        .filter(taken__gt=settings.FRONTDESK_MISUSE_DOWNLOADS)
        .values_list("user_id", flat=True)
    )
    return sharing | set(pace)


def account_findings(user_id: int, *, now: datetime) -> list[Finding]:
    """Credential sharing and download pace for one account, per organisation it uses."""
    organisations = _organisations_of(user_id)
    if not organisations:
        return []
    since = window_start(now)
    sign_ins = LoginAttempt.objects.filter(
        user_id=user_id, outcome=SUCCEEDED, created_at__gte=since, created_at__lte=now
    ).exclude(network_index__isnull=True)
    downloads = Download.objects.filter(user_id=user_id, created_at__gte=since, created_at__lte=now)
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
        findings += [Finding(CREDENTIAL_SHARING, org, user_id, evidence) for org in organisations]
    taken = downloads.count()
    if taken > settings.FRONTDESK_MISUSE_DOWNLOADS:
        evidence = {
            "downloads_taken": taken,
            "threshold": settings.FRONTDESK_MISUSE_DOWNLOADS,
            "window_hours": hours,
            "downloads": _ids(downloads),
        }
        findings += [Finding(DOWNLOAD_PACE, org, user_id, evidence) for org in organisations]
    return findings


def promotion_findings(networks: Iterable[str], *, now: datetime) -> list[Finding]:
    """Networks among `networks` from which at least FRONTDESK_MISUSE_PROMOTION_REGISTRATIONS
    registrations for one organisation's offers came within the window."""
    threshold = settings.FRONTDESK_MISUSE_PROMOTION_REGISTRATIONS
    recent = Registration.objects.filter(
        network_index__in=list(networks), created_at__gte=window_start(now), created_at__lte=now
    )
    groups = (
        recent.values("offer__organisation_id", "network_index")
        .annotate(count=Count("pk"))
        .filter(count__gte=threshold)
    )
    findings = []
    for group in groups:
        rows = recent.filter(
            offer__organisation_id=group["offer__organisation_id"],
            network_index=group["network_index"],
        ).order_by("pk")
        evidence = {
            "registrations_from_one_network": group["count"],
            "threshold": threshold,
            "window_hours": settings.FRONTDESK_MISUSE_WINDOW_HOURS,
            "registrations": _ids(rows),
            "accounts": sorted(set(rows.values_list("user_id", flat=True))),
        }
        findings.append(Finding(PROMOTION_ABUSE, group["offer__organisation_id"], None, evidence))
    return findings


def _ids(rows: Any) -> list[int]:
    return sorted(rows.order_by("-pk").values_list("pk", flat=True)[:EVIDENCE_IDS])
