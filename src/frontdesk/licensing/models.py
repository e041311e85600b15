"""Infacta's customer area (issue 5): the e-commerce partners that sell the software and
notify each purchase, products with their releases and files, the licences bought (each with
an unlock code), and the downloads taken against each licence's quota."""

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


class Partner(SealedModel):
    """An e-commerce company that sells an organisation's software and notifies each purchase
    by a webhook signed with `secret` (HMAC-SHA256, IN-3). The secret must be readable to check
    signatures, so it cannot be hashed: it is sealed with a data key of the row's own, like
    personal data (FD-2), so the database and its backups never hold it in the clear, and a
    master-key rotation rewraps it with everything else.

    A partner sells for one business and is known only on that business's host: its code is
    unique within the business (two businesses may sell through the same company).
    """

    VAULT_SUBJECT = ""
    BUSINESS_SCOPE = "organisation"

    organisation = models.ForeignKey(
        "access.Organisation", on_delete=models.PROTECT, related_name="software_partners"
    )
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=120)
    secret = SealedCharField(max_length=128)
    privacy_url = models.URLField(blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=clock.now)

    objects: ClassVar[SealedManager[Partner]] = ScopedSealedManager()

    class Meta:
        ordering = ("name",)
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["organisation", "code"], name="licensing_partner_code_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def access_scopes(self) -> list[Scope]:
        return [Scope(ORGANISATION, self.organisation_id)]


class Product(models.Model):
    """A program an organisation sells. A licence of it covers the releases published within
    `update_period_days` of the purchase, and each of them may be downloaded
    `downloads_per_release` times (IN-11). `code` is what partners name it by."""

    BUSINESS_SCOPE = "organisation"

    organisation = models.ForeignKey(
        "access.Organisation", on_delete=models.PROTECT, related_name="software_products"
    )
    code = models.CharField(max_length=40)
    name = models.CharField(max_length=120)
    update_period_days = models.PositiveIntegerField(default=365)
    downloads_per_release = models.PositiveIntegerField(default=5)
    created_at = models.DateTimeField(default=clock.now)

    objects = tenancy.BusinessManager["Product"]()

    class Meta:
        ordering = ("name",)
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["organisation", "code"], name="licensing_product_code_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Release(models.Model):
    """One published version of a product."""

    BUSINESS_SCOPE = "product__organisation"

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="releases")
    version = models.CharField(max_length=40)
    released_at = models.DateTimeField(default=clock.now)
    notes = models.TextField(blank=True)

    objects = tenancy.BusinessManager["Release"]()

    class Meta:
        ordering = ("-released_at", "-pk")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["product", "version"], name="licensing_release_version_per_product"
            )
        ]

    def __str__(self) -> str:
        return f"{self.product} {self.version}"


class ReleaseFile(models.Model):
    """A file of a release, kept under FRONTDESK_DOWNLOADS_ROOT at `storage_path`. Its size and
    SHA-256 are shown to the customer, who can check what they downloaded (QL-9)."""

    BUSINESS_SCOPE = "release__product__organisation"

    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="files")
    name = models.CharField(max_length=200)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    storage_path = models.CharField(max_length=500, unique=True)
    created_at = models.DateTimeField(default=clock.now)

    objects = tenancy.BusinessManager["ReleaseFile"]()

    class Meta:
        ordering = ("name", "pk")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["release", "name"], name="licensing_file_per_release")
        ]

    def __str__(self) -> str:
        return self.name


class NotificationReceipt(models.Model):
    """One signed partner notification, recorded once: a replayed or repeated one (same partner
    and event id) finds its receipt and changes nothing. The body itself is not kept."""

    BUSINESS_SCOPE = "partner__organisation"

    class Outcome(models.TextChoices):
        RECORDED = "recorded", "Purchase recorded"
        DUPLICATE = "duplicate", "Order already recorded under another event"

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="receipts")
    event_id = models.CharField(max_length=100)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    received_at = models.DateTimeField(default=clock.now)
    purchase = models.ForeignKey(
        "licensing.Purchase", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = tenancy.BusinessManager["NotificationReceipt"]()

    class Meta:
        ordering = ("-received_at", "-pk")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["partner", "event_id"], name="licensing_event_once")
        ]

    def __str__(self) -> str:
        return f"{self.partner_id}/{self.event_id}"


class Purchase(SealedModel):
    """A purchase a partner notified (IN-3): who bought (contact details, sealed with the
    buyer's key), what (product, quantity, price, options) and the address the notification
    came from. Never any payment detail (IN-18): a notification carrying one is refused before
    anything is stored. An order (partner and reference) is recorded once."""

    VAULT_SUBJECT = "user"
    BUSINESS_SCOPE = "product__organisation"

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="purchases")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="purchases")
    user = models.ForeignKey(
        "identity.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reference = models.CharField(max_length=100)
    ordered_at = models.DateTimeField()
    quantity = models.PositiveIntegerField()
    price = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    options = SealedTextField(blank=True)
    contact_name = SealedCharField(max_length=150, blank=True)
    contact_email = SealedEmailField(max_length=254, blank=True)
    contact_company = SealedCharField(max_length=150, blank=True)
    partner_ip = SealedIPAddressField(null=True, blank=True)
    received_at = models.DateTimeField(default=clock.now, db_index=True)

    objects: ClassVar[SealedManager[Purchase]] = ScopedSealedManager()

    class Meta:
        ordering = ("-received_at", "-pk")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["partner", "reference"], name="licensing_order_once_per_partner"
            )
        ]

    def __str__(self) -> str:
        return f"purchase {self.pk} ({self.reference})"

    def audit_organisation_id(self) -> int:
        return self.product.organisation_id


class Licence(SealedModel):
    """The right of one account to one product: its unlock code (sealed, found by its blind
    index), and the date until which new releases are covered (IN-11)."""

    VAULT_SUBJECT = "user"
    BUSINESS_SCOPE = "product__organisation"

    user = models.ForeignKey("identity.User", on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="licences")
    purchase = models.ForeignKey(
        Purchase, null=True, blank=True, on_delete=models.PROTECT, related_name="licences"
    )
    unlock_code = SealedCharField(max_length=40)
    code_index = BlindIndexField(source="unlock_code", domain="unlock_code", unique=True)
    created_at = models.DateTimeField(default=clock.now)
    updates_until = models.DateTimeField()

    objects: ClassVar[SealedManager[Licence]] = ScopedSealedManager()

    class Meta:
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"licence {self.pk} of {self.product}"

    def audit_organisation_id(self) -> int:
        return self.product.organisation_id

    def covers(self, release: Release) -> bool:
        """Whether the licence includes `release`: its product's, out by `updates_until`."""
        return release.product_id == self.product_id and release.released_at <= self.updates_until


class DownloadCount(models.Model):
    """How many times a licence's release was downloaded: the quota's counter (IN-11). Kept
    apart from the download records, which the retention sweep deletes, so the quota does not
    reset when they go. Raised only with a conditional UPDATE (`used < quota`), so parallel
    downloads can never pass the quota."""

    BUSINESS_SCOPE = "licence__product__organisation"

    licence = models.ForeignKey(Licence, on_delete=models.CASCADE, related_name="download_counts")
    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="+")
    used = models.PositiveIntegerField(default=0)

    objects = tenancy.BusinessManager["DownloadCount"]()

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["licence", "release"], name="licensing_count_once")
        ]

    def __str__(self) -> str:
        return f"{self.used} of licence {self.licence_id}, release {self.release_id}"


class Download(SealedModel):
    """One file served to one account under one licence: when, and from which address (sealed;
    `network_index` lets misuse detection compare networks without the address, IN-12)."""

    VAULT_SUBJECT = "user"
    BUSINESS_SCOPE = "licence__product__organisation"

    user = models.ForeignKey("identity.User", on_delete=models.CASCADE, related_name="+")
    licence = models.ForeignKey(Licence, on_delete=models.CASCADE, related_name="downloads")
    file = models.ForeignKey(ReleaseFile, on_delete=models.PROTECT, related_name="downloads")
    created_at = models.DateTimeField(default=clock.now)
    ip = SealedIPAddressField(null=True, blank=True)
    network_index = BlindIndexField(source="ip", domain="network", transform="network")

    objects: ClassVar[SealedManager[Download]] = ScopedSealedManager()

    class Meta:
        ordering = ("-created_at", "-pk")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["user", "created_at"]),
            models.Index(fields=["user", "network_index"]),
            models.Index(fields=["created_at"]),
        ]

    def __str__(self) -> str:
        return f"download {self.pk}"


class RememberedAccount(models.Model):
    """A browser that asked to "Remember this Account": its cookie holds a random token, and
    only the token's keyed digest is stored here, with the account it pre-fills."""

    BUSINESS_SCOPE = "user__organisation"

    user = models.ForeignKey("identity.User", on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=clock.now)
    last_used_at = models.DateTimeField(default=clock.now)

    objects = tenancy.BusinessManager["RememberedAccount"]()

    class Meta:
        ordering = ("-last_used_at", "-pk")

    def __str__(self) -> str:
        return f"remembered browser {self.pk}"
