"""The one access helper every view and API endpoint goes through (QL-15, QL-16).

Outsiders (no grant on any scope containing the resource) get 404, so they learn nothing of
it; members without the capability get 403. The grants of a user are read once per request
(one query) and kept on the user object.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from frontdesk.access.hosts import site_url
from frontdesk.access.models import Grant, Location, Organisation
from frontdesk.access.scopes import LOCATION, ORGANISATION, Scope, Scoped

M = TypeVar("M", bound=Model)
_CACHE_ATTR = "_frontdesk_grants"


def grants_of(user: Any) -> list[Grant]:
    """The user's grants with their roles; none for anonymous or inactive users."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached: list[Grant] | None = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(Grant.objects.filter(user=user).select_related("role"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_grants(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def capabilities_on(*, user: Any, resource: Scoped) -> frozenset[str] | None:
    """What the user may do on the resource; None when they are an outsider to it."""
    path = set(resource.access_scopes())
    matching = [grant for grant in grants_of(user) if grant.scope in path]
    if not matching:
        return None
    return frozenset(code for grant in matching for code in grant.role.capabilities)


def can(*, user: Any, resource: Scoped, capability: str) -> bool:
    return capability in (capabilities_on(user=user, resource=resource) or frozenset())


def require(*, user: Any, resource: Scoped, capability: str | None = None) -> frozenset[str]:
    """Raise 404 for outsiders, 403 for members lacking `capability`; return the capabilities."""
    capabilities = capabilities_on(user=user, resource=resource)
    if capabilities is None:
        raise Http404
    if capability is not None and capability not in capabilities:
        raise PermissionDenied
    return capabilities


def get_for_user(
    queryset: QuerySet[M], *, user: Any, capability: str | None = None, **lookup: Any
) -> M:
    """Fetch one scoped object for this user, or 404/403 as `require` decides."""
    obj = queryset.filter(**lookup).first()
    if obj is None or not isinstance(obj, Scoped):
        raise Http404
    require(user=user, resource=obj, capability=capability)
    return obj


def scopes_with(*, user: Any, capability: str | None = None) -> list[Scope]:
    """The scopes on which the user holds `capability` (any grant at all when None)."""
    return [
        grant.scope
        for grant in grants_of(user)
        if capability is None or capability in grant.role.capabilities
    ]


def scope_ids(scopes: list[Scope], kind: str) -> set[int]:
    return {scope.id for scope in scopes if scope.kind == kind}


def organisations_for(*, user: Any, capability: str | None = None) -> QuerySet[Organisation]:
    """Organisations where the user holds `capability` on the whole organisation."""
    ids = scope_ids(scopes_with(user=user, capability=capability), ORGANISATION)
    return Organisation.objects.filter(pk__in=ids)


def locations_for(*, user: Any, capability: str | None = None) -> QuerySet[Location]:
    """Locations the user holds `capability` on, directly or through the organisation."""
    scopes = scopes_with(user=user, capability=capability)
    return Location.objects.filter(pk__in=scope_ids(scopes, LOCATION)) | Location.objects.filter(
        organisation_id__in=scope_ids(scopes, ORGANISATION)
    )


def is_staff_member(user: Any) -> bool:
    """Whether the user holds any grant at all (sees the staff area)."""
    return bool(grants_of(user))


@dataclass(frozen=True)
class BusinessLink:
    name: str
    url: str


def businesses() -> list[BusinessLink]:
    """Every business on the installation with its own address (the platform's home)."""
    return [
        BusinessLink(organisation.name, site_url(organisation))
        for organisation in Organisation.objects.order_by("name")
    ]
