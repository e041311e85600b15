"""The shop's personal data (FD-1, FD-9, FD-10, FD-11, JF-4, JF-7; issue 4 acceptance 3): it is
declared, with the shipping company and the card processor as recipients of exactly what they
get; it appears in the customer's data download; erasure keeps the orders (accounting records)
without identity and deletes addresses, saved baskets and carts; the retention sweep deletes
abandoned carts and blanks old orders."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from conftest import make_user
from django.conf import settings

from frontdesk.core import clock
from frontdesk.core.declarations import Erasure, cookies, personal_data
from frontdesk.payments.privacy import PAYMENT_PROVIDER
from frontdesk.privacy.erasure import account_erase
from frontdesk.privacy.export import export_for
from frontdesk.privacy.retention import retention_sweep
from frontdesk.shop import services
from frontdesk.shop.manifest import MANIFEST_FIELDS
from frontdesk.shop.models import Address, Cart, CartLine, Order, OrderLine, SavedBasket
from frontdesk.shop.privacy import SHIPPING_COMPANY
from frontdesk.shop.tests.conftest import GUEST, place, product, vendor


@pytest.fixture
def shopper(market):
    """A customer with an order, saved addresses, a saved basket and a cart."""
    customer = make_user(
        "casey@example.test", full_name="Casey Customer", organisation=market.organisation
    )
    place(market, {"Commuter bike": 1}, user=customer)
    cart = services.cart_obtain(shop=market, user=customer)
    services.cart_add(cart=cart, product=product(market, "Urban helmet"))
    services.cart_add(cart=cart, product=product(market, "City e-scooter"))
    services.basket_save(actor=customer, cart=cart, vendor=vendor(market, "Urban Scooters"))
    return customer


def _section(export: dict[str, Any], model: str) -> dict[str, Any]:
    return next(section for section in export["sections"] if section["model"] == model)


@pytest.mark.promise("FD-1", "JF-4", "QM-1")
def test_the_recipients_get_exactly_what_is_declared():
    # given
    shipping = {
        name
        for item in personal_data()
        if item.model == "shop.Order" and SHIPPING_COMPANY in item.recipients
        for name in item.fields
    }
    payment = {
        name
        for item in personal_data()
        if item.model == "shop.Order" and PAYMENT_PROVIDER in item.recipients
        for name in item.fields
    }
    # then: the manifest's personal columns are the shipping company's declared fields
    personal_columns = {"recipient_name", "street", "postcode", "city", "country", "phone"}
    assert personal_columns < set(MANIFEST_FIELDS)
    assert {f"shipping_{c}" for c in ("street", "postcode", "city", "country", "phone")} | {
        "shipping_name"
    } == shipping
    # and: the card processor gets the e-mail address (for its receipt), no more
    assert payment == {"email"}


@pytest.mark.promise("FD-1", "JF-2")
def test_the_cart_cookie_is_declared():
    [cart_cookie] = [c for c in cookies() if c.name == settings.FRONTDESK_CART_COOKIE_NAME]
    assert "30 days" in cart_cookie.lifetime
    assert "not in the cookie" in cart_cookie.purpose


@pytest.mark.promise("FD-9", "IN-21")
def test_the_data_download_holds_the_shop_data(shopper):
    # when
    export = export_for(shopper)
    # then: the order with its contact and addresses and IP
    [order] = _section(export, "shop.Order")["rows"]
    assert order["email"] == GUEST.email
    assert order["shipping_street"] == GUEST.shipping_street
    assert order["billing_street"] == GUEST.billing_street
    assert order["buyer_ip"] == "198.51.100.23"
    assert "placed_at" in order
    # and: the saved addresses, the saved basket and the cart
    streets = {row["street"] for row in _section(export, "shop.Address")["rows"]}
    assert streets == {GUEST.shipping_street, GUEST.billing_street}
    assert _section(export, "shop.SavedBasket")["rows"][0]["vendor"] == "Urban Scooters"
    assert _section(export, "shop.SavedBasketLine")["rows"][0]["product"] == "City e-scooter"
    assert _section(export, "shop.CartLine")["rows"][0]["product"] == "Urban helmet"
    declared = _section(export, "shop.Order")["declarations"]
    assert {d["erasure"] for d in declared} == {str(Erasure.KEEP_WITHOUT_IDENTITY)}


@pytest.mark.promise("FD-9", "FD-16")
def test_the_data_download_holds_only_this_businesss_shop_data(shopper, florist):
    # given: the same address is an account at Julie Floral too, with an order there
    at_julie = make_user(shopper.email, organisation=florist.organisation)
    place(florist, {"Red roses": 1}, user=at_julie)
    qm_order, julie_order = Order.objects.get(user=shopper), Order.objects.get(user=at_julie)
    # when
    export = export_for(shopper)
    # then: QMobility's download holds QMobility's order alone, Julie's hers alone
    assert [row["id"] for row in _section(export, "shop.Order")["rows"]] == [qm_order.pk]
    julie = _section(export_for(at_julie), "shop.Order")["rows"]
    assert [row["id"] for row in julie] == [julie_order.pk]


@pytest.mark.promise("FD-11", "JF-7")
def test_erasure_keeps_the_orders_without_identity_and_deletes_the_rest(shopper):
    # given
    order = Order.objects.get(user=shopper)
    # when
    report = account_erase(actor=None, user=shopper)
    # then: the order stays, as an accounting record, with nothing that says who
    order.refresh_from_db()
    assert order.user_id is None
    for name in (
        "contact_name",
        "email",
        "phone",
        "shipping_name",
        "shipping_street",
        "shipping_phone",
        "billing_name",
        "billing_street",
        "billing_city",
    ):
        assert getattr(order, name) == "", name
    assert order.buyer_ip is None
    assert (order.number, str(order.total), order.state) == (
        "QM-000001",
        "599.00",
        "pending_payment",
    )
    assert OrderLine.objects.filter(order=order).count() == 1
    # and: the addresses, the saved basket and the cart are gone
    assert not Address.objects.exists()
    assert not SavedBasket.objects.exists()
    assert not Cart.objects.filter(user_id=shopper.pk).exists()
    assert not CartLine.objects.exists()
    assert report.anonymised["shop.Order"] == 1
    assert report.deleted["shop.Address"] == 2


@pytest.mark.promise("FD-10", "JF-7")
def test_the_sweep_deletes_abandoned_carts_and_blanks_old_orders(market):
    # given: a guest cart with details, and a guest order
    cart = services.cart_obtain(shop=market, token="s" * 32)
    services.cart_add(cart=cart, product=product(market, "Urban helmet"))
    services.cart_details_save(cart=cart, details=GUEST)
    order = place(market, {"Commuter bike": 1}).orders.get()
    # when: 29 days on, nothing goes
    retention_sweep(now=clock.now() + timedelta(days=29))
    assert Cart.objects.filter(pk=cart.pk).exists()
    # when: 31 days on, the cart (and its details) go; the order stays whole
    retention_sweep(now=clock.now() + timedelta(days=31))
    assert not Cart.objects.filter(pk=cart.pk).exists()
    order.refresh_from_db()
    assert order.email == GUEST.email
    # when: past the ten years of accounting records, the order loses its personal fields
    retention_sweep(now=clock.now() + timedelta(days=3651))
    order.refresh_from_db()
    assert (order.email, order.shipping_street, order.buyer_ip) == ("", "", None)
    assert order.number == "QM-000001"
