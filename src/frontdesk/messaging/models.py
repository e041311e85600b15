"""SMS messages (the outbox) and the phones that replied STOP."""

from __future__ import annotations

from django.db import models

from frontdesk.core import clock


class SmsMessage(models.Model):
    """One SMS to one phone. Its status changes only through the `mark_*` methods.

    queued → sending → sent | outbox | failed, and queued → cancelled when the phone opted out
    before the message left. A message leaves `queued` once, so it is never sent twice.
    """

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
    to_phone = models.CharField(max_length=20)
    body = models.TextField()
    purpose = models.CharField(
        max_length=16, choices=Purpose.choices, default=Purpose.TRANSACTIONAL
    )
    reference = models.CharField(max_length=120, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    provider_id = models.CharField(max_length=64, blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=clock.now, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)

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


class SmsOptOut(models.Model):
    """A phone that replied STOP: nothing is sent to it until it replies START (QL-2)."""

    phone = models.CharField(max_length=20, unique=True)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"Opt-out {self.pk}"
