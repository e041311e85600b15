"""The one-page order form for visitors who refuse cookies (JF-2, QM-14): the items travel in
the form itself, the order is placed with no cookie at all, nothing is remembered; forged or
stale posts are refused."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from conftest import host_client, host_of
from django.test import Client
from django.urls import reverse

from frontdesk.core import clock
from frontdesk.shop.models import Cart, Checkout, Order
from frontdesk.shop.tests.conftest import GUEST_FORM, product


def _cookieless(shop) -> Client:
    """A browser that refuses cookies, on the shop's business's host: whatever the server sets,
    nothing is sent back; and Django's CSRF checks are on, as in a real browser."""
    return host_client(shop.organisation, enforce_csrf_checks=True, REMOTE_ADDR="198.51.100.9")


def _url(shop) -> str:
    return reverse("shop:order_form", kwargs={"shop_slug": shop.slug})


def _form(client: Client, shop) -> tuple[str, dict[str, str]]:
    response = client.get(_url(shop))
    assert response.status_code == 200
    assert not response.cookies  # showing the form sets no cookie
    token = re.search(r'name="form_token" value="([^"]+)"', response.content.decode())
    assert token is not None
    return response.content.decode(), {"form_token": token.group(1), **GUEST_FORM}


def _post(client: Client, shop, data: dict[str, str], **headers: Any):
    response = client.post(_url(shop), data, **headers)
    client.cookies.clear()  # the browser keeps none
    return response


@pytest.mark.promise("JF-2", "QM-14")
def test_with_cookies_refused_the_order_form_places_an_order(market, paydemo):
    # given
    client = _cookieless(market)
    page, data = _form(client, market)
    assert "Commuter bike" in page
    # when: the chosen items are in the form itself
    data |= {
        f"qty_{product(market, 'Commuter bike').pk}": "1",
        f"qty_{product(market, 'Urban helmet').pk}": "2",
    }
    response = _post(client, market, data, HTTP_ORIGIN=f"http://{host_of(market.organisation)}")
    # then: placed (one order per vendor) and sent to the payment page, without any cookie
    assert response.status_code == 302
    assert response["Location"].startswith(paydemo)
    assert not response.cookies
    checkout = Checkout.objects.get()
    assert checkout.orders.count() == 2
    assert set(checkout.orders.values_list("buyer_ip", flat=True)) == {"198.51.100.9"}
    # and: nothing is remembered: no cart, no account link
    assert Cart.objects.count() == 0
    assert checkout.cart_id is None
    assert not Order.objects.exclude(user=None).exists()


@pytest.mark.promise("QL-5", "FD-8")
def test_a_post_from_another_site_is_refused(market):
    # given
    client = _cookieless(market)
    _, data = _form(client, market)
    data[f"qty_{product(market, 'Urban helmet').pk}"] = "1"
    # when
    response = _post(client, market, data, HTTP_ORIGIN="https://evil.example")
    cross_site = _post(client, market, data, HTTP_SEC_FETCH_SITE="cross-site")
    # then
    assert (response.status_code, cross_site.status_code) == (403, 403)
    assert not Order.objects.exists()


@pytest.mark.promise("QL-5", "FD-8")
def test_a_missing_forged_or_stale_form_token_is_refused(market, florist):
    # given
    client = _cookieless(market)
    _, data = _form(client, market)
    data[f"qty_{product(market, 'Urban helmet').pk}"] = "1"
    _, florist_data = _form(_cookieless(florist), florist)
    # when
    missing = _post(client, market, {**data, "form_token": ""})
    forged = _post(client, market, {**data, "form_token": data["form_token"] + "x"})
    other_shop = _post(client, market, {**data, "form_token": florist_data["form_token"]})
    with time_machine.travel(clock.now() + timedelta(hours=3)):
        stale = _post(client, market, data)
    # then
    statuses = {r.status_code for r in (missing, forged, other_shop, stale)}
    assert statuses == {400}
    assert "too old or was not made by this shop" in stale.content.decode()
    assert not Order.objects.exists()


@pytest.mark.promise("FD-8")
def test_sending_the_same_form_twice_places_one_order(market, paydemo):
    # given
    client = _cookieless(market)
    _, data = _form(client, market)
    data[f"qty_{product(market, 'Urban helmet').pk}"] = "1"
    # when
    first = _post(client, market, data)
    again = _post(client, market, data)
    # then: the second shows the first one's status
    checkout = Checkout.objects.get()
    assert first.status_code == 302
    assert again["Location"].endswith(f"/checkout/{checkout.public_id}/")
    assert Order.objects.count() == 1


@pytest.mark.promise("FD-8", "JF-1")
def test_bad_input_gets_clear_errors_and_places_nothing(market):
    # given
    client = _cookieless(market)
    _, data = _form(client, market)
    # when: nothing chosen; then a bad quantity; then no delivery address
    nothing = _post(client, market, data)
    bad = _post(client, market, {**data, f"qty_{product(market, 'Urban helmet').pk}": "-1"})
    no_address = _post(
        client,
        market,
        {**data, f"qty_{product(market, 'Urban helmet').pk}": "1", "shipping_street": ""},
    )
    # then
    assert "choose at least one product" in nothing.content.decode()
    assert "whole numbers from 0 to 99" in bad.content.decode()
    assert "Enter the street and number." in no_address.content.decode()
    assert {nothing.status_code, bad.status_code, no_address.status_code} == {400}
    assert not Order.objects.exists()
    assert product(market, "Urban helmet").stock == 5
