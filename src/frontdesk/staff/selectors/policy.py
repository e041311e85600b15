"""Reads about the security policy (QM-6): which version each organisation's staff must have
accepted, who has, and who still has to.

Rules: in each organisation the newest version (highest id) is the one that counts; a person
is held to it where they hold any capability that opens customer data
(`CUSTOMER_DATA_CAPABILITIES`), on any scope of the organisation.

`policy_pending` runs on every staff request (the gate middleware), so it reads the newest
versions of all organisations and the person's acknowledgements in one cache round trip, and
goes to the database only when the cache has lost them. Publishing and acknowledging call
`policy_cache_forget`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.db.models import Max, QuerySet
from django.http import Http404

from frontdesk.access.capabilities import CUSTOMER_DATA_CAPABILITIES
from frontdesk.access.models import Organisation, Role
from frontdesk.access.selectors import grants_of
from frontdesk.identity.models import User
from frontdesk.staff.models import PolicyAcknowledgement, SecurityPolicyVersion

_NEWEST_KEY = "staff:policy:newest"
# A bound on how long a cache entry missed by an invalidation (a read racing a commit) lives.
CACHE_SECONDS = 300


def _acks_key(user_id: int) -> str:
    return f"staff:policy:acks:{user_id}"


def policy_cache_forget(*, user_id: int | None = None) -> None:
    """Drop the cached acknowledgements of `user_id`, or (None) the newest versions."""
    cache.delete(_NEWEST_KEY if user_id is None else _acks_key(user_id))


def _newest_from_db() -> dict[int, int]:
    # Unscoped: the cached map holds every business's newest version id (ids only), so it is
    # the same whichever business's request fills it; each person is asked only about theirs.
    rows = (
        SecurityPolicyVersion.objects.unscoped()
        .values("organisation_id")
        .annotate(newest=Max("pk"))
    )
    return {row["organisation_id"]: row["newest"] for row in rows}


def _acks_from_db(user_id: int) -> frozenset[int]:
    rows = PolicyAcknowledgement.objects.filter(user_id=user_id).values_list("version_id")
    return frozenset(version_id for (version_id,) in rows)


def customer_data_organisations(user: Any) -> set[int]:
    """The organisations where `user` holds a capability opening customer data (no query:
    the grants are the ones the access helper reads once per request)."""
    return {
        grant.organisation_id
        for grant in grants_of(user)
        if CUSTOMER_DATA_CAPABILITIES.intersection(grant.role.capabilities)
    }


def policy_pending(user: Any) -> dict[int, int]:
    """{organisation id: id of its newest version} for each version `user` still has to
    acknowledge before opening customer data; empty when they may go on."""
    organisations = customer_data_organisations(user)
    if not organisations:
        return {}
    acks_key = _acks_key(user.pk)
    found = cache.get_many([_NEWEST_KEY, acks_key])
    newest: dict[int, int] | None = found.get(_NEWEST_KEY)
    if newest is None:
        newest = _newest_from_db()
        cache.set(_NEWEST_KEY, newest, CACHE_SECONDS)
    wanted = {org: version for org, version in newest.items() if org in organisations}
    if not wanted:
        return {}
    acknowledged: frozenset[int] | None = found.get(acks_key)
    if acknowledged is None:
        acknowledged = _acks_from_db(user.pk)
        cache.set(acks_key, acknowledged, CACHE_SECONDS)
    return {org: version for org, version in wanted.items() if version not in acknowledged}


def pending_versions(user: Any) -> list[SecurityPolicyVersion]:
    """The versions `user` still has to acknowledge, with their organisations, by name."""
    ids = policy_pending(user).values()
    versions = SecurityPolicyVersion.objects.filter(pk__in=ids).select_related("organisation")
    return list(versions.order_by("organisation__name", "pk"))


def pending_version(user: Any, *, version_id: int) -> SecurityPolicyVersion:
    """One version `user` has to acknowledge; 404 for any other id."""
    for version in pending_versions(user):
        if version.pk == version_id:
            return version
    raise Http404


def affected_staff(organisation: Organisation) -> QuerySet[User]:
    """The active people held to the organisation's policy, by e-mail address."""
    roles = [
        role.pk
        for role in Role.objects.filter(organisation=organisation)
        if CUSTOMER_DATA_CAPABILITIES.intersection(role.capabilities)
    ]
    users = User.objects.filter(
        is_active=True, grants__organisation=organisation, grants__role_id__in=roles
    )
    return users.distinct().order_by("email")


@dataclass(frozen=True)
class Acknowledged:
    user: User
    at: datetime


@dataclass
class VersionEntry:
    """One version with who accepted it and when, and who of the affected staff has not."""

    version: SecurityPolicyVersion
    current: bool
    acknowledged: list[Acknowledged] = field(default_factory=list)
    missing: list[User] = field(default_factory=list)


def policy_versions(organisation: Organisation) -> list[VersionEntry]:
    """The organisation's versions, newest first, each with its acknowledgements (4 queries)."""
    versions = list(
        SecurityPolicyVersion.objects.filter(organisation=organisation).select_related(
            "published_by"
        )
    )
    entries = {
        version.pk: VersionEntry(version, current=index == 0)
        for index, version in enumerate(versions)
    }
    acks = PolicyAcknowledgement.objects.filter(version_id__in=entries).select_related("user")
    for ack in acks.order_by("acknowledged_at", "pk"):
        entries[ack.version_id].acknowledged.append(Acknowledged(ack.user, ack.acknowledged_at))
    staff = list(affected_staff(organisation))
    for entry in entries.values():
        done = {item.user.pk for item in entry.acknowledged}
        entry.missing = [user for user in staff if user.pk not in done]
    return list(entries.values())


def policy_version_taken(organisation: Organisation, *, version: str) -> bool:
    """Whether the organisation already published a version with this label."""
    versions = SecurityPolicyVersion.objects.filter(organisation=organisation)
    return versions.filter(version__iexact=version).exists()
