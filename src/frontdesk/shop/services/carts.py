"""Carts (JF-2, QM-14): adding and changing lines, a guest's details kept with their cart,
merging a visitor's cart into their account's, and vendor baskets saved for later.

Every change locks the cart's row first, so two tabs adding at once queue up. A visitor's own
edits of their cart are not audited: they are scratch state, and auditing them would tie the
address of casual visitors to what they looked at (JF-3). What touches an account (merging,
saving and restoring baskets, addresses) is audited.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from frontdesk.audit.services import audit_record
from frontdesk.core import clock
from frontdesk.shop.catalogue import LINE_QUANTITY_MAX
from frontdesk.shop.details import OrderDetails
from frontdesk.shop.errors import OutOfStockError, ShopError
from frontdesk.shop.models import (
    Address,
    Cart,
    CartLine,
    Product,
    SavedBasket,
    SavedBasketLine,
    Shop,
    Vendor,
)
from frontdesk.shop.models.details import DETAIL_FIELDS

_NO_DETAILS = dict.fromkeys(DETAIL_FIELDS, "")


def _account(user: Any) -> Any:
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def cart_find(*, shop: Shop, user: Any = None, token: str | None = None) -> Cart | None:
    """The account's cart in `shop` when signed in, else the guest cart under `token`."""
    if _account(user) is not None:
        return Cart.objects.filter(shop=shop, user=user).first()
    if token:
        return Cart.objects.filter(shop=shop, token=token, user=None).first()
    return None


@transaction.atomic
def cart_obtain(*, shop: Shop, user: Any = None, token: str | None = None) -> Cart:
    """The cart to add to: the existing one, or a new one for the account or under `token`."""
    account = _account(user)
    if account is None and not token:
        raise ValueError("A guest cart needs the token of its cookie.")
    cart = cart_find(shop=shop, user=account, token=token)
    if cart is not None:
        return cart
    try:
        with transaction.atomic():
            return Cart.objects.create(
                shop=shop, user=account, token=None if account is not None else token
            )
    except IntegrityError:  # created by a parallel request a moment ago
        found = cart_find(shop=shop, user=account, token=token)
        if found is None:
            raise
        return found


def _lock(cart: Cart) -> Cart:
    return Cart.objects.select_for_update().get(pk=cart.pk)


def _touch(cart: Cart) -> None:
    cart.updated_at = clock.now()
    cart.save(update_fields=["updated_at"])


def _capped(product: Product, quantity: int) -> int:
    return min(quantity, LINE_QUANTITY_MAX, product.stock)


def _sellable(cart: Cart, product: Product) -> None:
    if product.shop_id != cart.shop_id or not product.is_active:
        raise ShopError("This product is not sold here any more.")
    if product.stock <= 0:
        raise OutOfStockError(f"{product.name} is sold out.")


@transaction.atomic
def cart_add(*, cart: Cart, product: Product, quantity: int = 1) -> CartLine:
    """Add `quantity` of `product`; the line holds at most what is in stock (and 99). Refused
    (ShopError, nothing changed) for a product not sold in the cart's shop or sold out."""
    if quantity < 1:
        raise ShopError("Choose a quantity of at least 1.")
    locked = _lock(cart)
    _sellable(locked, product)
    line, _ = CartLine.objects.get_or_create(cart=locked, product=product, defaults={"quantity": 0})
    wanted = line.quantity + quantity
    allowed = _capped(product, wanted)
    if wanted > allowed:
        # Raised inside the transaction: the line created above is rolled back too (FD-8).
        raise OutOfStockError(
            f"Only {allowed} of {product.name} can be ordered"
            + (f", and your cart has {line.quantity} already." if line.quantity else ".")
        )
    line.quantity = wanted
    line.save(update_fields=["quantity"])
    _touch(locked)
    return line


@transaction.atomic
def cart_set_quantity(*, cart: Cart, product_id: int, quantity: int) -> None:
    """Set a line's quantity (0 removes it); more than is in stock is refused."""
    locked = _lock(cart)
    line = CartLine.objects.filter(cart=locked, product_id=product_id).select_related("product")
    found = line.first()
    if found is None:
        return
    if quantity <= 0:
        found.delete()
    else:
        if quantity > _capped(found.product, quantity):
            raise OutOfStockError(
                f"Only {min(found.product.stock, LINE_QUANTITY_MAX)} of {found.product.name} "
                "can be ordered."
            )
        found.quantity = quantity
        found.save(update_fields=["quantity"])
    _touch(locked)


@transaction.atomic
def cart_details_save(*, cart: Cart, details: OrderDetails) -> None:
    """Keep a guest's typed contact and addresses with their cart, on the server (never in the
    cookie), to pre-fill their next order form (JF-2). Accounts keep addresses instead."""
    locked = _lock(cart)
    if locked.user_id is not None:
        raise ValueError("An account's details are kept as its addresses.")
    for name, value in details.model_fields().items():
        setattr(locked, name, value)
    locked.billing_same_as_shipping = details.billing_same_as_shipping
    locked.updated_at = clock.now()
    locked.save()


def _add_lines(cart: Cart, lines: list[tuple[Product, int]]) -> None:
    for product, quantity in lines:
        line, _ = CartLine.objects.get_or_create(
            cart=cart, product=product, defaults={"quantity": 0}
        )
        line.quantity = min(line.quantity + quantity, LINE_QUANTITY_MAX)
        line.save(update_fields=["quantity"])


@transaction.atomic
def cart_merge(*, user: Any, shop: Shop, token: str) -> Cart | None:
    """At sign-in, the visitor's cart under `token` joins the account's (django-oscar's
    merge): quantities add up, and what the guest typed becomes the account's addresses. The
    guest cart is gone afterwards, so signing out leaves nothing behind in the browser's cart.
    Returns the account's cart (None when there was nothing to merge and no account cart)."""
    guest = Cart.objects.select_for_update().filter(shop=shop, token=token, user=None).first()
    account = Cart.objects.select_for_update().filter(shop=shop, user=user).first()
    if guest is None:
        return account
    address_remember(actor=user, user=user, details=OrderDetails.of(guest))
    lines = [(line.product, line.quantity) for line in guest.lines.select_related("product")]
    if account is None:
        # The guest cart becomes the account's: no cookie id, no guest details any more.
        for name, value in _NO_DETAILS.items():
            setattr(guest, name, value)
        guest.user, guest.token, guest.updated_at = user, None, clock.now()
        guest.save()
        account = guest
    else:
        _add_lines(account, lines)
        guest.delete()
        _touch(account)
    audit_record(
        actor=user,
        action="shop.cart.merged",
        target=account,
        organisation_id=shop.organisation_id,
        details={"shop_id": shop.pk, "lines": len(lines)},
    )
    return account


# --- the Personal Shopping Account ------------------------------------------------------------


@transaction.atomic
def basket_save(*, actor: Any, cart: Cart, vendor: Vendor) -> SavedBasket:
    """Move one vendor's lines out of the account's cart into a basket saved for later
    (QM-14); added to the account's saved basket of that vendor if there is one."""
    locked = _lock(cart)
    if locked.user_id is None:
        raise ShopError("Sign in to save a basket for later.")
    lines = list(CartLine.objects.filter(cart=locked, product__vendor=vendor))
    if not lines:
        raise ShopError("There is nothing of this vendor in your cart.")
    basket, _ = SavedBasket.objects.get_or_create(
        user_id=locked.user_id, shop_id=locked.shop_id, vendor=vendor
    )
    for line in lines:
        saved, _ = SavedBasketLine.objects.get_or_create(
            basket=basket, product_id=line.product_id, defaults={"quantity": 0}
        )
        saved.quantity = min(saved.quantity + line.quantity, LINE_QUANTITY_MAX)
        saved.save(update_fields=["quantity"])
        line.delete()
    basket.saved_at = clock.now()
    basket.save(update_fields=["saved_at"])
    _touch(locked)
    audit_record(
        actor=actor,
        action="shop.basket.saved",
        target=basket,
        organisation_id=locked.shop.organisation_id,
        details={"vendor_id": vendor.pk, "lines": len(lines)},
    )
    return basket


@transaction.atomic
def basket_restore(*, actor: Any, basket: SavedBasket) -> Cart:
    """Put a saved basket back into the account's cart of its shop (lines add up); the saved
    basket is then gone. Products no longer sold are left out."""
    locked = SavedBasket.objects.select_for_update().select_related("shop").get(pk=basket.pk)
    cart = cart_obtain(shop=locked.shop, user=actor)
    cart = _lock(cart)
    lines = [
        (line.product, line.quantity)
        for line in locked.lines.select_related("product")
        if line.product.is_active
    ]
    _add_lines(cart, lines)
    _touch(cart)
    audit_record(
        actor=actor,
        action="shop.basket.restored",
        target=locked,
        organisation_id=locked.shop.organisation_id,
        details={"vendor_id": locked.vendor_id, "lines": len(lines)},
    )
    locked.delete()
    return cart


@transaction.atomic
def basket_delete(*, actor: Any, basket: SavedBasket) -> None:
    audit_record(
        actor=actor,
        action="shop.basket.deleted",
        target=basket,
        organisation_id=basket.shop.organisation_id,
        details={"vendor_id": basket.vendor_id},
    )
    basket.delete()


# --- saved addresses --------------------------------------------------------------------------


def _same(address: Address, values: dict[str, str]) -> bool:
    return all(getattr(address, key) == value for key, value in values.items())


@transaction.atomic
def address_remember(*, actor: Any, user: Any, details: OrderDetails) -> list[Address]:
    """Keep the delivery and billing addresses of `details` with the account, to pre-fill its
    next order form (JF-2). An address the account already has is only marked as used now.
    The account's addresses are compared here, in Python: personal fields are never searched
    in the database (they will be encrypted)."""
    kept: list[Address] = []
    existing = list(Address.objects.filter(user=user))
    for kind in (Address.Kind.SHIPPING, Address.Kind.BILLING):
        values = details.address(kind)
        if not values["street"]:
            continue
        match = next((a for a in existing if a.kind == kind and _same(a, values)), None)
        if match is None:
            match = Address.objects.create(user=user, kind=kind, **values)
            audit_record(
                actor=actor,
                action="shop.address.saved",
                target=match,
                details={"user_id": user.pk, "kind": str(kind)},
            )
        else:
            match.last_used_at = clock.now()
            match.save(update_fields=["last_used_at"])
        kept.append(match)
    return kept


@transaction.atomic
def address_delete(*, actor: Any, address: Address) -> None:
    audit_record(
        actor=actor,
        action="shop.address.deleted",
        target=address,
        details={"user_id": address.user_id, "kind": address.kind},
    )
    address.delete()
