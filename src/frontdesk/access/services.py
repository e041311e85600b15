"""Changing who may do what. Every change is audited in its own transaction."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from frontdesk.access import capabilities as caps
from frontdesk.access.hosts import forget_hosts, normalise_host, platform_hosts
from frontdesk.access.models import MODULES, Grant, Host, Location, Organisation, Role
from frontdesk.access.scopes import Scope
from frontdesk.access.selectors import forget_grants
from frontdesk.audit.services import audit_record


@transaction.atomic
def organisation_create(
    *,
    name: str,
    slug: str,
    hosts: list[str] | None = None,
    modules: list[str] | None = None,
    **details: Any,
) -> Organisation:
    """A new business, answering on `hosts` (default `<slug>.<FRONTDESK_BUSINESS_HOST_SUFFIX>`,
    `<slug>.localhost` locally; the first is its primary host). Businesses are created by
    operators (`frontdesk business add`, the demo), not by staff. `details` are the brand,
    contact and processor fields of `Organisation`."""
    unknown = set(modules or []) - set(MODULES)
    if unknown:
        raise ValidationError({"modules": f"Unknown modules: {', '.join(sorted(unknown))}."})
    organisation = Organisation.objects.create(
        name=name, slug=slug, modules=list(modules or []), **details
    )
    names = hosts if hosts is not None else [f"{slug}.{settings.FRONTDESK_BUSINESS_HOST_SUFFIX}"]
    for index, hostname in enumerate(names):
        host_add(organisation=organisation, hostname=hostname, primary=index == 0)
    return organisation


def host_add(*, organisation: Organisation, hostname: str, primary: bool = False) -> Host:
    """Another host name for a business; ValidationError if it is taken or a platform host."""
    name = normalise_host(hostname)
    if not name or name in platform_hosts():
        raise ValidationError({"hostname": f"{hostname!r} cannot be a business's host."})
    if Host.objects.filter(hostname=name).exists():
        raise ValidationError({"hostname": f"{name} already belongs to a business."})
    if primary:
        Host.objects.filter(organisation=organisation).update(is_primary=False)
    host = Host.objects.create(organisation=organisation, hostname=name, is_primary=primary)
    forget_hosts()
    return host


LOCATION_NAME_MAX = 120


def _location_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Enter a name for the location."})
    if len(name) > LOCATION_NAME_MAX:
        raise ValidationError({"name": f"Keep the name to {LOCATION_NAME_MAX} characters."})
    return name


@transaction.atomic
def location_create(
    *, actor: Any, organisation: Organisation, name: str, slug: str = ""
) -> Location:
    """A new location of `organisation`; ValidationError (nothing created) for an empty name.

    Without `slug`, one is derived from the name and made unique within the organisation
    ("high-street", "high-street-2", ...). The organisation's row is locked first, so two
    locations created at once never pick the same slug.
    """
    name = _location_name(name)
    Organisation.objects.select_for_update().get(pk=organisation.pk)
    slug = slug or _free_slug(organisation=organisation, name=name)
    location = Location.objects.create(organisation=organisation, name=name, slug=slug)
    audit_record(
        actor=actor, action="access.location.created", target=location, details={"name": name}
    )
    return location


@transaction.atomic
def location_rename(*, actor: Any, location: Location, name: str) -> Location:
    """Give the location a new name; ValidationError (nothing changed) for an empty one.

    The slug stays: it is an identifier, and renaming must not break anything built on it.
    """
    name = _location_name(name)
    locked = Location.objects.select_for_update().get(pk=location.pk)
    before = locked.name
    if name == before:
        return locked
    locked.name = name
    locked.save(update_fields=["name"])
    audit_record(
        actor=actor,
        action="access.location.changed",
        target=locked,
        details={"before": {"name": before}, "after": {"name": name}},
    )
    return locked


def _free_slug(*, organisation: Organisation, name: str) -> str:
    """The slug of `name`, with -2, -3 ... added until no location of the organisation has it."""
    base = slugify(name)[:40] or "location"
    taken = set(
        Location.objects.filter(organisation=organisation, slug__startswith=base).values_list(
            "slug", flat=True
        )
    )
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


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
