"""Starting, confirming and refunding payments: the contract the shop (and any other purpose)
codes against.

Rules: a payment is paid, failed or expired only when a validly signed provider webhook says so
(FD-6); every state change is audited in its transaction and calls the purpose's handler once;
a replayed or duplicated webhook (same provider event id) changes nothing and calls nothing; a
forged one is refused, logged (never its body) and audited. Card data never reaches Frontdesk:
nothing here takes, stores or logs a card number.

A payment is its business's (FD-16): the provider is told the business's own address for its
webhooks, and a webhook, wherever it arrives (the platform host or any business's), is handled
inside the business of the payment it names.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from frontdesk.access.hosts import absolute_url, organisation_of
from frontdesk.audit.services import audit_record
from frontdesk.core import clock, tenancy
from frontdesk.payments import handlers
from frontdesk.payments.errors import ForgedWebhook, PaymentClosedError, PaymentError
from frontdesk.payments.handlers import PaymentOutcome
from frontdesk.payments.models import Payment, WebhookReceipt
from frontdesk.payments.money import clean_amount, clean_currency
from frontdesk.payments.providers import get_provider
from frontdesk.payments.providers.base import IGNORED, ProviderEvent
from frontdesk.payments.states import KIND_TARGETS, State, can_move, check_move

logger = logging.getLogger("frontdesk.payments")

PURPOSE_MAX = 40
REFERENCE_MAX = 100
DESCRIPTION_MAX = 200


@dataclass(frozen=True)
class PaymentStart:
    payment: Payment
    redirect_url: str


def _idempotency_key(*parts: object) -> str:
    """A stable key for one provider request: the same attempt asked again (a retry after a
    crash or a rolled-back transaction) gets the provider's first answer back."""
    raw = "\x1f".join(str(part) for part in (settings.SITE_URL, *parts))
    return "frontdesk-" + hashlib.sha256(raw.encode("utf-8")).hexdigest()[:48]


def _check_text(*, purpose: str, reference: str, description: str) -> None:
    if not purpose or len(purpose) > PURPOSE_MAX:
        raise PaymentError(f"The purpose must be 1 to {PURPOSE_MAX} characters.")
    if not reference or len(reference) > REFERENCE_MAX:
        raise PaymentError(f"The reference must be 1 to {REFERENCE_MAX} characters.")
    if len(description) > DESCRIPTION_MAX:
        raise PaymentError(f"Keep the description to {DESCRIPTION_MAX} characters.")


def _reuse(open_payment: Payment, *, organisation_id: int, amount: Decimal, currency: str) -> None:
    same = (open_payment.organisation_id, open_payment.amount, open_payment.currency) == (
        organisation_id,
        amount,
        currency,
    )
    if not same:
        raise PaymentError("A payment for this reference is open with another amount.")


@transaction.atomic
def payment_start(
    *,
    actor: Any,
    organisation_id: int,
    purpose: str,
    reference: str,
    amount: Decimal,
    currency: str,
    description: str,
    customer_email: str,
    success_url: str,
    cancel_url: str,
) -> PaymentStart:
    """Open the provider's hosted payment page for `amount` and return where to send the
    customer. Idempotent per (purpose, reference): while a payment for it is pending, that one is
    returned again; after a failed or expired one a new attempt starts; a paid (or refunded)
    reference raises `PaymentClosedError`. Bad input raises `PaymentError` and changes nothing;
    an unreachable provider raises `ProviderError` and leaves nothing behind.

    The e-mail address goes to the provider (for its receipt) and is not kept here.
    """
    currency = clean_currency(currency)
    amount = clean_amount(amount, currency)
    _check_text(purpose=purpose, reference=reference, description=description)
    earlier = list(
        Payment.objects.select_for_update()
        .filter(purpose=purpose, reference=reference)
        .order_by("-attempt")
    )
    for payment in earlier:
        if payment.state == State.PENDING:
            _reuse(payment, organisation_id=organisation_id, amount=amount, currency=currency)
            return PaymentStart(payment=payment, redirect_url=payment.redirect_url)
        if payment.state in {State.PAID, State.REFUNDED}:
            raise PaymentClosedError("This has been paid already.")
    provider = get_provider()
    attempt = earlier[0].attempt + 1 if earlier else 1
    webhook = reverse("payments:webhook", kwargs={"provider": provider.name})
    session = provider.start_checkout(
        reference=reference,
        amount=amount,
        currency=currency,
        description=description,
        customer_email=customer_email,
        success_url=success_url,
        cancel_url=cancel_url,
        idempotency_key=_idempotency_key("start", purpose, reference, attempt),
        webhook_url=absolute_url(webhook, organisation_of(organisation_id)),
    )
    payment = Payment.objects.create(
        organisation_id=organisation_id,
        provider=provider.name,
        purpose=purpose,
        reference=reference,
        attempt=attempt,
        session_id=session.session_id,
        redirect_url=session.redirect_url,
        amount=amount,
        currency=currency,
    )
    audit_record(
        actor=actor,
        action="payments.payment.started",
        target=payment,
        details={
            "provider": provider.name,
            "purpose": purpose,
            "reference": reference,
            "attempt": attempt,
            "amount": str(amount),
            "currency": currency,
            # the release to the card processor (QM-1): who got which personal data
            "released": {"recipient": provider.name, "fields": ["email"] if customer_email else []},
        },
    )
    return PaymentStart(payment=payment, redirect_url=session.redirect_url)


def _move(payment: Payment, target: str, *, actor: Any, details: dict[str, Any]) -> None:
    """Move the (locked) payment, audit it, and call its purpose's handler — once."""
    before = payment.state
    payment.set_state(target, at=clock.now())
    payment.save(update_fields=["state", "paid_at", "updated_at"])
    audit_record(
        actor=actor,
        action=f"payments.payment.{target}",
        target=payment,
        details={"from": before, "purpose": payment.purpose, "reference": payment.reference}
        | details,
    )
    handlers.dispatch(PaymentOutcome(payment=payment, kind=target))


@transaction.atomic
def payment_refund(*, actor: Any, payment: Payment) -> Payment:
    """Refund a paid payment in full through its provider, and mark it refunded (its handler is
    called with "refunded"; the provider's own refund webhook then changes nothing). Anything
    but a paid payment raises `InvalidTransitionError`; a provider refusal, `ProviderError`."""
    locked = Payment.objects.select_for_update().get(pk=payment.pk)
    check_move(locked.state, State.REFUNDED)
    get_provider(locked.provider).refund(
        session_id=locked.session_id,
        amount=locked.amount,
        currency=locked.currency,
        idempotency_key=_idempotency_key("refund", locked.public_id),
    )
    _move(locked, State.REFUNDED, actor=actor, details={"via": "refund request"})
    return locked


# --- webhooks ---------------------------------------------------------------------------------


def webhook_receive(*, provider: str, body: bytes, headers: Mapping[str, str]) -> str:
    """Verify a provider webhook, record it once and apply it; returns the receipt's outcome
    ("applied", "unchanged", "ignored", "unknown", "mismatch") or "duplicate" for an event
    already received.

    Not one transaction as a whole, on purpose: a forged webhook raises `ForgedWebhook` after
    its audit event is committed on its own (the refusal must be on record). A signed event is
    applied in one transaction with its receipt, so a handler's failure undoes both and the
    provider's retry finds nothing done. `WebhookPayloadError`: signed, but unreadable.

    Only once the signature is verified is the payment looked up, across businesses (the
    provider knows one endpoint per business, but a webhook may come to any host): the rest runs
    bound to the payment's business, its handlers and after-commit work included.
    """
    adapter = get_provider(provider)
    lowered = {name.lower(): value for name, value in headers.items()}
    try:
        event = adapter.verify_webhook(body=body, headers=lowered)
    except ForgedWebhook as error:
        _forged(provider=provider, reason=str(error), size=len(body))
        raise
    with tenancy.bound(_tenant_of(provider, event)), transaction.atomic():
        return _apply(provider, event)


def _tenant_of(provider: str, event: ProviderEvent) -> tenancy.Tenant | None:
    """The business of the payment a verified event names (the one whose data it changes), or
    the tenant bound now when it names none we know."""
    if event.kind == IGNORED:
        return tenancy.current()
    # Unscoped on purpose: the signature is verified, and the event's session names the payment
    # whatever host the provider delivered to; its business is bound from here on.
    owner = (
        Payment.objects.unscoped()
        .filter(provider=provider, session_id=event.session_id)
        .values_list("organisation_id", "organisation__slug")
        .first()
    )
    return tenancy.current() if owner is None else tenancy.Tenant(owner[0], owner[1])


def _forged(*, provider: str, reason: str, size: int) -> None:
    # The body is neither logged nor audited: only that it came, its size and why it was refused.
    logger.warning("Refused a %s webhook: %s (%d bytes).", provider, reason, size)
    with transaction.atomic():
        audit_record(
            actor=None,
            action="payments.webhook.forged",
            details={"provider": provider, "reason": reason, "bytes": size},
        )


def _apply(provider: str, event: ProviderEvent) -> str:
    try:
        with transaction.atomic():  # a savepoint: a duplicate fails alone
            receipt = WebhookReceipt.objects.create(
                provider=provider, event_id=event.event_id, kind=event.kind, outcome="applied"
            )
    except IntegrityError:
        logger.info("Already received %s event %s: nothing to do.", provider, event.event_id)
        return "duplicate"
    payment = (
        None
        if event.kind == IGNORED
        else Payment.objects.select_for_update()
        .filter(provider=provider, session_id=event.session_id)
        .first()
    )
    receipt.payment = payment
    receipt.outcome = _outcome(event, payment)
    receipt.save(update_fields=["payment", "outcome"])
    if receipt.outcome == WebhookReceipt.Outcome.APPLIED and payment is not None:
        _move(payment, KIND_TARGETS[event.kind], actor=None, details={"event": event.event_id})
    return receipt.outcome


def _outcome(event: ProviderEvent, payment: Payment | None) -> str:
    outcome = WebhookReceipt.Outcome
    if event.kind == IGNORED:
        return outcome.IGNORED
    if payment is None:
        logger.warning("A signed %s event names no payment we know.", event.kind)
        return outcome.UNKNOWN
    if event.amount is not None and (event.amount, event.currency) != (
        payment.amount,
        payment.currency,
    ):
        logger.error("A signed event for payment %s disagrees on the amount.", payment.pk)
        audit_record(
            actor=None,
            action="payments.webhook.mismatch",
            target=payment,
            details={"event": event.event_id, "kind": event.kind},
        )
        return outcome.MISMATCH
    if not can_move(payment.state, KIND_TARGETS[event.kind]):
        return outcome.UNCHANGED
    return outcome.APPLIED
