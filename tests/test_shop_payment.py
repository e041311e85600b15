"""Issue 4, acceptance 2, across the shop and payments: a multi-vendor cart is checked out
through the checkout page, paid with a card on Paydemo's own page, and Paydemo's signed webhook
(to the live server, at the business's own address) turns every order paid and sends the
confirmations; afterwards no card number is in any table of Frontdesk's database or in any log
line."""

from __future__ import annotations

import logging
import sqlite3
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from conftest import business, host_client
from django.core import mail
from django.urls import reverse

from frontdesk.shop import services
from frontdesk.shop.models import Checkout, Product
from frontdesk.shop.states import OrderState
from paydemo.config import DEFAULT_API_KEY, DEFAULT_WEBHOOK_SECRET
from paydemo.testing import running_paydemo, submit_card
from tests.stored import raw_cells, stored_text

CARD = "4242424242424242"
SPACED = "4242 4242 4242 4242"
FORM = {
    "contact_name": "Gina Guest",
    "email": "gina@example.test",
    "shipping_name": "Rosa Recipient",
    "shipping_street": "2 Flower Lane",
    "shipping_postcode": "EC1A 1BB",
    "shipping_city": "London",
    "shipping_country": "United Kingdom",
    "billing_same_as_shipping": "on",
}


@pytest.fixture
def paying_site(live_server, tmp_path, settings):
    with running_paydemo(tmp_path) as url:
        settings.SITE_URL = live_server.url  # Paydemo's webhooks come back here
        settings.FRONTDESK_PAYMENT_PROVIDER = "demo"
        settings.FRONTDESK_PAYDEMO_URL = url
        settings.FRONTDESK_PAYDEMO_API_KEY = DEFAULT_API_KEY
        settings.FRONTDESK_PAYDEMO_WEBHOOK_SECRET = DEFAULT_WEBHOOK_SECRET
        yield url


@pytest.fixture
def market(transactional_db):
    organisation = business("QMobility", "qmobility")
    shop = services.shop_create(
        actor=None, organisation=organisation, name="QMobility", slug="qm", order_prefix="QM"
    )
    for vendor_name, name, price in (
        ("Pedal Works", "Commuter bike", "599.00"),
        ("Safe Ride Gear", "Urban helmet", "59.00"),
    ):
        vendor = services.vendor_create(actor=None, shop=shop, name=vendor_name)
        services.product_create(actor=None, vendor=vendor, name=name, price=Decimal(price), stock=5)
    return shop


@pytest.mark.promise("FD-6", "QM-12", "JF-1", "JF-4")
def test_a_multi_vendor_cart_is_paid_on_the_hosted_page_and_no_card_number_is_kept(
    paying_site, market, caplog, live_server, tmp_path
):
    # given: every log record of every logger, from every thread; a cart of two vendors
    caplog.set_level(logging.DEBUG)
    client = host_client(market.organisation)
    for name in ("Commuter bike", "Urban helmet"):
        client.post(
            reverse("shop:cart_add", kwargs={"shop_slug": market.slug}),
            {"product_id": Product.objects.get(name=name).pk, "quantity": 1},
        )
    # when: checked out, and paid on Paydemo's own card page
    answer = client.post(reverse("shop:checkout", kwargs={"shop_slug": market.slug}), FORM)
    assert answer["Location"].startswith(f"{paying_site}/pay/")
    paid = submit_card(answer["Location"], number=SPACED, cvc="987")
    # then: Paydemo's signed webhook reached us before it sent the customer back
    checkout = Checkout.objects.get()
    assert paid.status == 303
    assert paid.location.endswith(f"/shop/qm/checkout/{checkout.public_id}/")
    # (the customer and the webhook both came back to QMobility's own address)
    own = f"http://qmobility.localhost:{urlsplit(live_server.url).port}"
    assert paid.location.startswith(f"{own}/")
    with sqlite3.connect(tmp_path / "paydemo.sqlite3") as db:
        delivered = db.execute("SELECT url, status FROM deliveries").fetchall()
    assert delivered == [(f"{own}/payments/webhooks/demo/", 200)]
    assert checkout.orders.count() == 2
    assert set(checkout.orders.values_list("state", flat=True)) == {OrderState.PAID}
    status = client.get(urlsplit(paid.location).path)
    assert "Payment received" in status.content.decode()
    subjects = sorted(message.subject for message in mail.outbox)
    assert subjects == sorted(f"Order {o.number} confirmed" for o in checkout.orders.all())
    # and: no card number in any column of any table, nor in any log line
    cells = stored_text()
    # (the scan reads the sealed values too: the recipient's street is stored only sealed)
    assert FORM["shipping_street"] in cells
    assert FORM["shipping_street"] not in "".join(raw_cells())
    assert not [cell for cell in cells if CARD in cell or SPACED in cell]
    logged = "\n".join(f"{record.getMessage()} {record.args!r}" for record in caplog.records)
    assert CARD not in logged
    assert SPACED not in logged
