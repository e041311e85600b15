"""Businesses (the tenants), their host names, locations, roles and grants."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from frontdesk.access.scopes import LOCATION, ORGANISATION, Scope
from frontdesk.core import clock, tenancy

# The modules a business can use; its policy is generated from their declarations alone.
MODULES = ("queues", "shop", "licensing", "support", "promotions", "misuse")
# The processors a business may name (who they are is the business's, what they get is the
# declarations'): the key is the recipient a declaration names, the value the company.
PROCESSOR_ROLES = {
    "sms": "SMS provider",
    "cards": "card processor",
    "shipping": "shipping company",
    "partners": "e-commerce partners",
    "mailing": "mailing company",
}


class Organisation(models.Model):
    """A business running on Frontdesk: a tenant, and the data controller of its customers'
    data (FD-16). The top of every access scope.

    Each business has its own host names (`Host`), accounts, brand, contacts, processors and
    policy; to each business the others are third parties. Its `modules` say which parts of
    Frontdesk it uses, and so which declarations its policy lists.
    """

    PLATFORM_MODEL = "the businesses themselves: the platform's list of its tenants"

    name = models.CharField(max_length=120)
    slug = models.SlugField(unique=True)
    accent_colour = models.CharField(max_length=7, default="#1f5fbf")
    email_sender = models.EmailField(blank=True)
    privacy_contact = models.EmailField(blank=True)
    security_contact = models.EmailField(blank=True)
    modules = models.JSONField(default=list, blank=True)
    processors = models.JSONField(default=dict, blank=True)
    # Retention periods of its own: {setting name: days}, e.g.
    # {"FRONTDESK_RETENTION_ORDER_DAYS": 2555}; they override the installation's setting for
    # this business, in its sweep and in its policy.
    retention = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name

    def access_scopes(self) -> list[Scope]:
        return [Scope(ORGANISATION, self.pk)]

    @property
    def tenant(self) -> tenancy.Tenant:
        return tenancy.Tenant(self.pk, self.slug)

    def uses(self, module: str) -> bool:
        return module in (self.modules or [])


class Host(models.Model):
    """A host name a business answers on: its own domain in production, `<slug>.localhost` in
    the demo. A request's host selects its business; an unknown host is refused (400)."""

    PLATFORM_MODEL = "read before any business is known, to find the request's business"

    hostname = models.CharField(max_length=253, unique=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="hosts")
    is_primary = models.BooleanField(default=False)

    class Meta:
        ordering = ("-is_primary", "hostname")

    def __str__(self) -> str:
        return self.hostname


class Location(models.Model):
    """A place of an organisation (a branch, an office) holding queues."""

    BUSINESS_SCOPE = "organisation"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="locations"
    )
    name = models.CharField(max_length=120)
    slug = models.SlugField()

    objects = tenancy.BusinessManager["Location"]()

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

    BUSINESS_SCOPE = "organisation"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="roles")
    name = models.CharField(max_length=80)
    capabilities = models.JSONField(default=list)

    objects = tenancy.BusinessManager["Role"]()

    class Meta:
        ordering = ("name",)
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["organisation", "name"], name="role_name_per_org")
        ]

    def __str__(self) -> str:
        return self.name


class Grant(models.Model):
    """A user holds a role on one scope: the organisation, a location, or one resource."""

    BUSINESS_SCOPE = "organisation"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grants"
    )
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="grants")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    scope_kind = models.CharField(max_length=32)
    scope_id = models.BigIntegerField()
    created_at = models.DateTimeField(default=clock.now)

    objects = tenancy.BusinessManager["Grant"]()

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
