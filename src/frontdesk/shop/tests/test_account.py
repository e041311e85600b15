"""The Personal Shopping Account (JF-4, QM-14): a customer sees their own orders and their
status, nothing of anyone else's; the JSON API gives the same. The account is of one business:
the same address at another business is another account, with its own orders (FD-16)."""

from __future__ import annotations

import pytest
from conftest import host_client, make_user, signed_in_client
from django.urls import reverse

from frontdesk.shop.models import Cart, Product
from frontdesk.shop.tests.conftest import pay, place, shopper


@pytest.mark.promise("JF-4", "QM-14")
def test_a_customer_sees_their_orders_and_their_status(market, paydemo):
    # given
    customer = shopper(market)
    mine = place(market, {"Commuter bike": 1, "Urban helmet": 1}, user=customer)
    pay(mine)
    other = make_user("other@example.test", organisation=market.organisation)
    theirs = place(market, {"City e-scooter": 1}, user=other)
    client = signed_in_client(customer)
    # when
    page = client.get(reverse("shop:account")).content.decode()
    api = client.get("/api/shop/orders").json()
    # then
    for order in mine.orders.all():
        assert order.number in page
    assert "Paid" in page
    assert theirs.orders.get().number not in page
    assert sorted(o["number"] for o in api) == sorted(o.number for o in mine.orders.all())
    assert {o["state"] for o in api} == {"paid"}


def test_someone_elses_order_is_not_found(market):
    # given
    customer = shopper(market)
    someone = make_user("other@example.test", organisation=market.organisation)
    other = place(market, {"City e-scooter": 1}, user=someone).orders.get()
    # then
    url = reverse("shop:account_order", kwargs={"order_id": other.pk})
    assert signed_in_client(customer).get(url).status_code == 404


def test_the_order_page_shows_its_history(market, paydemo):
    # given
    customer = shopper(market)
    checkout = place(market, {"Urban helmet": 1}, user=customer)
    pay(checkout)
    order = checkout.orders.get()
    # when
    page = (
        signed_in_client(customer)
        .get(reverse("shop:account_order", kwargs={"order_id": order.pk}))
        .content.decode()
    )
    # then
    assert "Waiting for payment" in page
    assert "Paid" in page


def test_the_account_pages_need_sign_in(market):
    response = host_client(market.organisation).get(reverse("shop:account"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("identity:login"))


@pytest.mark.promise("FD-16", "QM-14")
def test_the_same_address_at_two_shops_is_two_accounts_with_their_own_orders_and_carts(
    market, florist, paydemo
):
    # given: one address, an account at each business, an order and a cart at each
    at_qmobility, at_julie = shopper(market), shopper(florist)
    assert at_qmobility.pk != at_julie.pk
    bike = place(market, {"Commuter bike": 1}, user=at_qmobility)
    roses = place(florist, {"Red roses": 1}, user=at_julie)
    pay(bike)
    pay(roses)
    qmobility, julie = signed_in_client(at_qmobility), signed_in_client(at_julie)
    helmet = Product.objects.get(shop=market, name="Urban helmet")
    qmobility.post(
        reverse("shop:cart_add", kwargs={"shop_slug": market.slug}),
        {"product_id": helmet.pk, "quantity": 1},
    )
    qmobility.post(
        reverse("shop:basket_save", kwargs={"shop_slug": market.slug}),
        {"vendor_id": helmet.vendor_id},
    )
    # when
    at_q = qmobility.get(reverse("shop:account")).content.decode()
    at_j = julie.get(reverse("shop:account")).content.decode()
    # then: each account sees its own business's orders and baskets only
    assert bike.orders.get().number in at_q
    assert roses.orders.get().number not in at_q
    assert roses.orders.get().number in at_j
    assert bike.orders.get().number not in at_j
    assert "Safe Ride Gear" in at_q
    assert "Safe Ride Gear" not in at_j
    assert [o["number"] for o in julie.get("/api/shop/orders").json()] == [
        roses.orders.get().number
    ]
    assert Cart.objects.filter(user=at_julie).count() == 0
    # and the other business's order is not found from this account
    url = reverse("shop:account_order", kwargs={"order_id": bike.orders.get().pk})
    assert julie.get(url).status_code == 404
