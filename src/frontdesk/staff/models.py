"""What the staff area keeps of its own: the organisation's security-policy versions, who
acknowledged which (QM-6), and the disclosures of personal data the law required (QM-16)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from frontdesk.core import clock, tenancy
from frontdesk.vault.fields import SealedTextField
from frontdesk.vault.sealed import ScopedSealedManager, SealedManager, SealedModel


class SecurityPolicyVersion(models.Model):
    """One published version of an organisation's security policy.

    Rules: versions are never edited, only superseded; the newest (highest id) is the one staff
    holding a customer-data capability must have acknowledged before they open customer data.
    """

    BUSINESS_SCOPE = "organisation"

    organisation = models.ForeignKey(
        "access.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    version = models.CharField(max_length=40)
    text = models.TextField()
    published_at = models.DateTimeField(default=clock.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = tenancy.BusinessManager["SecurityPolicyVersion"]()

    class Meta:
        ordering = ("-pk",)
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["organisation", "version"], name="policy_version_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"version {self.version}"


class PolicyAcknowledgement(models.Model):
    """A member of staff has read and accepted one version: at most once per version."""

    BUSINESS_SCOPE = "version__organisation"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(
        SecurityPolicyVersion, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    acknowledged_at = models.DateTimeField(default=clock.now)

    objects = tenancy.BusinessManager["PolicyAcknowledgement"]()

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["user", "version"], name="policy_ack_once")
        ]

    def __str__(self) -> str:
        return f"user #{self.user_id} accepted {self.version_id}"


class Disclosure(SealedModel):
    """Personal data given to an authority or third party because the law required it.

    Rules: recorded, never edited; the person concerned is referred to by their account (when
    they have one), so their own data report can list the disclosure (GDPR art. 15(1)(c)).
    """

    VAULT_SUBJECT = "subject_user"
    BUSINESS_SCOPE = "organisation"

    organisation = models.ForeignKey(
        "access.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    recipient = models.CharField(max_length=200)
    legal_basis = models.CharField(max_length=500)
    subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    description = SealedTextField()
    disclosed_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)

    # Typed as the sealed manager it is; scoped to the business (vault.sealed).
    objects: ClassVar[SealedManager[Disclosure]] = ScopedSealedManager()

    class Meta:
        ordering = ("-disclosed_at", "-pk")

    def __str__(self) -> str:
        return f"disclosure #{self.pk} to {self.recipient}"
