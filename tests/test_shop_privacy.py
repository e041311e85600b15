"""QL-3 for the shop: an anonymised development copy keeps the orders (their numbers, totals and
lines) but no customer's name, address, phone, e-mail or IP; carts and saved baskets do not
leave production at all."""

from __future__ import annotations

import sqlite3
from decimal import Decimal

import pytest
from conftest import make_user

from frontdesk.access import services as access
from frontdesk.shop import services
from frontdesk.shop.details import OrderDetails
from frontdesk.shop.models import Product
from tests.test_anonymised_copy import _all_text, _frontdesk, _this_database_url

PLANTED = OrderDetails(
    contact_name="Philippa Plantedperson",
    email="philippa.planted@example.test",
    phone="+44 20 7946 0999",
    shipping_name="Rupert Recipientplanted",
    shipping_street="77 Plantedseed Avenue",
    shipping_postcode="PL4 7ED",
    shipping_city="Plantingham",
    shipping_country="United Kingdom",
    shipping_phone="+44 20 7946 0888",
    billing_name="Philippa Plantedperson",
    billing_street="99 Invoiceplanted Road",
    billing_postcode="IN9 9VC",
    billing_city="Billingham",
    billing_country="United Kingdom",
)
SECRETS = [
    "Philippa Plantedperson",
    "philippa.planted@example.test",
    "7946 0999",
    "Rupert Recipientplanted",
    "77 Plantedseed Avenue",
    "7946 0888",
    "99 Invoiceplanted Road",
    "203.0.113.99",
]


@pytest.mark.promise("QL-3")
@pytest.mark.django_db(transaction=True)
def test_the_copy_keeps_the_orders_but_no_customer(tmp_path):
    # given: an account's order, with addresses kept, and a guest's cart holding typed details
    organisation = access.organisation_create(name="Julie Floral", slug="julie")
    shop = services.shop_create(
        actor=None, organisation=organisation, name="Julie Floral", slug="julie", order_prefix="JF"
    )
    vendor = services.vendor_create(actor=None, shop=shop, name="Julie Floral")
    services.product_create(actor=None, vendor=vendor, name="Roses", price=Decimal(39), stock=9)
    roses = Product.objects.get()
    buyer = make_user("philippa.planted@example.test")
    services.checkout_place(
        shop=shop, items=[(roses.pk, 1)], details=PLANTED, buyer_ip="203.0.113.99", user=buyer
    )
    cart = services.cart_obtain(shop=shop, token="p" * 32)
    services.cart_add(cart=cart, product=roses)
    services.cart_details_save(cart=cart, details=PLANTED)
    target = tmp_path / "dev.sqlite3"
    # when
    made = _frontdesk("privacy", "anonymised-copy", str(target), database_url=_this_database_url())
    # then
    assert made.returncode == 0, made.stderr
    text = _all_text(target)
    for secret in SECRETS:
        assert secret not in text, secret
    copy = sqlite3.connect(target)
    assert copy.execute("SELECT number FROM shop_order").fetchall() == [("JF-000001",)]
    assert copy.execute("SELECT count(*) FROM shop_orderline").fetchone()[0] == 1
    assert copy.execute("SELECT count(*) FROM shop_cart").fetchone()[0] == 0
    assert copy.execute("SELECT count(*) FROM shop_address").fetchone()[0] == 2
    copy.close()
