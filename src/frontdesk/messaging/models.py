"""SMS messages (the outbox) and the phones that replied STOP; consent decisions, the
announcement list, e-mails and their unsubscribe links.

Everything here but the STOP list belongs to one business (FD-16): an SMS or an e-mail is sent
by a business, a consent is given to a business (through its account there, accounts being per
business), and the announcement list of each business is its own.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from frontdesk.core import clock, tenancy
from frontdesk.vault.fields import (
    BlindIndexField,
    SealedCharField,
    SealedEmailField,
    SealedTextField,
)
from frontdesk.vault.sealed import ScopedSealedManager, SealedManager, SealedModel


class SmsMessage(SealedModel):
    """One SMS to one phone. Its status changes only through the `mark_*` methods.

    queued → sending → sent | outbox | failed, and queued → cancelled when the phone opted out
    before the message left. A message leaves `queued` once, so it is never sent twice.
    A message about an account's business (a ticket taken while signed in) names the account:
    it is sealed with the account's key, in its data download and gone with its erasure.
    A message about a queue's customer names the queue: the outbox shows it to those who
    serve that queue only.
    """

    VAULT_SUBJECT = "user"
    BUSINESS_SCOPE = "organisation_id"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent to the provider"
        OUTBOX = "outbox", "Delivered to outbox"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled (opted out)"

    class Purpose(models.TextChoices):
        TRANSACTIONAL = "transactional", "Transactional"
        MARKETING = "marketing", "Marketing"

    # The sending business and the queue the message is about, as plain keys (messaging sits
    # below the apps that send SMS).
    organisation_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    queue_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    user = models.ForeignKey(
        "identity.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_phone = SealedCharField(max_length=20)
    body = SealedTextField()
    purpose = models.CharField(
        max_length=16, choices=Purpose.choices, default=Purpose.TRANSACTIONAL
    )
    reference = models.CharField(max_length=120, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    provider_id = models.CharField(max_length=64, blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=clock.now, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    # Typed as the sealed manager it is; scoped to the business (vault.sealed).
    objects: ClassVar[SealedManager[SmsMessage]] = ScopedSealedManager()

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"SMS {self.pk} ({self.status})"

    def _move(self, allowed_from: set[str], to: str) -> None:
        if self.status not in allowed_from:
            raise ValueError(f"SMS {self.pk}: cannot go from {self.status} to {to}.")
        self.status = to

    def mark_sending(self) -> None:
        self._move({self.Status.QUEUED}, self.Status.SENDING)

    def mark_cancelled(self, reason: str) -> None:
        self._move({self.Status.QUEUED}, self.Status.CANCELLED)
        self.error = reason[:300]

    def mark_delivered(self, *, provider_id: str, to_outbox: bool) -> None:
        self._move({self.Status.SENDING}, self.Status.OUTBOX if to_outbox else self.Status.SENT)
        self.provider_id = provider_id[:64]
        self.sent_at = clock.now()

    def mark_failed(self, error: str) -> None:
        self._move({self.Status.SENDING}, self.Status.FAILED)
        self.error = error[:300]


class SmsOptOut(SealedModel):
    """A phone that replied STOP: nothing is sent to it until it replies START (QL-2)."""

    PLATFORM_MODEL = (
        "STOP is a reply to the installation's one SMS sender number (FRONTDESK_SMS_FROM), which "
        "every business sends from: the phone asked that number to stop, so it holds for all of "
        "them. The row keeps only the sealed phone; no business reads the list, it is only asked "
        "whether a phone opted out"
    )

    phone = SealedCharField(max_length=20)
    phone_index = BlindIndexField(source="phone", domain="phone", unique=True)
    created_at = models.DateTimeField(default=clock.now)

    objects = SealedManager()

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"Opt-out {self.pk}"


class Consent(models.Model):
    """One consent decision: `user` gave (`granted`) or withdrew consent to `purpose` (a name in
    `purposes.CONSENT_PURPOSES`) on `channel`, at `created_at`, under the privacy policy
    `policy_version`, through `source` (FD-12).

    Append-only: a decision is never changed, a new one is added. The newest record of a
    purpose is its current state; no record means no consent. A decision is given to the
    business of the account (accounts are per business), so it is that business's alone.
    """

    BUSINESS_SCOPE = "user__organisation"

    class Channel(models.TextChoices):
        EMAIL = "email", "E-mail"
        SMS = "sms", "SMS"

    user = models.ForeignKey("identity.User", on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(max_length=32)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    granted = models.BooleanField()
    policy_version = models.CharField(max_length=64, blank=True)
    source = models.CharField(max_length=32)
    created_at = models.DateTimeField(default=clock.now)

    objects = tenancy.BusinessManager["Consent"]()

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = (models.Index(fields=("user", "purpose", "-created_at", "-id")),)

    def __str__(self) -> str:
        return f"Consent {self.pk} ({self.purpose}: {'given' if self.granted else 'withdrawn'})"


class AnnouncementSubscriber(SealedModel):
    """An address on the announcement list (IN-2). Double opt-in: on the list only once
    `confirmed_at` is set by following the e-mailed link, and until `unsubscribed_at`.
    `token_hash` is the digest of the confirmation link's token (the token is never stored).
    Each business has its own list: an address is on it at most once per business."""

    BUSINESS_SCOPE = "organisation"

    organisation = tenancy.business_key()
    email = SealedEmailField(max_length=254)
    email_index = BlindIndexField(source="email", domain="email")
    token_hash = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(default=clock.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    # Typed as the sealed manager it is; scoped to the business (vault.sealed).
    objects: ClassVar[SealedManager[AnnouncementSubscriber]] = ScopedSealedManager()

    class Meta:
        ordering = ("-created_at", "-id")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            *tenancy.unique_per_business(
                "email_index",
                name="subscriber_email_per_business",
                platform_name="platform_subscriber_email_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"Subscriber {self.pk}"

    @property
    def subscribed(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class EmailMessageLog(SealedModel):
    """One e-mail to one address. Its status changes only through the `mark_*` methods:
    queued → sending → sent | failed, or queued → refused when, at the moment of sending, the
    recipient no longer consents or the account was deactivated (QM-18, QM-11). A message
    leaves `queued` once, so it is never sent twice. It is sent by its business: from its
    address, with links to its own site."""

    VAULT_SUBJECT = "user"
    BUSINESS_SCOPE = "organisation"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        REFUSED = "refused", "Refused (no consent or account deactivated)"

    organisation = tenancy.business_key()
    user = models.ForeignKey(
        "identity.User", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    subscriber = models.ForeignKey(
        AnnouncementSubscriber, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    to_email = SealedEmailField(max_length=254)
    purpose = models.CharField(max_length=32)
    subject = SealedCharField(max_length=200)
    body_text = SealedTextField()
    body_html = SealedTextField(blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=clock.now, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    # Typed as the sealed manager it is; scoped to the business (vault.sealed).
    objects: ClassVar[SealedManager[EmailMessageLog]] = ScopedSealedManager()

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"E-mail {self.pk} ({self.status})"

    def _move(self, allowed_from: set[str], to: str) -> None:
        if self.status not in allowed_from:
            raise ValueError(f"E-mail {self.pk}: cannot go from {self.status} to {to}.")
        self.status = to

    def mark_sending(self) -> None:
        self._move({self.Status.QUEUED}, self.Status.SENDING)

    def mark_refused(self, reason: str) -> None:
        self._move({self.Status.QUEUED}, self.Status.REFUSED)
        self.error = reason[:300]

    def mark_sent(self) -> None:
        self._move({self.Status.SENDING}, self.Status.SENT)
        self.sent_at = clock.now()

    def mark_failed(self, error: str) -> None:
        self._move({self.Status.SENDING}, self.Status.FAILED)
        self.error = error[:300]


class UnsubscribeToken(models.Model):
    """The one-click unsubscribe link of one e-mail (RFC 8058): it withdraws exactly one
    purpose for exactly one recipient (a user, or a list subscriber). Only the digest of the
    token is stored; a fresh token is made for each e-mail, so no stored value can be turned
    back into a working link. It works on its business's site only (that of the e-mail)."""

    BUSINESS_SCOPE = "organisation"

    organisation = tenancy.business_key()
    token_hash = models.CharField(max_length=64, unique=True)
    purpose = models.CharField(max_length=32)
    user = models.ForeignKey(
        "identity.User", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    subscriber = models.ForeignKey(
        AnnouncementSubscriber, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)

    objects = tenancy.BusinessManager["UnsubscribeToken"]()

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"Unsubscribe token {self.pk} ({self.purpose})"
