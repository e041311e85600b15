"""Shop fixtures on top of the root conftest (organisation, owner, outsider, customer, fresh
cache, tasks at once): a one-vendor florist and a three-vendor marketplace, each its own
business on its own host (`julie.localhost`, `qmobility.localhost`), its staff members with
chosen capabilities on a vendor or the business and its customers (`shopper`), Paydemo running
for the payment provider, and helpers that place and pay orders the real way (the checkout
service, the payments service, a signed provider webhook)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from conftest import business, make_user

from frontdesk.access import services as access
from frontdesk.access.models import Organisation
from frontdesk.access.scopes import ORGANISATION, Scope
from frontdesk.identity.models import User
from frontdesk.payments import services as payments
from frontdesk.payments.models import Payment
from frontdesk.payments.tests.conftest import demo_signature
from frontdesk.shop import services
from frontdesk.shop.details import OrderDetails
from frontdesk.shop.models import VENDOR, Checkout, Product, Shop, Vendor
from paydemo.config import DEFAULT_API_KEY, DEFAULT_WEBHOOK_SECRET
from paydemo.testing import running_paydemo

GUEST = OrderDetails(
    contact_name="Gina Guest",
    email="gina@example.test",
    phone="+44 20 7946 0101",
    shipping_name="Rosa Recipient",
    shipping_street="2 Flower Lane",
    shipping_postcode="EC1A 1BB",
    shipping_city="London",
    shipping_country="United Kingdom",
    shipping_phone="+44 20 7946 0202",
    billing_name="Gina Guest",
    billing_street="9 Bill Road",
    billing_postcode="SW1A 2AA",
    billing_city="London",
    billing_country="United Kingdom",
)
# The same details as a form post (what the checkout page and the order form send).
GUEST_FORM = {**GUEST.model_fields(), "billing_same_as_shipping": ""}


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    """Product photos of each test go to its own folder, never into var/."""
    settings.FRONTDESK_MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def florist(db) -> Shop:
    """Julie Floral: one vendor (the florist), shipped flowers and a gift card sent by e-mail."""
    organisation = business("Julie Floral", "julie")
    shop = services.shop_create(
        actor=None, organisation=organisation, name="Julie Floral", slug="julie", order_prefix="JF"
    )
    vendor = services.vendor_create(actor=None, shop=shop, name="Julie Floral")
    services.product_create(
        actor=None,
        vendor=vendor,
        name="Red roses",
        price=Decimal("39.00"),
        stock=10,
        weight_grams=900,
    )
    services.product_create(
        actor=None,
        vendor=vendor,
        name="Gift card",
        price=Decimal("25.00"),
        stock=100,
        is_physical=False,
    )
    return shop


@pytest.fixture
def market(db) -> Shop:
    """QMobility: three vendors, one product each."""
    organisation = business("QMobility", "qmobility")
    shop = services.shop_create(
        actor=None, organisation=organisation, name="QMobility", slug="qm", order_prefix="QM"
    )
    for vendor_name, product, price, grams in (
        ("Urban Scooters", "City e-scooter", "449.00", 14000),
        ("Pedal Works", "Commuter bike", "599.00", 13000),
        ("Safe Ride Gear", "Urban helmet", "59.00", 450),
    ):
        vendor = services.vendor_create(actor=None, shop=shop, name=vendor_name)
        services.product_create(
            actor=None,
            vendor=vendor,
            name=product,
            price=Decimal(price),
            stock=5,
            weight_grams=grams,
        )
    return shop


def product(shop: Shop, name: str) -> Product:
    return Product.objects.select_related("vendor__shop", "shop").get(shop=shop, name=name)


def vendor(shop: Shop, name: str) -> Vendor:
    return Vendor.objects.select_related("shop").get(shop=shop, name=name)


def shopper(shop: Shop, email: str = "casey@example.test", **extra: Any) -> User:
    """A customer account at the shop's business (the same address at another business is
    another account)."""
    extra.setdefault("full_name", "Casey Customer")
    return make_user(email, organisation=shop.organisation, **extra)


MakeMember = Callable[..., User]


@pytest.fixture
def make_member() -> MakeMember:
    """make_member(capabilities, on=<vendor | organisation>) → a staff user of that business
    holding them."""
    counter = iter(range(1, 1000))

    def make(capabilities: list[str], *, on: Any) -> User:
        n = next(counter)
        if isinstance(on, Vendor):
            organisation, scope = on.shop.organisation, Scope(VENDOR, on.pk)
        else:
            organisation, scope = on, Scope(ORGANISATION, on.pk)
        assert isinstance(organisation, Organisation)
        user = make_user(
            f"shopstaff{n}@shop.test",
            staff=True,
            full_name=f"Staff {n}",
            organisation=organisation,
        )
        role = access.role_create(
            actor=None, organisation=organisation, name=f"Shop role {n}", capabilities=capabilities
        )
        access.grant_add(actor=None, user=user, role=role, scope=scope)
        return user

    return make


def place(
    shop: Shop,
    picks: dict[str, int],
    *,
    user: Any = None,
    details: OrderDetails = GUEST,
    ip: str = "198.51.100.23",
    cart: Any = None,
) -> Checkout:
    """Place a checkout of `picks` (product name → quantity) through the service."""
    return services.checkout_place(
        shop=shop,
        items=[(product(shop, name).pk, quantity) for name, quantity in picks.items()],
        details=details,
        buyer_ip=ip,
        user=user,
        cart=cart,
    )


@pytest.fixture
def paydemo(tmp_path, settings):
    """Paydemo (the demo payment provider) on a free port; Frontdesk's provider points at it.
    Its webhooks go to the shop's business's own address, which no test server answers here:
    tests deliver the signed webhook themselves with `webhook` (see also
    tests/test_shop_payment.py for the live one)."""
    with running_paydemo(tmp_path) as url:
        settings.FRONTDESK_PAYMENT_PROVIDER = "demo"
        settings.FRONTDESK_PAYDEMO_URL = url
        settings.FRONTDESK_PAYDEMO_API_KEY = DEFAULT_API_KEY
        settings.FRONTDESK_PAYDEMO_WEBHOOK_SECRET = DEFAULT_WEBHOOK_SECRET
        yield url


def start_payment(checkout: Checkout) -> Payment:
    """Open the hosted payment page for the checkout (over HTTP, at Paydemo)."""
    services.checkout_pay(
        actor=None,
        checkout=checkout,
        success_url="http://testserver/done",
        cancel_url="http://testserver/cancelled",
    )
    payment = services.checkout_payment(checkout)
    assert payment is not None
    return payment


def webhook(payment: Payment, kind: str = "paid", *, event_id: str = "", secret: str = "") -> str:
    """Deliver the provider's signed webhook about `payment` to the payments service (as its
    view does); the receipt's outcome."""
    body = json.dumps(
        {
            "id": event_id or f"evt_{kind}_{payment.pk}",
            "kind": kind,
            "created": int(time.time()),
            "session_id": payment.session_id,
            "reference": payment.reference,
            "amount_minor": int(payment.amount * 100),
            "currency": payment.currency,
        }
    ).encode()
    header = demo_signature(body, secret=secret or DEFAULT_WEBHOOK_SECRET)
    return payments.webhook_receive(
        provider="demo", body=body, headers={"Paydemo-Signature": header}
    )


def pay(checkout: Checkout) -> Payment:
    """Start the payment and confirm it by the provider's signed webhook."""
    payment = start_payment(checkout)
    assert webhook(payment) == "applied"
    payment.refresh_from_db()
    return payment
