"""Organisations, locations, roles and grants."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from frontdesk.access.scopes import LOCATION, ORGANISATION, Scope
from frontdesk.core import clock


class Organisation(models.Model):
    """A business running on Frontdesk; the top of every access scope."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(unique=True)

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name

    def access_scopes(self) -> list[Scope]:
        return [Scope(ORGANISATION, self.pk)]


class Location(models.Model):
    """A place of an organisation (a branch, an office) holding queues."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="locations"
    )
    name = models.CharField(max_length=120)
    slug = models.SlugField()

    class Meta:
        ordering = ("name",)
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="location_slug_per_org")
        ]

    def __str__(self) -> str:
        return self.name

    def access_scopes(self) -> list[Scope]:
        return [Scope(LOCATION, self.pk), Scope(ORGANISATION, self.organisation_id)]


class Role(models.Model):
    """A named set of capabilities (codes from `access.capabilities`), per organisation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="roles")
    name = models.CharField(max_length=80)
    capabilities = models.JSONField(default=list)

    class Meta:
        ordering = ("name",)
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["organisation", "name"], name="role_name_per_org")
        ]

    def __str__(self) -> str:
        return self.name


class Grant(models.Model):
    """A user holds a role on one scope: the organisation, a location, or one resource."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grants"
    )
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="grants")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    scope_kind = models.CharField(max_length=32)
    scope_id = models.BigIntegerField()
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["user", "role", "scope_kind", "scope_id"], name="grant_unique"
            )
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["user", "scope_kind", "scope_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.role} on {self.scope_kind} {self.scope_id}"

    @property
    def scope(self) -> Scope:
        return Scope(self.scope_kind, self.scope_id)
