"""Payments taken on a provider's hosted page, and the provider webhooks received about them.

No card data is kept here, nor anywhere in Frontdesk (FD-6): the card is typed on the provider's
page; Frontdesk knows an amount, an opaque session id and what the signed webhooks said.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from django.db import models

from frontdesk.core import clock, tenancy
from frontdesk.core.tokens import new_token
from frontdesk.payments.states import State, check_move


class Payment(models.Model):
    """One attempt to take an amount for a caller's `reference` (e.g. a shop checkout).

    Rules: the state changes only through `set_state` (see `states.TRANSITIONS`), and to paid,
    failed or expired only when a validly signed provider webhook says so; at most one payment
    per (purpose, reference) is pending at a time, and `attempt` counts the tries, so a retry
    after a failure starts afresh while a repeated request gets the open one back.
    """

    State = State
    BUSINESS_SCOPE = "organisation"

    public_id = models.CharField(max_length=64, unique=True, default=new_token)
    organisation = models.ForeignKey(
        "access.Organisation", on_delete=models.PROTECT, related_name="payments"
    )
    provider = models.CharField(max_length=20)
    purpose = models.CharField(max_length=40)
    reference = models.CharField(max_length=100)
    attempt = models.PositiveIntegerField(default=1)
    session_id = models.CharField(max_length=255, blank=True)
    redirect_url = models.URLField(max_length=2000, blank=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(default=clock.now)
    paid_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=clock.now)

    objects = tenancy.BusinessManager["Payment"]()

    class Meta:
        ordering = ("-created_at", "-pk")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["purpose", "reference", "attempt"], name="payment_attempt_per_reference"
            ),
            models.UniqueConstraint(
                fields=["purpose", "reference"],
                condition=models.Q(state="pending"),
                name="payment_one_pending_per_reference",
            ),
            models.UniqueConstraint(
                fields=["provider", "session_id"],
                condition=~models.Q(session_id=""),
                name="payment_session_per_provider",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="payment_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"payment {self.public_id[:8]} ({self.state})"

    def set_state(self, target: str, *, at: datetime) -> None:
        """Move to `target`; raise `InvalidTransitionError` (unchanged) if not allowed. The caller
        saves (holding the row lock)."""
        check_move(self.state, target)
        self.state = target
        self.updated_at = at
        if target == State.PAID:
            self.paid_at = at


class WebhookReceipt(models.Model):
    """One provider event, recorded once: a replayed or duplicated event (same provider and
    event id) finds its receipt and changes nothing. The body itself is not kept.

    A receipt is of the business of the payment it names; one naming no payment (unknown,
    ignored) is of no business. The webhook looks receipts up across businesses on purpose (a
    provider's event id is unique across all of them), see `services.webhook_receive`."""

    BUSINESS_SCOPE = "payment__organisation"

    class Outcome(models.TextChoices):
        APPLIED = "applied", "Payment moved"
        UNCHANGED = "unchanged", "Nothing to change (already in that state)"
        IGNORED = "ignored", "Not a payment event"
        UNKNOWN = "unknown", "No payment with that session"
        MISMATCH = "mismatch", "Amount or currency disagree with the payment"

    provider = models.CharField(max_length=20)
    event_id = models.CharField(max_length=255)
    kind = models.CharField(max_length=16)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    received_at = models.DateTimeField(default=clock.now)
    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.SET_NULL, related_name="receipts"
    )

    objects = tenancy.BusinessManager["WebhookReceipt"]()

    class Meta:
        ordering = ("-received_at", "-pk")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["provider", "event_id"], name="webhook_event_once")
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.event_id}"
