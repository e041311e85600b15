"""Schemas of the shop API: what goes in and comes out, with types and limits. Money is a
decimal string with its currency, never a float."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from ninja import Field, Schema
from pydantic import ConfigDict

from frontdesk.shop.catalogue import LINE_QUANTITY_MAX


class ProductImageOut(Schema):
    url: str
    width: int
    height: int
    alt: str


class ProductOut(Schema):
    id: int
    slug: str
    name: str
    description: str
    vendor: str
    category: str | None
    price: Decimal
    currency: str
    in_stock: int
    shipped: bool
    url: str
    images: list[ProductImageOut]  # the first is the catalogue picture


class CartLineIn(Schema):
    model_config = ConfigDict(extra="forbid")

    product_id: int
    quantity: int = Field(1, ge=0, le=LINE_QUANTITY_MAX)


class CartLineOut(Schema):
    product_id: int
    name: str
    quantity: int
    unit_price: Decimal
    line_total: Decimal


class VendorBasketOut(Schema):
    vendor_id: int
    vendor: str
    lines: list[CartLineOut]
    subtotal: Decimal


class CartOut(Schema):
    shop: str
    currency: str
    baskets: list[VendorBasketOut]
    total: Decimal
    count: int


class OrderLineOut(Schema):
    name: str
    quantity: int
    unit_price: Decimal


class CustomerOrderOut(Schema):
    id: int
    number: str
    shop: str
    vendor: str
    state: str
    state_label: str
    placed_at: datetime
    total: Decimal
    currency: str
    lines: list[OrderLineOut]


class StaffOrderSummaryOut(Schema):
    """One line of the staff list: `total` only for those who hold billing on the order."""

    id: int
    number: str
    shop: str
    vendor: str
    state: str
    placed_at: datetime
    total: Decimal | None = None
    currency: str


class ManifestRowOut(Schema):
    """Exactly the manifest's fields (see `frontdesk.shop.manifest.MANIFEST_FIELDS`)."""

    order_number: str
    recipient_name: str
    street: str
    postcode: str
    city: str
    country: str
    phone: str
    items: int
    weight_grams: int


class ErrorOut(Schema):
    detail: str
