"""Carts, and what a customer keeps in their Personal Shopping Account: vendor baskets saved
for later and the addresses of their past orders."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q

from frontdesk.core import clock, tenancy
from frontdesk.shop.models.catalogue import Product, Shop, Vendor
from frontdesk.shop.models.details import OrderDetailFields
from frontdesk.vault.fields import SealedCharField
from frontdesk.vault.sealed import ScopedSealedManager, SealedManager, SealedModel


class Cart(OrderDetailFields):
    """A visitor's cart in one shop, kept on the server (JF-2, QM-14).

    A guest's cart is found by `token`, the opaque id in their signed cart cookie; an account's
    by `user`. A guest's typed contact and addresses are kept here (the inherited fields), never
    in the cookie, to pre-fill their next order form; an account's go to `Address` instead. The
    retention sweep deletes a cart `FRONTDESK_CART_DAYS` after its last change.
    """

    BUSINESS_SCOPE = "shop__organisation"

    shop = models.ForeignKey(Shop, on_delete=models.CASCADE, related_name="carts")
    # NULL (not "") for account carts, so the unique constraint only counts guest carts.
    token = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    user = models.ForeignKey(
        "identity.User", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    billing_same_as_shipping = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=clock.now)
    updated_at = models.DateTimeField(default=clock.now, db_index=True)

    objects: ClassVar[SealedManager[Cart]] = ScopedSealedManager()

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["shop", "token"], condition=Q(token__isnull=False), name="cart_token"
            ),
            models.UniqueConstraint(
                fields=["shop", "user"], condition=Q(user__isnull=False), name="cart_per_user"
            ),
        ]

    def __str__(self) -> str:
        return f"cart {self.pk}"


class CartLine(models.Model):
    BUSINESS_SCOPE = "cart__shop__organisation"

    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField()
    added_at = models.DateTimeField(default=clock.now)

    objects = tenancy.BusinessManager["CartLine"]()

    class Meta:
        ordering = ("added_at", "pk")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["cart", "product"], name="cart_line_per_product")
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x product {self.product_id}"


class SavedBasket(models.Model):
    """One vendor's part of a cart, saved for later in the customer's Personal Shopping
    Account (QM-14); put back in the cart with `basket_restore`."""

    BUSINESS_SCOPE = "shop__organisation"

    user = models.ForeignKey("identity.User", on_delete=models.CASCADE, related_name="+")
    shop = models.ForeignKey(Shop, on_delete=models.CASCADE, related_name="+")
    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="+")
    saved_at = models.DateTimeField(default=clock.now)

    objects = tenancy.BusinessManager["SavedBasket"]()

    class Meta:
        ordering = ("-saved_at", "-pk")

    def __str__(self) -> str:
        return f"basket {self.pk}"


class SavedBasketLine(models.Model):
    BUSINESS_SCOPE = "basket__shop__organisation"

    basket = models.ForeignKey(SavedBasket, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField()

    objects = tenancy.BusinessManager["SavedBasketLine"]()

    class Meta:
        ordering = ("pk",)

    def __str__(self) -> str:
        return f"{self.quantity} x product {self.product_id}"


class Address(SealedModel):
    """An address an account used at checkout, kept to pre-fill its next order form (JF-2).
    The newest of each kind (`last_used_at`) is the one offered. Sealed with the account's key."""

    VAULT_SUBJECT = "user"
    BUSINESS_SCOPE = "user__organisation"  # an account's addresses are of its business

    class Kind(models.TextChoices):
        SHIPPING = "shipping", "Delivery address"
        BILLING = "billing", "Billing address"

    user = models.ForeignKey("identity.User", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    name = SealedCharField(max_length=120)
    street = SealedCharField(max_length=200)
    postcode = SealedCharField(max_length=20)
    city = SealedCharField(max_length=100)
    country = SealedCharField(max_length=60, blank=True)
    phone = SealedCharField(max_length=32, blank=True)
    last_used_at = models.DateTimeField(default=clock.now)

    objects: ClassVar[SealedManager[Address]] = ScopedSealedManager()

    class Meta:
        ordering = ("-last_used_at", "-pk")
        verbose_name_plural = "addresses"

    def __str__(self) -> str:
        return f"{self.kind} address {self.pk}"
