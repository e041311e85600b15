"""Reading the shop: the catalogue, a cart grouped into vendor baskets, a customer's orders and
Personal Shopping Account, and the orders a member of staff may see (by their grants).

People are found by foreign key or opaque token only, never by a personal field."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, Sum

from frontdesk.access import capabilities as caps
from frontdesk.access.scopes import ORGANISATION
from frontdesk.access.selectors import scope_ids, scopes_with
from frontdesk.shop.details import OrderDetails
from frontdesk.shop.models import (
    VENDOR,
    Address,
    Cart,
    CartLine,
    Category,
    Checkout,
    Order,
    Product,
    ProductImage,
    SavedBasket,
    Shop,
    Vendor,
)
from frontdesk.shop.models.details import ADDRESS_PARTS
from frontdesk.shop.visibility import LISTED

ORDER_CAPABILITIES = (caps.SHOP_ORDERS_BILLING, caps.SHOP_ORDERS_SERVICE, caps.SHOP_FULFIL)


# --- catalogue --------------------------------------------------------------------------------


def shop_by_slug(slug: str) -> Shop | None:
    return Shop.objects.filter(slug=slug).first()


def products_for_sale(*, shop: Shop, category: Category | None = None) -> QuerySet[Product]:
    """The shop's active products, with their photos (`product.images.all`, first first)."""
    products = (
        Product.objects.filter(shop=shop, is_active=True)
        .select_related("vendor", "category")
        .prefetch_related("images")  # in their Meta order: position, then pk
    )
    if category is not None:
        products = products.filter(category=category)
    return products.order_by("vendor__name", "name", "pk")


def product_for_sale(*, shop: Shop, slug: str) -> Product | None:
    return products_for_sale(shop=shop).filter(slug=slug).first()


def categories_of(shop: Shop) -> QuerySet[Category]:
    return Category.objects.filter(shop=shop).order_by("name")


def product_images(product: Product) -> list[ProductImage]:
    """A product's photos in their order (Meta.ordering): the first is its catalogue picture.
    Read through the product, so each photo has it at hand for its alt text."""
    return list(product.images.all())


def image_to_serve(name: str) -> ProductImage | None:
    """The photo stored under `name`, with its product loaded for the access check."""
    return ProductImage.objects.select_related("product__vendor__shop").filter(file=name).first()


# --- carts ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CartLineView:
    product: Product
    quantity: int

    @property
    def line_total(self) -> Decimal:
        return self.product.price * self.quantity


@dataclass
class VendorBasket:
    """The part of a cart one vendor sells (QMobility's vendor shopping basket)."""

    vendor: Vendor
    lines: list[CartLineView] = field(default_factory=list)

    @property
    def subtotal(self) -> Decimal:
        return sum((line.line_total for line in self.lines), Decimal(0))


@dataclass(frozen=True)
class CartView:
    shop: Shop
    cart: Cart | None
    baskets: list[VendorBasket]

    @property
    def lines(self) -> list[CartLineView]:
        return [line for basket in self.baskets for line in basket.lines]

    @property
    def total(self) -> Decimal:
        return sum((basket.subtotal for basket in self.baskets), Decimal(0))

    @property
    def count(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def needs_shipping(self) -> bool:
        return any(line.product.is_physical for line in self.lines)

    @property
    def is_empty(self) -> bool:
        return not self.baskets

    def items(self) -> list[tuple[int, int]]:
        return [(line.product.pk, line.quantity) for line in self.lines]


def cart_view(*, shop: Shop, cart: Cart | None) -> CartView:
    """The cart's lines grouped per vendor (vendors by name), in two queries."""
    if cart is None:
        return CartView(shop=shop, cart=None, baskets=[])
    lines = (
        CartLine.objects.filter(cart=cart)
        .select_related("product__vendor")
        .order_by("product__vendor__name", "product__vendor_id", "added_at", "pk")
    )
    baskets: dict[int, VendorBasket] = {}
    for line in lines:
        product = line.product
        basket = baskets.setdefault(product.vendor_id, VendorBasket(vendor=product.vendor))
        basket.lines.append(CartLineView(product=product, quantity=line.quantity))
    return CartView(shop=shop, cart=cart, baskets=list(baskets.values()))


def cart_count(*, cart: Cart | None) -> int:
    """How many items the cart holds (the header's cart link), in one query."""
    if cart is None:
        return 0
    total: int | None = CartLine.objects.filter(cart=cart).aggregate(n=Sum("quantity"))["n"]
    return total or 0


# --- a customer's own -------------------------------------------------------------------------


def _with_lines(orders: QuerySet[Order]) -> QuerySet[Order]:
    return orders.select_related("shop", "vendor", "checkout").prefetch_related("lines")


def orders_of(*, user: Any) -> QuerySet[Order]:
    """The signed-in customer's orders, newest first."""
    return _with_lines(Order.objects.filter(user=user)).order_by("-placed_at", "-pk")


def customer_order(*, user: Any, order_id: int) -> Order | None:
    """One of the customer's own orders (None for anyone else's: the page answers 404)."""
    return (
        _with_lines(Order.objects.filter(user=user, pk=order_id)).prefetch_related("events").first()
    )


def checkout_by_public_id(*, shop: Shop, public_id: str) -> Checkout | None:
    return (
        Checkout.objects.filter(shop=shop, public_id=public_id)
        .prefetch_related(Prefetch("orders", queryset=_with_lines(Order.objects.order_by("pk"))))
        .first()
    )


def saved_baskets_of(*, user: Any) -> QuerySet[SavedBasket]:
    return (
        SavedBasket.objects.filter(user=user)
        .select_related("shop", "vendor")
        .prefetch_related("lines__product")
        .order_by("-saved_at", "-pk")
    )


def addresses_of(*, user: Any) -> QuerySet[Address]:
    return Address.objects.filter(user=user).order_by("kind", "-last_used_at", "-pk")


def latest_addresses(*, user: Any) -> dict[str, Address]:
    """The most recently used address of each kind (what the next order form offers)."""
    latest: dict[str, Address] = {}
    for address in Address.objects.filter(user=user).order_by("-last_used_at", "-pk"):
        latest.setdefault(address.kind, address)
    return latest


# --- staff ------------------------------------------------------------------------------------


def _covered(user: Any, capability: str) -> Q:
    scopes = scopes_with(user=user, capability=capability)
    return Q(vendor_id__in=scope_ids(scopes, VENDOR)) | Q(
        organisation_id__in=scope_ids(scopes, ORGANISATION)
    )


def orders_for_staff(*, user: Any, state: str = "") -> QuerySet[Order]:
    """The orders the member may open: covered by a grant holding an order capability (billing,
    service or fulfilment) on their vendor or their organisation. Newest first. Only the fields
    of a list are loaded (`visibility.LISTED`): no personal field is decrypted (JF-6)."""
    covered = Q(pk__in=[])
    for capability in ORDER_CAPABILITIES:
        covered |= _covered(user, capability)
    orders = Order.objects.filter(covered).only(*LISTED).select_related("shop", "vendor")
    if state:
        orders = orders.filter(state=state)
    return orders.order_by("-placed_at", "-pk")


def vendors_for(*, user: Any, capability: str) -> QuerySet[Vendor]:
    """The vendors on which the member holds `capability` (directly or by the organisation)."""
    scopes = scopes_with(user=user, capability=capability)
    return (
        Vendor.objects.filter(
            Q(pk__in=scope_ids(scopes, VENDOR))
            | Q(shop__organisation_id__in=scope_ids(scopes, ORGANISATION))
        )
        .select_related("shop")
        .order_by("shop__name", "name", "pk")
    )


def manifest_orders(*, vendor: Vendor) -> QuerySet[Order]:
    """The vendor's orders ready to hand to the shipping company: being prepared, with
    something to ship. Oldest first (the order they were packed in)."""
    return (
        Order.objects.filter(vendor=vendor, state=Order.State.IN_FULFILMENT, needs_shipping=True)
        .prefetch_related("lines")
        .order_by("placed_at", "pk")
    )


def details_for_account(*, user: Any) -> OrderDetails:
    """What the next order form of an account offers: its name and e-mail address, and the
    addresses it used last (JF-2)."""
    latest = latest_addresses(user=user)
    values: dict[str, Any] = {"contact_name": user.full_name, "email": user.email}
    shipping, billing = latest.get(Address.Kind.SHIPPING), latest.get(Address.Kind.BILLING)
    for prefix, address in (("shipping", shipping), ("billing", billing)):
        if address is None:
            continue
        for part in ADDRESS_PARTS:
            values[f"{prefix}_{part}"] = getattr(address, part)
    if shipping is not None:
        values["shipping_phone"] = shipping.phone
    same = billing is None or (
        shipping is not None
        and all(getattr(shipping, part) == getattr(billing, part) for part in ADDRESS_PARTS)
    )
    return OrderDetails(**values, billing_same_as_shipping=same)
