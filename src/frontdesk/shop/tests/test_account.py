"""The Personal Shopping Account (JF-4, QM-14): a customer sees their own orders and their
status, nothing of anyone else's; the JSON API gives the same."""

from __future__ import annotations

import pytest
from conftest import make_user, signed_in_client
from django.urls import reverse

from frontdesk.shop.tests.conftest import pay, place


@pytest.mark.promise("JF-4", "QM-14")
def test_a_customer_sees_their_orders_and_their_status(market, customer, paydemo):
    # given
    mine = place(market, {"Commuter bike": 1, "Urban helmet": 1}, user=customer)
    pay(mine)
    theirs = place(market, {"City e-scooter": 1}, user=make_user("other@example.test"))
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


def test_someone_elses_order_is_not_found(market, customer):
    # given
    other = place(market, {"City e-scooter": 1}, user=make_user("other@example.test")).orders.get()
    # then
    url = reverse("shop:account_order", kwargs={"order_id": other.pk})
    assert signed_in_client(customer).get(url).status_code == 404


def test_the_order_page_shows_its_history(market, customer, paydemo):
    # given
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


def test_the_account_pages_need_sign_in(client, db):
    response = client.get(reverse("shop:account"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("identity:login"))
