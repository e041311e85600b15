"""The shop's models: the catalogue (shops, vendors, categories, products), carts and what a
customer keeps in their Personal Shopping Account (saved baskets, addresses), and orders."""

from frontdesk.shop.models.cart import Address, Cart, CartLine, SavedBasket, SavedBasketLine
from frontdesk.shop.models.catalogue import (
    VENDOR,
    Category,
    Product,
    ProductImage,
    Shop,
    Vendor,
)
from frontdesk.shop.models.orders import Checkout, Order, OrderEvent, OrderLine

__all__ = [
    "VENDOR",
    "Address",
    "Cart",
    "CartLine",
    "Category",
    "Checkout",
    "Order",
    "OrderEvent",
    "OrderLine",
    "Product",
    "ProductImage",
    "SavedBasket",
    "SavedBasketLine",
    "Shop",
    "Vendor",
]
