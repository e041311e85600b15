"""Changing who may do what. Every change is audited in its own transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from frontdesk.access import capabilities as caps
from frontdesk.access.models import Grant, Location, Organisation, Role
from frontdesk.access.scopes import Scope
from frontdesk.access.selectors import forget_grants
from frontdesk.audit.services import audit_record


@transaction.atomic
def organisation_create(*, name: str, slug: str) -> Organisation:
    """Organisations are created by operators (the demo, `frontdesk` commands), not by staff."""
    return Organisation.objects.create(name=name, slug=slug)


@transaction.atomic
def location_create(*, actor: Any, organisation: Organisation, name: str, slug: str) -> Location:
    location = Location.objects.create(organisation=organisation, name=name, slug=slug)
    audit_record(actor=actor, action="access.location.created", target=location)
    return location


@transaction.atomic
def role_create(
    *, actor: Any, organisation: Organisation, name: str, capabilities: list[str]
) -> Role:
    role = Role.objects.create(
        organisation=organisation, name=name, capabilities=caps.validate(capabilities)
    )
    audit_record(
        actor=actor,
        action="access.role.created",
        target=role,
        details={"name": name, "capabilities": role.capabilities},
    )
    return role


@transaction.atomic
def role_set_capabilities(*, actor: Any, role: Role, capabilities: list[str]) -> Role:
    role = Role.objects.select_for_update().get(pk=role.pk)
    before = list(role.capabilities)
    role.capabilities = caps.validate(capabilities)
    role.save(update_fields=["capabilities"])
    audit_record(
        actor=actor,
        action="access.role.changed",
        target=role,
        details={"before": before, "after": role.capabilities},
    )
    return role


@transaction.atomic
def grant_add(*, actor: Any, user: Any, role: Role, scope: Scope) -> Grant:
    """Give `user` the role on `scope` (which must belong to the role's organisation)."""
    grant, _ = Grant.objects.get_or_create(
        user=user,
        role=role,
        scope_kind=scope.kind,
        scope_id=scope.id,
        defaults={"organisation": role.organisation},
    )
    audit_record(
        actor=actor,
        action="access.grant.added",
        target=grant,
        details={"user_id": user.pk, "role": role.name, "scope": [scope.kind, scope.id]},
    )
    forget_grants(user)
    return grant


@transaction.atomic
def grant_remove(*, actor: Any, grant: Grant) -> None:
    audit_record(
        actor=actor,
        action="access.grant.removed",
        target=grant,
        details={
            "user_id": grant.user_id,
            "role": grant.role.name,
            "scope": [grant.scope_kind, grant.scope_id],
        },
    )
    grant.delete()


class RoleInUseError(ValueError):
    """A role still held by someone cannot be deleted."""


@transaction.atomic
def role_delete(*, actor: Any, role: Role) -> None:
    """Delete a role that nobody holds any more.

    Refused while grants use it: deleting a role must never take access away silently; the
    grants are removed first, each with its own audit event.
    """
    role = Role.objects.select_for_update().get(pk=role.pk)
    if role.grants.exists():
        raise RoleInUseError(f"The role {role.name!r} is still granted; remove its grants first.")
    audit_record(
        actor=actor,
        action="access.role.deleted",
        target=role,
        details={"name": role.name, "capabilities": role.capabilities},
    )
    role.delete()
