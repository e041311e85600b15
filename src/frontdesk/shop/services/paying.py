"""The shop's side of payment (FD-6, QM-12): the whole checkout is paid on the provider's hosted
page (frontdesk.payments), and what the provider's signed webhooks say moves the orders.

`payment_outcome` is registered for the purpose "shop.checkout" in `ShopConfig.ready()`; the
payments app calls it inside its webhook (or refund) transaction, once per real change of the
payment. Replays change nothing there, and here every move is validated as well: an order that
is no longer waiting for payment is never marked paid again.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.db import transaction

from frontdesk.audit.services import audit_record
from frontdesk.core import tenancy
from frontdesk.payments import selectors as payment_selectors
from frontdesk.payments import services as payments
from frontdesk.payments.errors import PaymentError
from frontdesk.payments.handlers import PaymentOutcome
from frontdesk.payments.models import Payment
from frontdesk.payments.states import State as PaymentState
from frontdesk.shop import emails
from frontdesk.shop.errors import PaymentUnavailableError, ShopError
from frontdesk.shop.models import CartLine, Checkout, Order, OrderLine
from frontdesk.shop.services.checkout import checkout_cancel
from frontdesk.shop.services.orders import orders_move
from frontdesk.shop.states import PAID_STATES, OrderState

logger = logging.getLogger(__name__)

PURPOSE = "shop.checkout"
UNAVAILABLE = (
    "The payment service cannot be reached just now, so your order was not placed and nothing "
    "was charged. Please try again in a moment."
)


def checkout_pay(*, actor: Any, checkout: Checkout, success_url: str, cancel_url: str) -> str:
    """Open the provider's hosted page for the whole checkout; the address to send the
    customer to. When the provider cannot start the payment, the checkout's orders are
    cancelled (their stock comes back) and `PaymentUnavailableError` says so (FD-8).

    The provider receives the amount, an opaque reference and the customer's e-mail address
    (for its receipt) — never anything else of the order (JF-4)."""
    orders = list(checkout.orders.order_by("pk"))
    numbers = ", ".join(order.number for order in orders)
    try:
        start = payments.payment_start(
            actor=actor if actor is not None and actor.is_authenticated else None,
            organisation_id=checkout.shop.organisation_id,
            purpose=PURPOSE,
            reference=checkout.public_id,
            amount=checkout.total,
            currency=checkout.currency,
            description=f"{checkout.shop.name}: {numbers}"[: payments.DESCRIPTION_MAX],
            customer_email=orders[0].email,
            success_url=success_url,
            cancel_url=cancel_url,
        )
    except PaymentError as error:
        logger.warning("Payment for checkout %s could not start: %s", checkout.pk, error)
        checkout_cancel(actor=None, checkout=checkout, reason="payment_unavailable")
        raise PaymentUnavailableError(UNAVAILABLE) from error
    return start.redirect_url


def checkout_payment(checkout: Checkout) -> Payment | None:
    """The newest payment attempt of the checkout (None before one was started)."""
    return payment_selectors.payment_latest(purpose=PURPOSE, reference=checkout.public_id)


@transaction.atomic
def payment_outcome(outcome: PaymentOutcome) -> None:
    """Apply a payment's change to the checkout it pays for (see the module docstring)."""
    checkout = (
        Checkout.objects.select_for_update()
        .select_related("shop")
        .filter(public_id=outcome.payment.reference)
        .first()
    )
    if checkout is None:
        logger.error("Payment %s names no checkout we know.", outcome.payment.pk)
        return
    if outcome.kind == PaymentState.PAID:
        _paid(checkout, outcome.payment)
    elif outcome.kind in {PaymentState.FAILED, PaymentState.EXPIRED}:
        checkout_cancel(actor=None, checkout=checkout, reason=f"payment {outcome.kind}")
    elif outcome.kind == PaymentState.REFUNDED:
        orders_move(
            actor=None,
            orders=checkout.orders.all(),
            target=OrderState.REFUNDED,
            only_from=PAID_STATES,
            reason="payment refunded",
        )


def _paid(checkout: Checkout, payment: Payment) -> None:
    moved = orders_move(
        actor=None,
        orders=checkout.orders.all(),
        target=OrderState.PAID,
        only_from=frozenset({OrderState.PENDING_PAYMENT}),
        reason="",
    )
    for order in moved:
        emails.order_confirmation_send(order)
    if moved:
        _cart_empty_of(checkout, moved)
        return
    if checkout.orders.filter(state=OrderState.CANCELLED).exists():
        # Paid after the orders expired (or were replaced): the money goes back at once.
        audit_record(
            actor=None,
            action="shop.checkout.paid_late",
            target=checkout,
            organisation_id=checkout.shop.organisation_id,
            details={"payment_id": payment.pk},
        )
        transaction.on_commit(_refund_late(payment.pk), robust=True)


def _refund_late(payment_id: int) -> Callable[[], None]:
    """The refund, to run once the webhook's transaction has committed (a named function, not
    a partial: Django names a failing robust callback by its __qualname__ when it logs it)."""

    tenant = tenancy.current()  # the payment's business, bound by the webhook

    def refund_late_payment() -> None:
        with tenancy.bound(tenant):
            payment = Payment.objects.get(pk=payment_id)
            payments.payment_refund(actor=None, payment=payment)

    return refund_late_payment


def _cart_empty_of(checkout: Checkout, orders: list[Order]) -> None:
    """What was bought leaves the cart it came from (what was added since stays)."""
    if checkout.cart_id is None:
        return
    bought: Counter[int] = Counter()
    for line in OrderLine.objects.filter(order__in=orders):
        bought[line.product_id] += line.quantity
    in_cart = CartLine.objects.filter(cart_id=checkout.cart_id, product_id__in=bought)
    for cart_line in in_cart:
        if cart_line.quantity <= bought[cart_line.product_id]:
            cart_line.delete()
        else:
            cart_line.quantity -= bought[cart_line.product_id]
            cart_line.save(update_fields=["quantity"])


@transaction.atomic
def checkout_refund(*, actor: Any, checkout: Checkout) -> list[Order]:
    """Refund the checkout's payment in full through the provider; its orders become refunded
    (goods that never left return to stock). A refund returns the whole payment, so the caller
    must hold the billing capability on every order of the checkout."""
    payment = checkout_payment(checkout)
    if payment is None or payment.state != PaymentState.PAID:
        raise ShopError("There is no payment received for this order to refund.")
    refunded = orders_move(
        actor=actor,
        orders=checkout.orders.all(),
        target=OrderState.REFUNDED,
        only_from=PAID_STATES,
        reason="refunded by staff",
    )
    try:
        payments.payment_refund(actor=actor, payment=payment)
    except PaymentError as error:
        # Raised inside the transaction: the orders' moves above are undone too (FD-8).
        raise ShopError(f"The refund was refused: {error}") from error
    return refunded
