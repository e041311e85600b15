"""The shop's personal data, cookie and recipients (see `frontdesk.core.declarations`), and
what of it may leave production in an anonymised copy (`frontdesk.core.privacy`).

Orders are accounting records: their contact, addresses and buyer IP are kept ten years
(FRONTDESK_RETENTION_ORDER_DAYS), and on erasure they are blanked and the order unlinked from
the account — the order itself (what was sold, when, for how much) stays (FD-11). A guest's
typed details live with their cart and go with it; an account's saved addresses and baskets
last while the account does and are deleted on erasure.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Model

from frontdesk.core.declarations import (
    Basis,
    Cookie,
    Erasure,
    NotPersonal,
    PersonalData,
    Recipient,
    Retention,
)
from frontdesk.core.privacy import Drop, Replace
from frontdesk.messaging.privacy import EMAIL_PROVIDER
from frontdesk.payments.privacy import PAYMENT_PROVIDER

SHIPPING_COMPANY = Recipient(
    name="The shipping company",
    role="processor",
    processor="shipping",
    receives=(
        "the recipient's name, delivery address and phone, and the parcel's order number, "
        "item count and weight (the shipping manifest), only to deliver the parcel"
    ),
)

ORDER_RETENTION = Retention(
    starts="the order is placed (accounting records)",
    days=3650,
    setting="FRONTDESK_RETENTION_ORDER_DAYS",
    clock="placed_at",
)
CART_RETENTION = Retention(
    starts="the cart last changed",
    days=30,
    setting="FRONTDESK_CART_DAYS",
    clock="updated_at",
)
ACCOUNT = Retention(starts="the account", while_account_exists=True)

ORDER_CONTACT = (
    "Carrying out the order: confirming it, and contacting the customer if there is a "
    "problem with it (JF-1)."
)
DELIVERY = "Delivering the order (handed to the shipping company on the manifest)."
BILLING = "Billing the order: the invoice and the accounting records the law requires."
PREFILL = (
    "Keeping a visitor's cart and the details they typed, so they can come back to the same "
    "cart and a pre-filled order form (JF-2)."
)
ADDRESS_PARTS = ("street", "postcode", "city", "country")


def _order(
    fields: tuple[str, ...],
    category: str,
    purpose: str,
    *recipients: Recipient,
    basis: Basis = Basis.CONTRACT,
) -> PersonalData:
    return PersonalData(
        model="shop.Order",
        fields=fields,
        category=category,
        purpose=purpose,
        basis=basis,
        recipients=recipients,
        retention=ORDER_RETENTION,
        erasure=Erasure.KEEP_WITHOUT_IDENTITY,
        subject="user",
    )


def _cart(fields: tuple[str, ...], category: str) -> PersonalData:
    return PersonalData(
        model="shop.Cart",
        fields=fields,
        category=category,
        purpose=PREFILL,
        basis=Basis.LEGITIMATE_INTERESTS,
        retention=CART_RETENTION,
        erasure=Erasure.DELETE,
        subject="user",
    )


def _account(model: str, fields: tuple[str, ...], category: str, purpose: str) -> PersonalData:
    subject = {"shop.SavedBasketLine": "basket__user"}.get(model, "user")
    return PersonalData(
        model=model,
        fields=fields,
        category=category,
        purpose=purpose,
        basis=Basis.CONTRACT,
        retention=ACCOUNT,
        erasure=Erasure.DELETE,
        subject=subject,
    )


SAVED = "Your Personal Shopping Account: baskets you saved for later (QM-14)."
ADDRESSES = "Pre-filling your next order form with the addresses you used (JF-2)."

DATA = [
    _order(("contact_name",), "contact.name", ORDER_CONTACT, EMAIL_PROVIDER),
    _order(("email",), "contact.email", ORDER_CONTACT, EMAIL_PROVIDER, PAYMENT_PROVIDER),
    _order(("phone",), "contact.phone", ORDER_CONTACT),
    _order(("shipping_name",), "contact.name", DELIVERY, SHIPPING_COMPANY),
    _order(
        tuple(f"shipping_{p}" for p in ADDRESS_PARTS), "contact.address", DELIVERY, SHIPPING_COMPANY
    ),
    _order(("shipping_phone",), "contact.phone", DELIVERY, SHIPPING_COMPANY),
    _order(("billing_name",), "contact.name", BILLING),
    _order(tuple(f"billing_{p}" for p in ADDRESS_PARTS), "contact.address", BILLING),
    _order(
        ("buyer_ip",),
        "network.ip",
        "Captured with a purchase, as the policy says (JF-3): checking the order for fraud. "
        "Casual visits are never linked to a person.",
        basis=Basis.LEGITIMATE_INTERESTS,
    ),
    _cart(("contact_name", "shipping_name", "billing_name"), "contact.name"),
    _cart(("email",), "contact.email"),
    _cart(("phone", "shipping_phone"), "contact.phone"),
    _cart(
        tuple(f"{kind}_{p}" for kind in ("shipping", "billing") for p in ADDRESS_PARTS),
        "contact.address",
    ),
    PersonalData(
        model="shop.CartLine",
        fields=("product", "quantity"),
        category="shopping.cart",
        purpose=PREFILL,
        basis=Basis.LEGITIMATE_INTERESTS,
        retention=Retention(starts="with its cart"),
        erasure=Erasure.DELETE,
        subject="cart__user",
    ),
    _account("shop.SavedBasket", ("vendor",), "shopping.saved_basket", SAVED),
    _account("shop.SavedBasketLine", ("product", "quantity"), "shopping.saved_basket", SAVED),
    _account("shop.Address", ("name",), "contact.name", ADDRESSES),
    _account("shop.Address", ADDRESS_PARTS, "contact.address", ADDRESSES),
    _account("shop.Address", ("phone",), "contact.phone", ADDRESSES),
]

NOT_PERSONAL = [
    NotPersonal("shop.Shop", "name", "the name of a shop"),
    NotPersonal("shop.Vendor", "name", "the name of a vendor (a business)"),
    NotPersonal("shop.Category", "name", "the name of a product category"),
    NotPersonal("shop.Product", "name", "the name of a product"),
    NotPersonal("shop.Product", "description", "a product's description in the catalogue"),
    NotPersonal("shop.OrderLine", "product_name", "the name of the product as it was sold"),
    NotPersonal(
        "shop.ProductImage",
        "file",
        "a product photo staff upload for the catalogue, stored re-encoded without its metadata "
        "(no EXIF: no GPS position, camera or time taken)",
    ),
    NotPersonal("shop.ProductImage", "alt_text", "what a product photo shows, for screen readers"),
]

COOKIES = [
    Cookie(
        name=settings.FRONTDESK_CART_COOKIE_NAME,
        purpose=(
            "Your shopping cart: a signed random identifier of the cart we keep for you, so "
            "you can leave and come back to it. The cart and any details you typed stay on "
            "our server, not in the cookie. Set only when you first add something."
        ),
        lifetime=f"{settings.FRONTDESK_CART_DAYS} days after your cart last changed",
    ),
]


def _no_cart(row: Model) -> None:
    return None


# Carts and saved baskets are a visitor's scratch state: none leaves production.
COPY_RULES = [
    Drop("shop.Cart"),
    Drop("shop.CartLine"),
    Drop("shop.SavedBasket"),
    Drop("shop.SavedBasketLine"),
    Replace("shop.Checkout", fields={"cart_id": _no_cart}),
]
