"""Order states and the one table of allowed transitions (django-oscar's `set_status` pipeline).

An order changes state only through `Order.set_state`, which consults `TRANSITIONS` here:

    pending_payment → paid → in_fulfilment → shipped → delivered
    pending_payment → cancelled (unpaid: expired, given up, or cancelled by staff)
    paid | in_fulfilment | shipped | delivered → refunded (the payment was returned)
"""

from __future__ import annotations

from django.db import models

from frontdesk.shop.errors import InvalidTransitionError


class OrderState(models.TextChoices):
    PENDING_PAYMENT = "pending_payment", "Waiting for payment"
    PAID = "paid", "Paid"
    IN_FULFILMENT = "in_fulfilment", "Being prepared"
    SHIPPED = "shipped", "Shipped"
    DELIVERED = "delivered", "Delivered"
    CANCELLED = "cancelled", "Cancelled"
    REFUNDED = "refunded", "Refunded"


S = OrderState
TRANSITIONS: dict[str, frozenset[str]] = {
    S.PENDING_PAYMENT: frozenset({S.PAID, S.CANCELLED}),
    S.PAID: frozenset({S.IN_FULFILMENT, S.REFUNDED}),
    S.IN_FULFILMENT: frozenset({S.SHIPPED, S.REFUNDED}),
    S.SHIPPED: frozenset({S.DELIVERED, S.REFUNDED}),
    S.DELIVERED: frozenset({S.REFUNDED}),
    S.CANCELLED: frozenset(),
    S.REFUNDED: frozenset(),
}
FINAL_STATES: frozenset[str] = frozenset(s for s, nexts in TRANSITIONS.items() if not nexts)
# Paid for and the money still with us: the states a refund leaves.
PAID_STATES: frozenset[str] = frozenset(
    s for s, nexts in TRANSITIONS.items() if S.REFUNDED in nexts
)
# The goods have not left: cancelling or refunding an order in these states returns its stock.
UNSHIPPED_STATES: frozenset[str] = frozenset({S.PENDING_PAYMENT, S.PAID, S.IN_FULFILMENT})
# The time field each state stamps when it is entered.
STAMPS: dict[str, str] = {
    S.PAID: "paid_at",
    S.IN_FULFILMENT: "fulfilment_at",
    S.SHIPPED: "shipped_at",
    S.DELIVERED: "delivered_at",
    S.CANCELLED: "closed_at",
    S.REFUNDED: "closed_at",
}

# How states read in an error message: "Order JF-000007 is <where>, so it cannot be <verb>."
_WHERE: dict[str, str] = {
    S.PENDING_PAYMENT: "still waiting for payment",
    S.PAID: "paid and not yet being prepared",
    S.IN_FULFILMENT: "being prepared",
    S.SHIPPED: "already shipped",
    S.DELIVERED: "already delivered",
    S.CANCELLED: "cancelled",
    S.REFUNDED: "refunded",
}
_VERBS: dict[str, str] = {
    S.PAID: "marked paid",
    S.IN_FULFILMENT: "prepared",
    S.SHIPPED: "marked shipped",
    S.DELIVERED: "marked delivered",
    S.CANCELLED: "cancelled",
    S.REFUNDED: "refunded",
    S.PENDING_PAYMENT: "put back to waiting for payment",
}


def can_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


def check_move(current: str, target: str, *, number: str) -> None:
    """Raise `InvalidTransitionError` (saying why) when current → target is not allowed."""
    if can_move(current, target):
        return
    raise InvalidTransitionError(
        f"Order {number} is {_WHERE.get(current, current)}, "
        f"so it cannot be {_VERBS.get(target, target)}."
    )
