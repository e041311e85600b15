"""Checkouts and the orders they place: one order per vendor, paid by one payment."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import ClassVar

from django.db import models

from frontdesk.access.scopes import ORGANISATION, Scope
from frontdesk.core import clock, tenancy
from frontdesk.core.tokens import new_token
from frontdesk.shop.models.cart import Cart
from frontdesk.shop.models.catalogue import VENDOR, Product, Shop, Vendor
from frontdesk.shop.models.details import OrderDetailFields
from frontdesk.shop.states import STAMPS, OrderState, check_move
from frontdesk.vault.fields import SealedIPAddressField
from frontdesk.vault.sealed import ScopedSealedManager, SealedManager


class Checkout(models.Model):
    """One checkout of a cart (or of the cookie-less order form): the orders it placed, one per
    vendor, and the one payment for all of them. `public_id` is its opaque reference — the
    payment's reference in frontdesk.payments (purpose "shop.checkout"), and the address of
    its confirmation page (QL-7)."""

    BUSINESS_SCOPE = "shop__organisation"

    public_id = models.CharField(max_length=64, unique=True, default=new_token)
    shop = models.ForeignKey(Shop, on_delete=models.PROTECT, related_name="checkouts")
    cart = models.ForeignKey(
        Cart, null=True, blank=True, on_delete=models.SET_NULL, related_name="checkouts"
    )
    total = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    created_at = models.DateTimeField(default=clock.now)

    objects = tenancy.BusinessManager["Checkout"]()

    class Meta:
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"checkout {self.pk}"


class Order(OrderDetailFields):
    """What one vendor must deliver from one checkout.

    Rules: the state changes only through `set_state` (see `states.TRANSITIONS`), and becomes
    paid only when the payment provider's signed webhook says so; the buyer's IP address is
    captured when the order is placed (JF-3); prices, names and weights are copied onto the
    lines, so later catalogue changes do not rewrite the order. Contact, addresses and IP are
    kept as accounting records, and lose the person's identity on erasure (FD-11).
    """

    State = OrderState
    BUSINESS_SCOPE = "organisation"

    checkout = models.ForeignKey(Checkout, on_delete=models.PROTECT, related_name="orders")
    organisation = models.ForeignKey(
        "access.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    shop = models.ForeignKey(Shop, on_delete=models.PROTECT, related_name="orders")
    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="orders")
    user = models.ForeignKey(
        "identity.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    number = models.CharField(max_length=20, unique=True)
    buyer_ip = SealedIPAddressField(null=True, blank=True)
    needs_shipping = models.BooleanField(default=True)
    state = models.CharField(
        max_length=20, choices=OrderState.choices, default=OrderState.PENDING_PAYMENT
    )
    total = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    placed_at = models.DateTimeField(default=clock.now, db_index=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    fulfilment_at = models.DateTimeField(null=True, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[SealedManager[Order]] = ScopedSealedManager()

    class Meta:
        ordering = ("-placed_at", "-pk")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["vendor", "state", "placed_at"]),
            models.Index(fields=["state", "placed_at"]),
        ]

    def __str__(self) -> str:
        return self.number

    def access_scopes(self) -> list[Scope]:
        return [Scope(VENDOR, self.vendor_id), Scope(ORGANISATION, self.organisation_id)]

    def set_state(self, target: str, *, at: datetime) -> None:
        """Move to `target`, stamping its time; raise `InvalidTransitionError` (unchanged) if not
        allowed. The caller saves (holding the row lock)."""
        check_move(self.state, target, number=self.number)
        self.state = target
        stamp = STAMPS.get(target)
        if stamp:
            setattr(self, stamp, at)

    @property
    def state_label(self) -> str:
        return OrderState(self.state).label


class OrderLine(models.Model):
    """A product on an order, with its name, price and weight as they were when ordered."""

    BUSINESS_SCOPE = "order__organisation"

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    product_name = models.CharField(max_length=120)
    unit_price = models.DecimalField(max_digits=10, decimal_places=2)
    quantity = models.PositiveIntegerField()
    is_physical = models.BooleanField(default=True)
    weight_grams = models.PositiveIntegerField(default=0)

    objects = tenancy.BusinessManager["OrderLine"]()

    class Meta:
        ordering = ("pk",)

    def __str__(self) -> str:
        return f"{self.quantity} x {self.product_name}"

    @property
    def line_total(self) -> Decimal:
        return self.unit_price * self.quantity


class OrderEvent(models.Model):
    """One state change of an order, for the customer's and staff's order history (the audit
    log records the same change, with who and from where)."""

    BUSINESS_SCOPE = "order__organisation"

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, choices=OrderState.choices)
    at = models.DateTimeField(default=clock.now)
    by_staff_id = models.BigIntegerField(null=True, blank=True)

    objects = tenancy.BusinessManager["OrderEvent"]()

    class Meta:
        ordering = ("at", "pk")

    def __str__(self) -> str:
        return f"{self.order_id}: {self.from_state} → {self.to_state}"

    @property
    def to_label(self) -> str:
        return OrderState(self.to_state).label
