"""Checkout (JF-1, QM-12, FD-6): a cart — or the cookie-less order form's items — becomes one
checkout with one order per vendor, the stock is taken, and the customer is sent to the payment
provider's hosted page for the whole amount. The orders become paid only in `payment_outcome`,
called by the payments app inside its signed-webhook transaction.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timedelta
from decimal import Decimal
from itertools import groupby
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from frontdesk.audit.services import audit_record
from frontdesk.core import clock, tenancy
from frontdesk.shop.catalogue import LINE_QUANTITY_MAX
from frontdesk.shop.details import OrderDetails
from frontdesk.shop.errors import EmptyCartError, OutOfStockError, ShopError
from frontdesk.shop.models import Cart, Checkout, Order, OrderEvent, OrderLine, Product, Shop
from frontdesk.shop.services.carts import address_remember, cart_details_save
from frontdesk.shop.services.orders import orders_move
from frontdesk.shop.states import OrderState

logger = logging.getLogger(__name__)

NEEDS_ADDRESS = "Enter the delivery address: something in this order is shipped."


def _quantities(items: Iterable[tuple[int, int]]) -> Counter[int]:
    wanted: Counter[int] = Counter()
    for product_id, quantity in items:
        if quantity > 0:
            wanted[product_id] += quantity
    if not wanted:
        raise EmptyCartError("There is nothing to order yet: choose at least one product.")
    return wanted


def _take_stock(shop: Shop, wanted: Counter[int]) -> list[Product]:
    """Lock the products (in id order) and take their stock with F(), or refuse the lot."""
    products = list(
        Product.objects.select_for_update()
        .filter(pk__in=wanted, shop=shop)
        .select_related("vendor")
        .order_by("pk")
    )
    found = {product.pk: product for product in products}
    if len(found) != len(wanted) or not all(p.is_active for p in products):
        raise ShopError("Something in your order is no longer sold: please check your cart.")
    short = [p for p in products if wanted[p.pk] > min(p.stock, LINE_QUANTITY_MAX)]
    if short:
        raise OutOfStockError(
            "Not enough left of "
            + ", ".join(f"{p.name} (only {min(p.stock, LINE_QUANTITY_MAX)})" for p in short)
            + ". Please change the quantities."
        )
    for product in products:
        taken = Product.objects.filter(pk=product.pk, stock__gte=wanted[product.pk]).update(
            stock=F("stock") - wanted[product.pk]
        )
        if taken != 1:  # cannot happen under the row lock; refuse rather than oversell
            raise OutOfStockError(f"{product.name} just sold out.")
    return products


def _check_details(details: OrderDetails, needs_shipping: bool) -> OrderDetails:
    if needs_shipping and not details.shipping_street:
        raise ValidationError({"shipping_street": NEEDS_ADDRESS})
    if not needs_shipping:
        # Nothing is shipped: no delivery address is kept (QM-12).
        details = details.without_shipping()
    return details


def _place_orders(
    *,
    checkout: Checkout,
    shop: Shop,
    products: list[Product],
    wanted: Counter[int],
    details: OrderDetails,
    user: Any,
    buyer_ip: str | None,
) -> list[Order]:
    orders = []
    by_vendor = sorted(products, key=lambda p: (p.vendor.name, p.vendor_id, p.pk))
    for _, group in groupby(by_vendor, key=lambda p: p.vendor_id):
        lines = list(group)
        physical = any(p.is_physical for p in lines)
        shop.last_order_number += 1
        fields = details.model_fields()
        if not physical:
            fields |= {name: "" for name in fields if name.startswith("shipping_")}
        order = Order.objects.create(
            checkout=checkout,
            organisation_id=shop.organisation_id,
            shop=shop,
            vendor=lines[0].vendor,
            user=user,
            number=f"{shop.order_prefix}-{shop.last_order_number:06d}",
            buyer_ip=buyer_ip,
            needs_shipping=physical,
            total=sum((p.price * wanted[p.pk] for p in lines), Decimal(0)),
            currency=shop.currency,
            placed_at=checkout.created_at,
            **fields,
        )
        OrderLine.objects.bulk_create(
            OrderLine(
                order=order,
                product=p,
                product_name=p.name,
                unit_price=p.price,
                quantity=wanted[p.pk],
                is_physical=p.is_physical,
                weight_grams=p.weight_grams,
            )
            for p in lines
        )
        OrderEvent.objects.create(order=order, to_state=OrderState.PENDING_PAYMENT)
        orders.append(order)
    shop.save(update_fields=["last_order_number"])
    return orders


@transaction.atomic
def checkout_place(
    *,
    shop: Shop,
    items: Iterable[tuple[int, int]],
    details: OrderDetails,
    buyer_ip: str | None,
    user: Any = None,
    cart: Cart | None = None,
) -> Checkout:
    """Place one order per vendor for `items` ((product id, quantity) pairs), waiting for
    payment, all in one transaction (FD-8): either every order is placed and every product's
    stock taken, or nothing is (OutOfStockError, ShopError, ValidationError).

    The buyer's IP address is captured on each order (JF-3). A signed-in customer's orders
    belong to their account, and their addresses are kept to pre-fill the next order; a
    guest's details are kept with their `cart` (none is kept for the cookie-less order form).
    A cart's earlier checkouts still waiting for payment are cancelled first, so their stock
    comes back and only the newest can be paid."""
    wanted = _quantities(items)
    shop = Shop.objects.select_for_update().get(pk=shop.pk)  # order numbers, one at a time
    account = user if user is not None and user.is_authenticated else None
    if cart is not None:
        for earlier in cart.checkouts.filter(orders__state=OrderState.PENDING_PAYMENT).distinct():
            checkout_cancel(actor=account, checkout=earlier, reason="replaced")
    products = _take_stock(shop, wanted)
    details = _check_details(details, needs_shipping=any(p.is_physical for p in products))
    checkout = Checkout.objects.create(
        shop=shop,
        cart=cart,
        total=sum((p.price * wanted[p.pk] for p in products), Decimal(0)),
        currency=shop.currency,
    )
    orders = _place_orders(
        checkout=checkout,
        shop=shop,
        products=products,
        wanted=wanted,
        details=details,
        user=account,
        buyer_ip=buyer_ip,
    )
    lines_of = Counter(p.vendor_id for p in products)  # one line per product, on its vendor's
    for order in orders:
        audit_record(
            actor=account,
            action="shop.order.placed",
            target=order,
            details={
                "number": order.number,
                "vendor_id": order.vendor_id,
                "checkout_id": checkout.pk,
                "total": str(order.total),
                "currency": order.currency,
                "lines": lines_of[order.vendor_id],
            },
        )
    if account is not None:
        address_remember(actor=account, user=account, details=details)
    elif cart is not None:
        cart_details_save(cart=cart, details=details)
    return checkout


@transaction.atomic
def checkout_cancel(*, actor: Any, checkout: Checkout, reason: str) -> int:
    """Cancel the checkout's orders still waiting for payment, returning their stock; the
    number cancelled. Orders already paid are not touched."""
    Checkout.objects.select_for_update().get(pk=checkout.pk)
    moved = orders_move(
        actor=actor,
        orders=checkout.orders.all(),
        target=OrderState.CANCELLED,
        only_from=frozenset({OrderState.PENDING_PAYMENT}),
        reason=reason,
    )
    return len(moved)


def orders_expire(*, now: datetime | None = None) -> int:
    """Cancel every order still unpaid `FRONTDESK_ORDER_UNPAID_MINUTES` after it was placed,
    returning its stock; the number of orders cancelled. Each checkout in its own short
    transaction, bound to its business (the task runs for all of them); idempotent (a second
    run finds nothing)."""
    cutoff = (now or clock.now()) - timedelta(minutes=settings.FRONTDESK_ORDER_UNPAID_MINUTES)
    checkouts = Checkout.objects.filter(
        orders__state=OrderState.PENDING_PAYMENT, orders__placed_at__lt=cutoff
    ).distinct()
    cancelled = 0
    for checkout in checkouts.select_related("shop__organisation").order_by("pk"):
        with tenancy.bound(checkout.shop.organisation.tenant):
            cancelled += checkout_cancel(actor=None, checkout=checkout, reason="expired")
    return cancelled
