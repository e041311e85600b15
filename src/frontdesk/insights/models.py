"""What insights keeps: the log of the shop's public pages, the source of checkouts until they
are paid, sales counted by source, promotions sent, and the hand-overs of e-mail addresses to
the mailing company."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from frontdesk.core import clock, tenancy
from frontdesk.vault.fields import SealedCharField
from frontdesk.vault.sealed import ScopedSealedManager, SealedManager, SealedModel

HOST_MAX = 253  # the longest DNS name
CAMPAIGN_MAX = 32


class Visit(SealedModel):
    """One view of a public page of a shop (QM-15, JF-3).

    Rules: only the time, the shop, the path (never its query string, never a checkout's
    opaque id), whether the view started a visit (`entry`: it did not come from another page of
    this site), the referring site's host name (never its full address), the `aff` campaign
    code, and the client's network (its /24 or /48, never the address) are kept — no account,
    no customer number, no session key, no user agent. The network is sealed (FD-2) under a
    data key shared by one day's visits, not tied to anyone; the retention sweep blanks it after
    FRONTDESK_RETENTION_VISITS_DAYS and then destroys the day's key once unused, so old
    backups lose it too. The rest stays for traffic trends.
    """

    VAULT_SUBJECT = ""
    BUSINESS_SCOPE = "shop__organisation"

    shop = models.ForeignKey("shop.Shop", on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=clock.now)
    path = models.CharField(max_length=200)
    entry = models.BooleanField(default=False)
    referrer_host = models.CharField(max_length=HOST_MAX, blank=True)
    campaign = models.CharField(max_length=CAMPAIGN_MAX, blank=True)
    network = SealedCharField(max_length=64, blank=True)

    objects: ClassVar[SealedManager[Visit]] = ScopedSealedManager()

    class Meta:
        ordering = ("at", "pk")
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["shop", "at"])]

    def __str__(self) -> str:
        return f"visit {self.pk}"


class CheckoutSource(models.Model):
    """Where the visitor who placed a checkout came from, held only until the checkout's
    payment is settled: then it is counted in `SourceSale`/`SourceCheckout` (paid) or dropped
    (failed, expired), and this row is deleted. A checkout that never hears from its payment
    is swept after a day (see privacy.py)."""

    BUSINESS_SCOPE = "checkout__shop__organisation"

    checkout = models.OneToOneField("shop.Checkout", on_delete=models.CASCADE, related_name="+")
    referrer_host = models.CharField(max_length=HOST_MAX, blank=True)
    campaign = models.CharField(max_length=CAMPAIGN_MAX, blank=True)
    created_at = models.DateTimeField(default=clock.now)

    objects = tenancy.BusinessManager["CheckoutSource"]()

    def __str__(self) -> str:
        return f"source of checkout {self.checkout_id}"


class SourceSale(models.Model):
    """Paid orders and their revenue, per day, vendor and source: counts only."""

    BUSINESS_SCOPE = "shop__organisation"

    day = models.DateField()
    shop = models.ForeignKey("shop.Shop", on_delete=models.CASCADE, related_name="+")
    vendor = models.ForeignKey("shop.Vendor", on_delete=models.CASCADE, related_name="+")
    referrer_host = models.CharField(max_length=HOST_MAX, blank=True)
    campaign = models.CharField(max_length=CAMPAIGN_MAX, blank=True)
    orders = models.PositiveIntegerField(default=0)
    revenue = models.DecimalField(max_digits=14, decimal_places=2, default=0)

    objects = tenancy.BusinessManager["SourceSale"]()

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["day", "vendor", "referrer_host", "campaign"], name="source_sale_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.referrer_host or '(direct)'}: {self.orders} orders"


class SourceCheckout(models.Model):
    """Paid checkouts (one per visitor's purchase, whatever the vendors), per day and source:
    the numerator of a whole shop's conversion."""

    BUSINESS_SCOPE = "shop__organisation"

    day = models.DateField()
    shop = models.ForeignKey("shop.Shop", on_delete=models.CASCADE, related_name="+")
    referrer_host = models.CharField(max_length=HOST_MAX, blank=True)
    campaign = models.CharField(max_length=CAMPAIGN_MAX, blank=True)
    checkouts = models.PositiveIntegerField(default=0)

    objects = tenancy.BusinessManager["SourceCheckout"]()

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["day", "shop", "referrer_host", "campaign"], name="source_checkout_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.referrer_host or '(direct)'}: {self.checkouts} checkouts"


class Promotion(models.Model):
    """A promotional e-mail of a shop (QM-18), written by staff and sent, by a task, to every
    customer of the shop's organisation who consents to marketing e-mail at that moment.
    Only counts are kept of who got it: `queued`, and `refused` (no consent, deactivated)."""

    BUSINESS_SCOPE = "shop__organisation"

    class State(models.TextChoices):
        QUEUED = "queued", "Being sent"
        SENT = "sent", "Sent"

    shop = models.ForeignKey("shop.Shop", on_delete=models.CASCADE, related_name="+")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    queued = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = tenancy.BusinessManager["Promotion"]()

    class Meta:
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return self.subject


class ProcessorRelease(models.Model):
    """Personal data handed to a processor acting for the organisation (QM-1, QM-18): who
    received what, on which legal basis, how many people it covered, when and by whom.
    Recorded, never edited; it names no one (the count, not the people)."""

    BUSINESS_SCOPE = "organisation"

    organisation = models.ForeignKey(
        "access.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    shop = models.ForeignKey("shop.Shop", on_delete=models.PROTECT, related_name="+")
    recipient = models.CharField(max_length=200)
    contents = models.CharField(max_length=300)
    legal_basis = models.CharField(max_length=500)
    people = models.PositiveIntegerField()
    released_at = models.DateTimeField(default=clock.now)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = tenancy.BusinessManager["ProcessorRelease"]()

    class Meta:
        ordering = ("-released_at", "-pk")

    def __str__(self) -> str:
        return f"release {self.pk} to {self.recipient}"
