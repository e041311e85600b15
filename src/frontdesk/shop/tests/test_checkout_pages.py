"""The checkout pages (JF-1, JF-5, FD-6): the form asks only what the order needs and is
pre-filled from what was kept; the customer is sent to the provider's hosted page (the CSP lets
this one form lead there); back from it, the page says "waiting for confirmation" until the
signed webhook, then "payment received"."""

from __future__ import annotations

import sqlite3

import pytest
from conftest import host_client, signed_in_client
from django.test import Client
from django.urls import reverse

from frontdesk.shop import services
from frontdesk.shop.models import Checkout
from frontdesk.shop.tests.conftest import GUEST, GUEST_FORM, place, product, shopper, webhook


def _add(client: Client, shop, name: str) -> None:
    client.post(
        reverse("shop:cart_add", kwargs={"shop_slug": shop.slug}),
        {"product_id": product(shop, name).pk, "quantity": 1},
    )


def _checkout_url(shop) -> str:
    return reverse("shop:checkout", kwargs={"shop_slug": shop.slug})


@pytest.mark.promise("QM-12", "JF-1")
def test_a_gift_card_alone_asks_no_delivery_address(florist):
    # given
    client = host_client(florist.organisation)
    _add(client, florist, "Gift card")
    # when
    page = client.get(_checkout_url(florist)).content.decode()
    # then
    assert 'name="contact_name"' in page
    assert 'name="billing_street"' in page
    assert 'name="shipping_street"' not in page
    assert "card number" in page.lower()  # ... never reaches the shop (JF-5)
    assert 'name="number"' not in page
    assert 'name="cvc"' not in page


@pytest.mark.promise("JF-1")
def test_flowers_ask_the_delivery_address(florist):
    client = host_client(florist.organisation)
    _add(client, florist, "Red roses")
    page = client.get(_checkout_url(florist)).content.decode()
    assert 'name="shipping_street"' in page


@pytest.mark.promise("FD-6")
def test_checking_out_sends_the_customer_to_the_providers_page(florist, paydemo):
    # given
    client = host_client(florist.organisation)
    _add(client, florist, "Red roses")
    # when
    form = client.get(_checkout_url(florist))
    response = client.post(_checkout_url(florist), GUEST_FORM)
    # then
    assert paydemo in form["Content-Security-Policy"]  # form-action: the redirect may go there
    assert response.status_code == 302
    assert response["Location"].startswith(f"{paydemo}/pay/")
    checkout = Checkout.objects.get()
    assert checkout.orders.get().buyer_ip == "127.0.0.1"


@pytest.mark.promise("FD-6", "FD-16")
def test_the_provider_returns_the_customer_and_its_webhooks_to_the_businesss_own_address(
    florist, paydemo, tmp_path, settings
):
    # given: the site's scheme and port, and a cart at Julie Floral
    settings.SITE_URL = "http://127.0.0.1:8100"
    client = host_client(florist.organisation)
    _add(client, florist, "Red roses")
    # when
    client.post(_checkout_url(florist), GUEST_FORM)
    # then: Paydemo was told Julie Floral's own address for all three
    with sqlite3.connect(tmp_path / "paydemo.sqlite3") as db:
        [urls] = db.execute("SELECT success_url, cancel_url, webhook_url FROM sessions").fetchall()
    public_id = Checkout.objects.get().public_id
    assert urls == (
        f"http://julie.localhost:8100/shop/julie/checkout/{public_id}/",
        f"http://julie.localhost:8100/shop/julie/checkout/{public_id}/cancelled",
        "http://julie.localhost:8100/payments/webhooks/demo/",
    )


def test_bad_details_are_named_and_place_nothing(florist):
    client = host_client(florist.organisation)
    _add(client, florist, "Red roses")
    response = client.post(_checkout_url(florist), {**GUEST_FORM, "email": "nope"})
    assert response.status_code == 400
    assert "Enter a valid e-mail address" in response.content.decode()
    assert not Checkout.objects.exists()


def test_an_empty_cart_has_no_checkout(florist):
    client = host_client(florist.organisation)
    response = client.get(_checkout_url(florist))
    assert response.status_code == 302
    assert response["Location"] == reverse("shop:cart", kwargs={"shop_slug": florist.slug})


@pytest.mark.promise("JF-2")
def test_an_accounts_order_form_is_prefilled_from_its_last_order(florist):
    # given: an earlier order
    customer = shopper(florist)
    place(florist, {"Red roses": 1}, user=customer)
    client = signed_in_client(customer)
    _add(client, florist, "Red roses")
    # when
    page = client.get(_checkout_url(florist)).content.decode()
    # then
    assert f'value="{GUEST.shipping_street}"' in page
    assert f'value="{GUEST.billing_street}"' in page
    assert f'value="{customer.email}"' in page


@pytest.mark.promise("FD-6")
def test_the_status_page_waits_for_the_webhook(florist, paydemo):
    # given
    client = host_client(florist.organisation)
    checkout = place(florist, {"Red roses": 1})
    services.checkout_pay(
        actor=None, checkout=checkout, success_url="http://x/ok", cancel_url="http://x/no"
    )
    url = reverse(
        "shop:checkout_status", kwargs={"shop_slug": florist.slug, "public_id": checkout.public_id}
    )
    # then: back from the provider before its webhook
    assert "Waiting for confirmation" in client.get(url).content.decode()
    # when: the signed webhook arrives
    payment = services.checkout_payment(checkout)
    assert payment is not None
    webhook(payment)
    # then
    assert "Payment received" in client.get(url).content.decode()


def test_checkouts_are_found_by_their_opaque_id_only(florist):
    client = host_client(florist.organisation)
    checkout = place(florist, {"Red roses": 1})
    assert len(checkout.public_id) >= 32
    assert client.get(f"/shop/{florist.slug}/checkout/{checkout.pk}/").status_code == 404
    wrong = "x" * 32
    assert client.get(f"/shop/{florist.slug}/checkout/{wrong}/").status_code == 404
