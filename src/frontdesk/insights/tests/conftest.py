"""Insights fixtures on top of the root conftest (organisation, owner, outsider, customer, fresh
cache, tasks at once) and the shop's (`make_member`): a marketplace of two vendors with plenty
in stock, customers who bought, and a helper that sells through the real checkout and order
services, paid at a chosen moment."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

import pytest
from conftest import business, make_user
from django.db import transaction

from frontdesk.identity.models import User
from frontdesk.shop import services
from frontdesk.shop.details import OrderDetails
from frontdesk.shop.models import Checkout, Order, Product, Shop, Vendor
from frontdesk.shop.states import OrderState
from frontdesk.shop.tests.conftest import GUEST, florist, make_member

__all__ = ["GUEST", "Sell", "florist", "make_member"]


@pytest.fixture
def market(db) -> Shop:
    """QMobility: Pedal Works (a bike and a lock) and Safe Ride Gear (a helmet)."""
    organisation = business("QMobility", "qmobility")
    shop = services.shop_create(
        actor=None, organisation=organisation, name="QMobility", slug="qm", order_prefix="QM"
    )
    for vendor_name, rows in (
        ("Pedal Works", (("Commuter bike", "599.00"), ("D-lock", "39.90"))),
        ("Safe Ride Gear", (("Urban helmet", "59.00"),)),
    ):
        vendor = services.vendor_create(actor=None, shop=shop, name=vendor_name)
        for name, price in rows:
            services.product_create(
                actor=None, vendor=vendor, name=name, price=Decimal(price), stock=500
            )
    return shop


def product(shop: Shop, name: str) -> Product:
    return Product.objects.select_related("vendor__shop").get(shop=shop, name=name)


def vendor(shop: Shop, name: str) -> Vendor:
    return Vendor.objects.select_related("shop").get(shop=shop, name=name)


def buyer(shop: Shop, n: int) -> User:
    """A customer account at the shop's business."""
    return make_user(
        f"buyer{n}@example.test", full_name=f"Buyer Number{n}", organisation=shop.organisation
    )


def details_of(user: User | None) -> OrderDetails:
    if user is None:
        return GUEST
    return OrderDetails(**{**GUEST.model_fields(), "email": user.email, "contact_name": "B"})


Sell = Callable[..., Checkout]


@pytest.fixture
def sell() -> Sell:
    """sell(shop, {product: quantity}, user=None, paid_at=None) → a paid checkout: placed by
    the checkout service, each order moved to paid by the order service, and (when given) its
    payment time set to `paid_at`, as if it had been paid then."""

    def make(
        shop: Shop,
        picks: dict[str, int],
        *,
        user: User | None = None,
        paid_at: datetime | None = None,
    ) -> Checkout:
        checkout = services.checkout_place(
            shop=shop,
            items=[(product(shop, name).pk, quantity) for name, quantity in picks.items()],
            details=details_of(user),
            buyer_ip="198.51.100.23",
            user=user,
        )
        for order in checkout.orders.all():
            with transaction.atomic():
                services.order_move(actor=None, order=order, target=OrderState.PAID)
        if paid_at is not None:
            Order.objects.filter(checkout=checkout).update(paid_at=paid_at)
        return checkout

    return make
