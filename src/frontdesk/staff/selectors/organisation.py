"""Reads for the staff area: which organisation a page is about, its people, roles and scopes.

Every page of an organisation goes through `organisation_for`, built on the one access helper:
outsiders get 404; anyone holding a grant somewhere in the organisation but lacking the
capability on the whole organisation gets 403 (QL-15).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import Http404

from frontdesk.access import selectors as access
from frontdesk.access.capabilities import CAPABILITIES
from frontdesk.access.models import Grant, Location, Organisation, Role
from frontdesk.access.scopes import LOCATION, ORGANISATION, Scope
from frontdesk.core import tenancy
from frontdesk.queues.models import QUEUE, Queue


def organisation_for(*, user: Any, organisation_id: int, capability: str) -> Organisation:
    """The organisation if `user` holds `capability` on all of it; else 404 or 403. Another
    business than the request's is not found (404), whatever its id."""
    bound = tenancy.current()
    if bound is not None and bound.business_id != organisation_id:
        raise Http404
    try:
        return access.get_for_user(
            Organisation.objects.all(), user=user, capability=capability, pk=organisation_id
        )
    except Http404:
        # Staff of one location are members of the organisation, not outsiders: refuse them
        # plainly instead of pretending the organisation does not exist.
        if any(grant.organisation_id == organisation_id for grant in access.grants_of(user)):
            raise PermissionDenied from None
        raise


def grants_in(organisation: Organisation) -> QuerySet[Grant]:
    return Grant.objects.filter(organisation=organisation).select_related("role", "user")


@dataclass(frozen=True)
class HeldGrant:
    grant: Grant
    scope: str  # the scope's name, e.g. "Location: High Street"


@dataclass
class Person:
    """A member of staff of one organisation, with the grants they hold there."""

    user: Any
    grants: list[HeldGrant] = field(default_factory=list)


def _people(organisation: Organisation, grants: QuerySet[Grant]) -> list[Person]:
    labels = scope_labels(organisation)
    people: dict[int, Person] = {}
    for grant in grants.order_by("user__email", "role__name", "pk"):
        label = labels.get(grant.scope, f"{grant.scope_kind} #{grant.scope_id}")
        people.setdefault(grant.user_id, Person(grant.user)).grants.append(HeldGrant(grant, label))
    return list(people.values())


def people_of(organisation: Organisation) -> list[Person]:
    """Everyone holding a grant in the organisation, by e-mail, each with their grants."""
    return _people(organisation, grants_in(organisation))


def person_in(organisation: Organisation, *, user_id: int) -> Person:
    """One member of staff of the organisation; 404 for anyone holding no grant in it."""
    people = _people(organisation, grants_in(organisation).filter(user_id=user_id))
    if not people:
        raise Http404
    return people[0]


def holds_grants(organisation: Organisation, *, user_id: int) -> bool:
    return grants_in(organisation).filter(user_id=user_id).exists()


def grant_in(organisation: Organisation, *, user_id: int, grant_id: int) -> Grant:
    grant = grants_in(organisation).filter(pk=grant_id, user_id=user_id).first()
    if grant is None:
        raise Http404
    return grant


def roles_of(organisation: Organisation) -> QuerySet[Role]:
    return Role.objects.filter(organisation=organisation).order_by("name")


def role_in(organisation: Organisation, *, role_id: int) -> Role:
    role = roles_of(organisation).filter(pk=role_id).first()
    if role is None:
        raise Http404
    return role


def role_holders(role: Role) -> int:
    return Grant.objects.filter(role=role).count()


@dataclass(frozen=True)
class RoleEntry:
    role: Role
    capabilities: list[tuple[str, str]]  # (code, what it allows)
    holders: int


def role_entries(organisation: Organisation) -> list[RoleEntry]:
    """The organisation's roles with what each allows and how many grants use it."""
    roles = roles_of(organisation).annotate(holders=Count("grants"))
    return [
        RoleEntry(
            role, [(code, CAPABILITIES.get(code, code)) for code in role.capabilities], role.holders
        )
        for role in roles
    ]


def _queues_of(organisation: Organisation) -> QuerySet[Queue]:
    return (
        Queue.objects.filter(organisation_id=organisation.pk)
        .select_related("location")
        .order_by("location__name", "name")
    )


def scope_choices(organisation: Organisation) -> list[tuple[str, str]]:
    """Every scope a grant of this organisation may sit on, as ("kind:id", label) pairs."""
    choices = [(f"{ORGANISATION}:{organisation.pk}", f"The whole organisation ({organisation})")]
    choices += [
        (f"{LOCATION}:{location.pk}", f"Location: {location}")
        for location in Location.objects.filter(organisation=organisation).order_by("name")
    ]
    choices += [
        (f"{QUEUE}:{queue.pk}", f"Queue: {queue.location} / {queue.name}")
        for queue in _queues_of(organisation)
    ]
    return choices


def scope_labels(organisation: Organisation) -> dict[Scope, str]:
    """Human names of the organisation's scopes, for showing grants."""
    labels = {}
    for value, label in scope_choices(organisation):
        kind, _, pk = value.partition(":")
        labels[Scope(kind, int(pk))] = label
    return labels
