"""Infacta's promotions area (IN-24): offers of a product under a promotion code, with limits
(uses, per person, validity period), and the registrations made for them — the registrant's
contact details, the code, the time and the address (sealed), and the licence it issued."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from frontdesk.access.scopes import ORGANISATION, Scope
from frontdesk.core import clock, tenancy
from frontdesk.vault.fields import (
    BlindIndexField,
    SealedCharField,
    SealedEmailField,
    SealedIPAddressField,
    SealedTextField,
)
from frontdesk.vault.sealed import ScopedSealedManager, SealedManager, SealedModel


class Offer(models.Model):
    """A promotional offer: a licence of `product` for whoever registers with `code` between
    `starts_at` and `ends_at`, at most `uses_limit` times in all and `per_person_limit` times
    per account. `uses` counts the registrations; it rises only under the row's lock.

    An offer is one business's, registered for on that business's host: its code is unique
    within the business, and the account it opens belongs to the business."""

    BUSINESS_SCOPE = "organisation"

    organisation = models.ForeignKey(
        "access.Organisation", on_delete=models.PROTECT, related_name="promotion_offers"
    )
    product = models.ForeignKey("licensing.Product", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=120)
    code = models.SlugField(max_length=40)
    uses_limit = models.PositiveIntegerField()
    per_person_limit = models.PositiveIntegerField(default=1)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    uses = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=clock.now)

    objects = tenancy.BusinessManager["Offer"]()

    class Meta:
        ordering = ("-starts_at", "-pk")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["organisation", "code"], name="promotions_offer_code_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def access_scopes(self) -> list[Scope]:
        return [Scope(ORGANISATION, self.organisation_id)]

    def is_open(self) -> bool:
        """Within its validity period, with uses left."""
        now = clock.now()
        return self.starts_at <= now < self.ends_at and self.uses < self.uses_limit


class Registration(SealedModel):
    """One person's registration for an offer: contact details as given, the time, and the
    address it came from (sealed with the account's key; `network_index` lets misuse
    detection count registrations per network without the address, IN-12). A registration
    staff terminate for misuse holds the account until it is reinstated (IN-23)."""

    VAULT_SUBJECT = "user"
    BUSINESS_SCOPE = "offer__organisation"

    class State(models.TextChoices):
        ACTIVE = "active", "Active"
        TERMINATED = "terminated", "Terminated for misuse"

    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="registrations")
    user = models.ForeignKey("identity.User", on_delete=models.CASCADE, related_name="+")
    licence = models.ForeignKey(
        "licensing.Licence", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contact_name = SealedCharField(max_length=150)
    contact_email = SealedEmailField(max_length=254)
    ip = SealedIPAddressField(null=True, blank=True)
    network_index = BlindIndexField(source="ip", domain="network", transform="network")
    created_at = models.DateTimeField(default=clock.now)
    state = models.CharField(max_length=16, choices=State.choices, default=State.ACTIVE)
    terminated_at = models.DateTimeField(null=True, blank=True)
    termination_reason = SealedTextField(blank=True)

    objects: ClassVar[SealedManager[Registration]] = ScopedSealedManager()

    class Meta:
        ordering = ("-created_at", "-pk")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["created_at"]),
            models.Index(fields=["network_index", "created_at"]),
            models.Index(fields=["user", "state"]),
        ]

    def __str__(self) -> str:
        return f"registration {self.pk}"

    def access_scopes(self) -> list[Scope]:
        return [Scope(ORGANISATION, self.offer.organisation_id)]

    def audit_organisation_id(self) -> int:
        return self.offer.organisation_id
