"""The demo shops (issue 4, §7): Julie Floral (one vendor: the florist itself, shipping
flowers) and QMobility (a marketplace of three vendors), each its own business (FD-16) on its
own host, with its own sender, contacts and processors, products, staff (a billing clerk, a
customer-service representative, a vendor manager) and a customer with past orders. The
customer has the same address at both: two accounts, one per business, each with its own
orders and addresses. Loaded through the same services as real use, so the audit log, the
grants and the order states are the real ones.

`ops.demo` (a higher layer) calls `seed_shops(password=...)` and prints the logins it returns.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdesk.access import capabilities as caps
from frontdesk.access import services as access
from frontdesk.access.models import Organisation, Role
from frontdesk.access.scopes import ORGANISATION, Scope
from frontdesk.core import tenancy
from frontdesk.core.demo import DemoLogin
from frontdesk.identity import services as identity
from frontdesk.identity.models import User
from frontdesk.shop import services
from frontdesk.shop.details import OrderDetails
from frontdesk.shop.models import VENDOR, Order, Product, Shop, Vendor
from frontdesk.shop.states import OrderState

JULIE = "julie-floral"
QMOBILITY = "qmobility"
CUSTOMER = "customer@shop.demo"  # one address, an account at each shop's business

# Each business's brand, contacts and processors (its policy names them).
BUSINESSES: dict[str, dict[str, Any]] = {
    JULIE: {
        "name": "Julie Floral",
        "modules": ["shop"],
        "accent_colour": "#b0305a",
        "email_sender": "hello@juliefloral.demo",
        "privacy_contact": "privacy@juliefloral.demo",
        "security_contact": "security@juliefloral.demo",
        "processors": {
            "cards": "Paydemo Payments Ltd (card payments)",
            "shipping": "Bloom Couriers Ltd (flower delivery)",
            "mailing": "Petal Post Mailings Ltd (promotional e-mail)",
        },
    },
    QMOBILITY: {
        "name": "QMobility",
        "modules": ["shop"],
        "accent_colour": "#1b6fa8",
        "email_sender": "hello@qmobility.demo",
        "privacy_contact": "privacy@qmobility.demo",
        "security_contact": "security@qmobility.demo",
        "processors": {
            "cards": "Paydemo Payments Ltd (card payments)",
            "shipping": "Parcel Motion BV (parcel delivery)",
            "partners": "Mobility Partners Network (sales figures, aggregated)",
            "mailing": "Ride Mail Services Ltd (promotional e-mail)",
        },
    },
}


# The demo's product photos, shipped with the code (drawings, not photographs).
PICTURES = Path(__file__).resolve().parent / "static" / "shop" / "products"
PICTURE_ALT = {
    "roses": "A bunch of red roses",
    "tulips": "Orange tulips",
    "bouquet": "A mixed bouquet in purple",
    "plant": "A green plant in a brown pot",
    "card": "A blue gift card",
    "scooter": "An e-scooter",
    "bike": "A bicycle",
    "helmet": "A purple helmet",
    "battery": "A green battery pack",
    "lock": "A grey D-lock",
}

# (category, name, price, stock, picture, grams, shipped, description)
JULIE_PRODUCTS = [
    ("Bouquets", "Red roses", "39.00", 40, "roses", 900, True, "Twelve long-stem red roses."),
    ("Bouquets", "Spring tulips", "24.50", 60, "tulips", 700, True, "Fifteen tulips, mixed."),
    ("Bouquets", "Seasonal bouquet", "45.00", 25, "bouquet", 1100, True, "The florist's pick."),
    ("Plants", "Potted orchid", "29.00", 15, "plant", 1500, True, "A white orchid in a pot."),
    ("Gifts", "Gift card", "25.00", 999, "card", 0, False, "Sent by e-mail; no delivery."),
]
QMOBILITY_VENDORS: dict[str, list[tuple[str, str, str, int, str, int, bool, str]]] = {
    "Urban Scooters": [
        ("Scooters", "City e-scooter", "449.00", 12, "scooter", 14000, True, "25 km range."),
        ("Parts", "Spare battery", "129.00", 30, "battery", 2500, True, "Fits every model."),
    ],
    "Pedal Works": [
        ("Bicycles", "Commuter bike", "599.00", 8, "bike", 13000, True, "Eight gears."),
        ("Parts", "D-lock", "39.90", 50, "lock", 1200, True, "Sold Secure Gold."),
    ],
    "Safe Ride Gear": [
        ("Gear", "Urban helmet", "59.00", 40, "helmet", 450, True, "With rear light."),
    ],
}


def _business(slug: str) -> Organisation:
    """The demo business `slug`: made with its details, or (a demo database from before
    tenancy) given the modules and details it lacks, keeping whatever it has."""
    details = dict(BUSINESSES[slug])
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        return access.organisation_create(slug=slug, **details)
    changed = [name for name, value in details.items() if value and not getattr(organisation, name)]
    for name in changed:
        setattr(organisation, name, details[name])
    if changed:
        organisation.save(update_fields=changed)
    return organisation


def _staff(organisation: Organisation, email: str, full_name: str, password: str) -> User:
    user = User.objects.create_user(
        email=email,
        password=password,
        full_name=full_name,
        is_staff=True,
        organisation=organisation,
    )
    TOTPDevice.objects.create(user=user, name="Demo authenticator", confirmed=True)
    return user


def _grant(
    user: User, organisation: Organisation, name: str, codes: list[str], scope: Scope
) -> Role:
    role = Role.objects.filter(organisation=organisation, name=name).first()
    if role is None:
        role = access.role_create(
            actor=None, organisation=organisation, name=name, capabilities=codes
        )
    access.grant_add(actor=None, user=user, role=role, scope=scope)
    return role


def _products(vendor: Vendor, rows: list[tuple[str, str, str, int, str, int, bool, str]]) -> None:
    categories = {c.name: c for c in vendor.shop.categories.all()}
    for category, name, price, stock, image, grams, shipped, text in rows:
        if category not in categories:
            categories[category] = services.category_create(
                actor=None, shop=vendor.shop, name=category
            )
        product = services.product_create(
            actor=None,
            vendor=vendor,
            category=categories[category],
            name=name,
            price=Decimal(price),
            stock=stock,
            weight_grams=grams,
            is_physical=shipped,
            description=text,
        )
        # Uploaded the way staff upload a photo: checked, re-encoded, stored under a random name.
        with (PICTURES / f"{image}.png").open("rb") as picture:
            services.product_image_add(
                actor=None, product=product, upload=picture, alt_text=PICTURE_ALT[image]
            )


def _julie(password: str) -> Shop:
    organisation = _business(JULIE)
    shop = services.shop_create(
        actor=None, organisation=organisation, name="Julie Floral", slug=JULIE, order_prefix="JF"
    )
    vendor = services.vendor_create(actor=None, shop=shop, name="Julie Floral")
    _products(vendor, JULIE_PRODUCTS)
    whole = Scope(ORGANISATION, organisation.pk)
    owner = _staff(organisation, "owner@juliefloral.demo", "Julie Fleur", password)
    _grant(owner, organisation, "Owner", list(caps.CAPABILITIES), whole)
    clerk = _staff(organisation, "billing@juliefloral.demo", "Bill Clerk", password)
    _grant(
        clerk, organisation, "Billing clerk", [caps.SHOP_ORDERS_BILLING, caps.SHOP_REPORTS], whole
    )
    service = _staff(organisation, "service@juliefloral.demo", "Sam Service", password)
    _grant(service, organisation, "Customer service", [caps.SHOP_ORDERS_SERVICE], whole)
    florist = _staff(organisation, "florist@juliefloral.demo", "Flora Packer", password)
    _grant(florist, organisation, "Florist", [caps.SHOP_FULFIL, caps.SHOP_CATALOGUE], whole)
    return shop


def _qmobility(password: str) -> Shop:
    organisation = _business(QMOBILITY)
    shop = services.shop_create(
        actor=None, organisation=organisation, name="QMobility", slug=QMOBILITY, order_prefix="QM"
    )
    vendors = {}
    for name, rows in QMOBILITY_VENDORS.items():
        vendors[name] = services.vendor_create(actor=None, shop=shop, name=name)
        _products(vendors[name], rows)
    owner = _staff(organisation, "owner@qmobility.demo", "Quinn Mobility", password)
    _grant(
        owner, organisation, "Owner", list(caps.CAPABILITIES), Scope(ORGANISATION, organisation.pk)
    )
    manager = _staff(organisation, "manager@pedalworks.demo", "Pat Pedal", password)
    vendor_codes = [
        caps.SHOP_CATALOGUE,
        caps.SHOP_FULFIL,
        caps.SHOP_ORDERS_SERVICE,
        caps.SHOP_REPORTS,
    ]
    _grant(
        manager,
        organisation,
        "Vendor manager",
        vendor_codes,
        Scope(VENDOR, vendors["Pedal Works"].pk),
    )
    return shop


HOME = OrderDetails(
    contact_name="Casey Customer",
    email=CUSTOMER,
    phone="+44 20 7946 0001",
    shipping_name="Casey Customer",
    shipping_street="1 Demo Street",
    shipping_postcode="N1 9GU",
    shipping_city="London",
    shipping_country="United Kingdom",
    shipping_phone="+44 20 7946 0001",
    billing_name="Casey Customer",
    billing_street="1 Demo Street",
    billing_postcode="N1 9GU",
    billing_city="London",
    billing_country="United Kingdom",
    billing_same_as_shipping=True,
)


def _past_order(
    shop: Shop, customer: User, picks: dict[str, int], days_ago: int, reached: str
) -> None:
    """A checkout placed `days_ago`, paid, and moved on to `reached` (demo history: no payment
    provider took part, so it is recorded as imported from before the demo)."""
    products = {p.name: p for p in Product.objects.filter(shop=shop)}
    checkout = services.checkout_place(
        shop=shop,
        items=[(products[name].pk, quantity) for name, quantity in picks.items()],
        details=HOME,
        buyer_ip="203.0.113.50",
        user=customer,
    )
    orders = list(checkout.orders.all())
    steps = [OrderState.PAID, OrderState.IN_FULFILMENT, OrderState.SHIPPED, OrderState.DELIVERED]
    for order in orders:
        for step in steps[: steps.index(OrderState(reached)) + 1]:
            with transaction.atomic():
                services.order_move(actor=None, order=order, target=step)
    placed = checkout.created_at - timedelta(days=days_ago)
    Order.objects.filter(checkout=checkout).update(placed_at=placed)


def _customer(shop: Shop, password: str) -> User:
    """The customer's account at the shop's business, registered there as on its sign-up page
    (bound to the business, so the account is its own)."""
    with tenancy.bound(shop.organisation.tenant):
        customer = identity.user_register(email=CUSTOMER, password=password)
    customer.full_name = "Casey Customer"
    customer.save(update_fields=["full_name"])
    return customer


@transaction.atomic
def seed_shops(*, password: str) -> list[DemoLogin]:
    """Load both shops once (later runs find them, fill in their businesses' details, and
    only list the logins). Every account is its business's; the logins say which."""
    if not Shop.objects.filter(slug=JULIE).exists():
        julie, qmobility = _julie(password), _qmobility(password)
        at_julie, at_qmobility = _customer(julie, password), _customer(qmobility, password)
        _past_order(julie, at_julie, {"Red roses": 1}, 40, OrderState.DELIVERED)
        _past_order(julie, at_julie, {"Spring tulips": 2, "Gift card": 1}, 2, OrderState.PAID)
        picks: dict[str, Any] = {"Commuter bike": 1, "D-lock": 1, "Urban helmet": 1}
        _past_order(qmobility, at_qmobility, picks, 1, OrderState.IN_FULFILMENT)
    else:
        for slug in (JULIE, QMOBILITY):
            _business(slug)
    return [*_julie_logins(password), *_qmobility_logins(password)]


def _julie_logins(password: str) -> list[DemoLogin]:
    return [
        DemoLogin(
            CUSTOMER,
            password,
            "Julie Floral customer with past orders and saved addresses",
            ["/shop/julie-floral/", "/shop/account/"],
            JULIE,
        ),
        DemoLogin(
            "owner@juliefloral.demo",
            password,
            "Julie Floral owner: everything",
            ["/staff/shop/"],
            JULIE,
        ),
        DemoLogin(
            "billing@juliefloral.demo",
            password,
            "Julie Floral billing clerk: amounts, billing address, payment (JF-6)",
            ["/staff/shop/orders/"],
            JULIE,
        ),
        DemoLogin(
            "service@juliefloral.demo",
            password,
            "Julie Floral customer service: contact and order state (JF-6)",
            ["/staff/shop/orders/"],
            JULIE,
        ),
        DemoLogin(
            "florist@juliefloral.demo",
            password,
            "Julie Floral florist: products, shipping manifest",
            ["/staff/shop/"],
            JULIE,
        ),
        DemoLogin(
            "(visitors)",
            "-",
            "Shop as a guest, or without cookies",
            ["/shop/julie-floral/", "/shop/julie-floral/order/"],
            JULIE,
        ),
    ]


def _qmobility_logins(password: str) -> list[DemoLogin]:
    return [
        DemoLogin(
            CUSTOMER,
            password,
            "QMobility customer (the same address: another account) with an order in progress",
            ["/shop/qmobility/", "/shop/account/"],
            QMOBILITY,
        ),
        DemoLogin(
            "owner@qmobility.demo",
            password,
            "QMobility owner: every vendor",
            ["/staff/shop/"],
            QMOBILITY,
        ),
        DemoLogin(
            "manager@pedalworks.demo",
            password,
            "QMobility vendor manager of Pedal Works only",
            ["/staff/shop/"],
            QMOBILITY,
        ),
        DemoLogin(
            "(visitors)",
            "-",
            "Shop as a guest, or without cookies",
            ["/shop/qmobility/", "/shop/qmobility/order/"],
            QMOBILITY,
        ),
    ]
