"""SMS messages (the outbox) and the phones that replied STOP."""

from __future__ import annotations

from django.db import models

from frontdesk.core import clock
from frontdesk.vault.fields import (
    BlindIndexField,
    SealedCharField,
    SealedEmailField,
    SealedTextField,
)
from frontdesk.vault.sealed import SealedManager, SealedModel


class SmsMessage(SealedModel):
    """One SMS to one phone. Its status changes only through the `mark_*` methods.

    queued → sending → sent | outbox | failed, and queued → cancelled when the phone opted out
    before the message left. A message leaves `queued` once, so it is never sent twice.
    A message about an account's business (a ticket taken while signed in) names the account:
    it is sealed with the account's key, in its data download and gone with its erasure.
    """

    VAULT_SUBJECT = "user"

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

    organisation_id = models.BigIntegerField(null=True, blank=True, db_index=True)
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

    objects = SealedManager()

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
    purpose is its current state; no record means no consent.
    """

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

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = (models.Index(fields=("user", "purpose", "-created_at", "-id")),)

    def __str__(self) -> str:
        return f"Consent {self.pk} ({self.purpose}: {'given' if self.granted else 'withdrawn'})"


class AnnouncementSubscriber(SealedModel):
    """An address on the announcement list (IN-2). Double opt-in: on the list only once
    `confirmed_at` is set by following the e-mailed link, and until `unsubscribed_at`.
    `token_hash` is the digest of the confirmation link's token (the token is never stored)."""

    email = SealedEmailField(max_length=254)
    email_index = BlindIndexField(source="email", domain="email", unique=True)
    token_hash = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(default=clock.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    objects = SealedManager()

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"Subscriber {self.pk}"

    @property
    def subscribed(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class EmailMessageLog(SealedModel):
    """One e-mail to one address. Its status changes only through the `mark_*` methods:
    queued → sending → sent | failed, or queued → refused when, at the moment of sending, the
    recipient no longer consents or the account was deactivated (QM-18, QM-11). A message
    leaves `queued` once, so it is never sent twice."""

    VAULT_SUBJECT = "user"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        REFUSED = "refused", "Refused (no consent or account deactivated)"

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

    objects = SealedManager()

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
    back into a working link."""

    token_hash = models.CharField(max_length=64, unique=True)
    purpose = models.CharField(max_length=32)
    user = models.ForeignKey(
        "identity.User", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    subscriber = models.ForeignKey(
        AnnouncementSubscriber, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"Unsubscribe token {self.pk} ({self.purpose})"
