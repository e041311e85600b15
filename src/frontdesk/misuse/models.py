"""Misuse detection in Infacta's customer and promotions areas (IN-9, IN-10, IN-12): the cases
the analysis opens for staff, and the analysis's high-water mark."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from frontdesk.access.scopes import ORGANISATION, Scope
from frontdesk.core import clock, tenancy
from frontdesk.vault.fields import SealedTextField
from frontdesk.vault.sealed import ScopedSealedManager, SealedManager, SealedModel


class Case(SealedModel):
    """A finding for staff: what pattern (`kind`), on which account (none for a pattern of a
    network, such as many promotion registrations), and the evidence as record ids and counts
    only — never an address or a name in the clear. A case may hold the account: from
    `held_at` until `hold_lifted_at` (or a completed reinstatement request, IN-23) the account
    cannot download. Staff notes are sealed with the account's key."""

    VAULT_SUBJECT = "user"
    BUSINESS_SCOPE = "organisation"

    class Kind(models.TextChoices):
        CREDENTIAL_SHARING = "credential_sharing", "Many networks in a short time"
        DOWNLOAD_PACE = "download_pace", "Downloads far above the quota's pace"
        PROMOTION_ABUSE = "promotion_abuse", "Many promotion registrations from one network"

    class State(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    organisation = models.ForeignKey(
        "access.Organisation", on_delete=models.PROTECT, related_name="misuse_cases"
    )
    user = models.ForeignKey(
        "identity.User", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=24, choices=Kind.choices)
    evidence = models.JSONField(default=dict)
    state = models.CharField(max_length=8, choices=State.choices, default=State.OPEN)
    notes = SealedTextField(blank=True)
    opened_at = models.DateTimeField(default=clock.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    held_at = models.DateTimeField(null=True, blank=True)
    hold_lifted_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[SealedManager[Case]] = ScopedSealedManager()

    class Meta:
        ordering = ("-opened_at", "-pk")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["organisation", "state"]),
            models.Index(fields=["user", "kind", "state"]),
            models.Index(fields=["user", "held_at"]),
        ]

    def __str__(self) -> str:
        return f"case {self.pk} ({self.kind})"

    def access_scopes(self) -> list[Scope]:
        return [Scope(ORGANISATION, self.organisation_id)]

    @property
    def holding(self) -> bool:
        return self.held_at is not None and self.hold_lifted_at is None


class ScanMark(models.Model):
    """How far the incremental analysis of one business has read: that business's events at
    or before `until` were analysed. One mark per business, so each business's pass reads
    only its own events and locks only its own mark (a slow business holds up no other)."""

    BUSINESS_SCOPE = "organisation"

    organisation = models.ForeignKey(
        "access.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(max_length=40)
    until = models.DateTimeField()

    objects = tenancy.BusinessManager["ScanMark"]()

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="misuse_scan_mark_per_business"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} until {self.until:%Y-%m-%d %H:%M}"
