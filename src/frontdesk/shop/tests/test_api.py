"""The shop's JSON API: the catalogue is public; the cart is the visitor's own (same cookie as
the pages, changed only with the session's CSRF token); staff lists follow grants and jobs."""

from __future__ import annotations

import pytest
from conftest import host_client, signed_in_client
from django.conf import settings

from frontdesk.access import capabilities as caps
from frontdesk.shop.tests.conftest import pay, place, product, vendor


def test_the_catalogue_is_public(market):
    client = host_client(market.organisation)
    products = client.get(f"/api/shop/{market.slug}/products").json()
    assert {p["name"] for p in products} == {"City e-scooter", "Commuter bike", "Urban helmet"}
    bike = client.get(f"/api/shop/{market.slug}/products/commuter-bike").json()
    assert (bike["price"], bike["currency"], bike["vendor"]) == ("599.00", "EUR", "Pedal Works")
    assert client.get(f"/api/shop/{market.slug}/products/nothing").status_code == 404


@pytest.mark.promise("QL-5", "JF-2")
def test_the_cart_api_needs_the_csrf_token_and_shares_the_pages_cookie(market):
    # given: a visitor whose session holds a CSRF token (from any page with a form)
    client = host_client(market.organisation, enforce_csrf_checks=True)
    page = client.get(f"/shop/{market.slug}/p/urban-helmet/").content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    url = f"/api/shop/{market.slug}/cart/lines"
    body = {"product_id": product(market, "Urban helmet").pk, "quantity": 2}
    # when: without the token
    refused = client.post(url, body, content_type="application/json")
    # then
    assert refused.status_code == 403
    assert settings.FRONTDESK_CART_COOKIE_NAME not in refused.cookies
    # when: with it
    added = client.post(url, body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    # then: the cart cookie is set and the pages see the same cart
    assert added.status_code == 200
    assert added.json()["count"] == 2
    assert settings.FRONTDESK_CART_COOKIE_NAME in added.cookies
    assert client.get(f"/api/shop/{market.slug}/cart").json()["baskets"][0]["vendor"] == (
        "Safe Ride Gear"
    )


def test_adding_more_than_the_stock_through_the_api_is_refused(market):
    client = host_client(market.organisation)
    url = f"/api/shop/{market.slug}/cart/lines"
    body = {"product_id": product(market, "Urban helmet").pk, "quantity": 6}
    answer = client.post(url, body, content_type="application/json")
    assert answer.status_code == 409
    assert "Only 5" in answer.json()["detail"]


@pytest.mark.promise("JF-6", "QL-15")
def test_the_staff_list_follows_grants_and_shows_amounts_to_billing_only(
    market, paydemo, make_member
):
    # given
    checkout = place(market, {"City e-scooter": 1, "Commuter bike": 1})
    pay(checkout)
    service = make_member([caps.SHOP_ORDERS_SERVICE], on=vendor(market, "Pedal Works"))
    clerk = make_member([caps.SHOP_ORDERS_BILLING], on=market.organisation)
    # when
    by_service = signed_in_client(service).get("/api/shop/staff/orders").json()
    by_clerk = signed_in_client(clerk).get("/api/shop/staff/orders?state=paid").json()
    # then
    assert [o["vendor"] for o in by_service] == ["Pedal Works"]
    assert by_service[0]["total"] is None
    assert sorted(o["total"] for o in by_clerk) == ["449.00", "599.00"]


def test_a_token_without_the_shop_scope_reads_no_orders(market, make_member):
    from frontdesk.identity import services as identity

    client = host_client(market.organisation)
    clerk = make_member([caps.SHOP_ORDERS_BILLING], on=market.organisation)
    _, token = identity.apitoken_create(actor=clerk, user=clerk, name="x", scopes=["queues:read"])
    answer = client.get("/api/shop/staff/orders", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert answer.status_code == 403


def test_the_catalogue_of_another_business_is_not_found_on_this_ones_host(market, florist):
    # when: QMobility's catalogue asked for on Julie Floral's host
    julie = host_client(florist.organisation)
    # then
    assert julie.get(f"/api/shop/{market.slug}/products").status_code == 404
    assert julie.get(f"/api/shop/{market.slug}/products/commuter-bike").status_code == 404
    assert julie.get(f"/api/shop/{market.slug}/cart").status_code == 404
