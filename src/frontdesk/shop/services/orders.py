"""Moving orders through their states (JF-4): the one place an order's state changes.

Rules for every function here: one transaction; the order rows are locked (in id order) before
they change; each change is validated by `Order.set_state` (an invalid one raises
`InvalidTransitionError` and nothing is written), gets an `OrderEvent` for the order's history
and an audit event; stock comes back when goods that never left are cancelled or refunded;
e-mails go out only once the transaction commits (messaging queues them on commit).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import F, QuerySet

from frontdesk.audit.services import audit_record
from frontdesk.core import clock
from frontdesk.shop import emails
from frontdesk.shop.models import Order, OrderEvent, Product
from frontdesk.shop.states import STAMPS, UNSHIPPED_STATES, OrderState

logger = logging.getLogger(__name__)

_ACTIONS: dict[str, str] = {
    OrderState.PAID: "shop.order.paid",
    OrderState.IN_FULFILMENT: "shop.order.in_fulfilment",
    OrderState.SHIPPED: "shop.order.shipped",
    OrderState.DELIVERED: "shop.order.delivered",
    OrderState.CANCELLED: "shop.order.cancelled",
    OrderState.REFUNDED: "shop.order.refunded",
}
_RESTOCKING = frozenset({OrderState.CANCELLED, OrderState.REFUNDED})


def _restock(order: Order) -> None:
    """Give back the stock an order took (its goods never left)."""
    for line in order.lines.order_by("product_id"):
        Product.objects.filter(pk=line.product_id).update(stock=F("stock") + line.quantity)


def _locked(**lookup: Any) -> QuerySet[Order]:
    """The orders matching `lookup`, locked in id order (only the order rows), with what the
    e-mails and the audit read joined."""
    return (
        Order.objects.select_for_update(of=("self",))
        .select_related("shop", "vendor", "checkout")
        .filter(**lookup)
        .order_by("pk")
    )


def order_move(*, actor: Any, order: Order, target: str, reason: str = "") -> Order:
    """Move one order (the caller's transaction; the order is locked here) to `target`."""
    return _move_locked(
        actor=actor, locked=_locked(pk=order.pk).get(), target=target, reason=reason
    )


def _move_locked(*, actor: Any, locked: Order, target: str, reason: str) -> Order:
    """Move an order the caller has locked: its state, its history, its audit event."""
    before, now = locked.state, clock.now()
    locked.set_state(target, at=now)  # raises InvalidTransitionError: nothing written
    # Only the state and its time: the sealed columns are not sealed again.
    stamp = STAMPS.get(target)
    locked.save(update_fields=["state", stamp] if stamp else ["state"])
    if target in _RESTOCKING and before in UNSHIPPED_STATES:
        _restock(locked)
    OrderEvent.objects.create(
        order=locked,
        from_state=before,
        to_state=target,
        at=now,
        by_staff_id=actor.pk if actor is not None else None,
    )
    details: dict[str, Any] = {
        "number": locked.number,
        "vendor_id": locked.vendor_id,
        "from": before,
        "state": target,
    }
    if reason:
        details["reason"] = reason
    audit_record(actor=actor, action=_ACTIONS[target], target=locked, details=details)
    return locked


@transaction.atomic
def order_start_fulfilment(*, actor: Any, order: Order) -> Order:
    """Staff start preparing a paid order."""
    return order_move(actor=actor, order=order, target=OrderState.IN_FULFILMENT)


@transaction.atomic
def order_ship(*, actor: Any, order: Order) -> Order:
    """The order left with the shipping company; the customer is told by e-mail."""
    moved = order_move(actor=actor, order=order, target=OrderState.SHIPPED)
    emails.order_shipped_send(moved)
    return moved


@transaction.atomic
def order_deliver(*, actor: Any, order: Order) -> Order:
    """The order reached the customer."""
    return order_move(actor=actor, order=order, target=OrderState.DELIVERED)


# The staff changes by their action name (as in URLs, buttons and the API), with their target.
STAFF_MOVES: dict[str, tuple[str, Callable[..., Order]]] = {
    "fulfil": (OrderState.IN_FULFILMENT, order_start_fulfilment),
    "ship": (OrderState.SHIPPED, order_ship),
    "deliver": (OrderState.DELIVERED, order_deliver),
}


def orders_move(
    *, actor: Any, orders: QuerySet[Order], target: str, only_from: frozenset[str], reason: str
) -> list[Order]:
    """Move every one of `orders` whose state is in `only_from`. They are chosen and locked in
    one query (in id order), so the state each move starts from is one no one else can change."""
    chosen = _locked(pk__in=orders.values("pk"), state__in=only_from)
    return [
        _move_locked(actor=actor, locked=locked, target=target, reason=reason) for locked in chosen
    ]
