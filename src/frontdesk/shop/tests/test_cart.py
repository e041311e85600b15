"""The lasting cart (JF-2, QM-14): kept on the server under an opaque id in a signed cookie that
lasts FRONTDESK_CART_DAYS; set only by the first add; merged into the account's cart at
sign-in; vendor baskets saved for later in the Personal Shopping Account."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from conftest import host_client, make_user, signed_in_client
from django.conf import settings
from django.test import Client
from django.urls import reverse

from frontdesk.audit.models import AuditEvent
from frontdesk.core import clock
from frontdesk.shop import services
from frontdesk.shop.errors import OutOfStockError, ShopError
from frontdesk.shop.models import Address, Cart, CartLine, SavedBasket
from frontdesk.shop.tests.conftest import GUEST_FORM, product, shopper, vendor

COOKIE = settings.FRONTDESK_CART_COOKIE_NAME


def _add(client: Client, shop, name: str, quantity: int = 1):
    return client.post(
        reverse("shop:cart_add", kwargs={"shop_slug": shop.slug}),
        {"product_id": product(shop, name).pk, "quantity": quantity},
    )


def _line(shop, name: str) -> str:
    """The quantity field of a product's line in the cart page."""
    return f'id="qty-{product(shop, name).pk}"'


def _cart_page(client: Client, shop) -> str:
    return client.get(reverse("shop:cart", kwargs={"shop_slug": shop.slug})).content.decode()


@pytest.mark.promise("JF-2", "QM-14", "FD-1")
def test_browsing_sets_no_cart_cookie_and_the_first_add_does(market):
    client = host_client(market.organisation)
    # when: a visitor looks around
    pages = [
        reverse("shop:home", kwargs={"shop_slug": market.slug}),
        reverse("shop:product", kwargs={"shop_slug": market.slug, "product_slug": "urban-helmet"}),
        reverse("shop:cart", kwargs={"shop_slug": market.slug}),
    ]
    seen = set()
    for page in pages:
        seen |= set(client.get(page).cookies)
    # then: no cart cookie, no cart
    assert COOKIE not in seen
    assert Cart.objects.count() == 0
    # when: they add something
    response = _add(client, market, "Urban helmet")
    # then: the cookie is set, signed, lasting, out of scripts' reach, not sent cross-site
    cookie = response.cookies[COOKIE]
    assert response.status_code == 302
    assert cookie["max-age"] == settings.FRONTDESK_CART_DAYS * 24 * 3600 == 30 * 24 * 3600
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/"
    token = Cart.objects.get().token
    assert cookie.value.startswith(f"{token}:")  # the id, then its signature
    assert "Helmet" not in cookie.value  # nothing of the cart itself


@pytest.mark.promise("JF-2", "QM-14")
def test_a_visitor_who_comes_back_finds_the_same_cart(market):
    # given: a visitor added two things, then closed the browser (the session cookie is gone)
    first = host_client(market.organisation)
    _add(first, market, "Urban helmet", 2)
    _add(first, market, "Commuter bike")
    cart_cookie = first.cookies[COOKIE].value
    # when: they come back days later with only the cart cookie
    later = host_client(market.organisation)
    later.cookies[COOKIE] = cart_cookie
    with time_machine.travel(clock.now() + timedelta(days=20)):
        page = _cart_page(later, market)
    # then
    assert _line(market, "Urban helmet") in page
    assert _line(market, "Commuter bike") in page
    assert 'value="2"' in page


@pytest.mark.promise("JF-2")
def test_a_forged_or_too_old_cart_cookie_finds_nothing(market):
    # given
    first = host_client(market.organisation)
    _add(first, market, "Urban helmet")
    token = str(Cart.objects.get().token)
    # when: the id is sent unsigned, or the signed cookie is older than the cart's lifetime
    forged, stale = host_client(market.organisation), host_client(market.organisation)
    forged.cookies[COOKIE] = token
    stale.cookies[COOKIE] = first.cookies[COOKIE].value
    # then
    assert _line(market, "Urban helmet") not in _cart_page(forged, market)
    with time_machine.travel(clock.now() + timedelta(days=31)):
        assert _line(market, "Urban helmet") not in _cart_page(stale, market)


@pytest.mark.promise("QM-14")
def test_the_cart_is_grouped_in_vendor_baskets(market):
    # given
    client = host_client(market.organisation)
    for name in ("City e-scooter", "Commuter bike", "Urban helmet"):
        _add(client, market, name)
    # when
    page = _cart_page(client, market)
    # then: one basket per vendor, in name order
    headings = [page.index(name) for name in ("Pedal Works", "Safe Ride Gear", "Urban Scooters")]
    assert headings == sorted(headings)
    assert page.count('class="card basket"') == 3


@pytest.mark.promise("FD-8")
def test_adding_more_than_is_in_stock_is_refused_and_changes_nothing(market):
    # given
    cart = services.cart_obtain(shop=market, token="a" * 32)
    helmet = product(market, "Urban helmet")
    services.cart_add(cart=cart, product=helmet, quantity=4)
    # when
    with pytest.raises(OutOfStockError, match="Only 5"):
        services.cart_add(cart=cart, product=helmet, quantity=2)
    # then
    assert CartLine.objects.get(cart=cart).quantity == 4


def test_a_product_of_another_shop_is_not_added(market, florist):
    cart = services.cart_obtain(shop=market, token="b" * 32)
    with pytest.raises(ShopError):
        services.cart_add(cart=cart, product=product(florist, "Red roses"))
    assert not CartLine.objects.exists()


@pytest.mark.promise("JF-2")
def test_a_guests_details_are_kept_on_the_server_and_prefill_the_next_form(florist, paydemo):
    # given: a guest checks out (and leaves the payment page)
    client = host_client(florist.organisation)
    _add(client, florist, "Red roses")
    checkout_url = reverse("shop:checkout", kwargs={"shop_slug": florist.slug})
    response = client.post(checkout_url, GUEST_FORM)
    assert response.status_code == 302
    # then: the details are with the cart, not in the cookie
    cart = Cart.objects.get()
    assert (cart.email, cart.shipping_street) == ("gina@example.test", "2 Flower Lane")
    assert "Flower" not in client.cookies[COOKIE].value
    # when: they come back with only the cart cookie
    later = host_client(florist.organisation)
    later.cookies[COOKIE] = client.cookies[COOKIE].value
    form = later.get(checkout_url).content.decode()
    # then: the order form is filled in
    assert 'value="2 Flower Lane"' in form
    assert 'value="gina@example.test"' in form


@pytest.mark.promise("JF-2", "QM-14")
def test_signing_in_merges_the_guest_cart_into_the_accounts(market):
    # given: the account already has a helmet in its cart
    customer = shopper(market)
    account_cart = services.cart_obtain(shop=market, user=customer)
    services.cart_add(cart=account_cart, product=product(market, "Urban helmet"))
    # and: as a guest, on this browser, a helmet and a bike
    browser = host_client(market.organisation)
    _add(browser, market, "Urban helmet")
    _add(browser, market, "Commuter bike")
    # when: they sign in and open the cart
    signed_in = signed_in_client(customer)
    signed_in.cookies[COOKIE] = browser.cookies[COOKIE].value
    page = _cart_page(signed_in, market)
    # then: one cart, quantities added up, the guest cart gone
    assert Cart.objects.count() == 1
    lines = dict(CartLine.objects.values_list("product__name", "quantity"))
    assert lines == {"Urban helmet": 2, "Commuter bike": 1}
    assert _line(market, "Commuter bike") in page
    assert AuditEvent.objects.filter(action="shop.cart.merged", actor_id=customer.pk).exists()
    # and: signed out, the browser's cart cookie finds nothing any more
    assert _line(market, "Commuter bike") not in _cart_page(browser, market)


@pytest.mark.promise("JF-2")
def test_a_guest_cart_becomes_the_accounts_with_its_details_as_addresses(florist):
    # given: a guest cart with typed details, and no account cart
    from frontdesk.shop.details import OrderDetails
    from frontdesk.shop.tests.conftest import GUEST

    customer = shopper(florist)
    guest = services.cart_obtain(shop=florist, token="c" * 32)
    services.cart_add(cart=guest, product=product(florist, "Red roses"))
    services.cart_details_save(cart=guest, details=GUEST)
    # when
    merged = services.cart_merge(user=customer, shop=florist, token="c" * 32)
    # then
    assert merged is not None
    assert merged.pk == guest.pk
    merged.refresh_from_db()
    assert (merged.user_id, merged.token, merged.email) == (customer.pk, None, "")
    assert OrderDetails.of(merged).shipping_street == ""
    assert Address.objects.get(user=customer, kind="shipping").street == GUEST.shipping_street


@pytest.mark.promise("QM-14")
def test_a_vendor_basket_is_saved_for_later_and_restored(market):
    # given
    customer = shopper(market)
    client = signed_in_client(customer)
    _add(client, market, "Commuter bike")
    _add(client, market, "Urban helmet")
    bikes = vendor(market, "Pedal Works")
    # when: the Pedal Works basket is saved for later
    client.post(
        reverse("shop:basket_save", kwargs={"shop_slug": market.slug}), {"vendor_id": bikes.pk}
    )
    # then: it left the cart for the Personal Shopping Account
    assert list(CartLine.objects.values_list("product__name", flat=True)) == ["Urban helmet"]
    basket = SavedBasket.objects.get(user=customer)
    assert basket.vendor == bikes
    assert "Commuter bike" in client.get(reverse("shop:account")).content.decode()
    # when: it is put back
    client.post(reverse("shop:basket_restore", kwargs={"basket_id": basket.pk}))
    # then
    lines = set(CartLine.objects.values_list("product__name", flat=True))
    assert lines == {"Urban helmet", "Commuter bike"}
    assert not SavedBasket.objects.exists()


def test_a_guest_saving_a_basket_is_asked_to_sign_in(market):
    client = host_client(market.organisation)
    _add(client, market, "Commuter bike")
    response = client.post(
        reverse("shop:basket_save", kwargs={"shop_slug": market.slug}),
        {"vendor_id": vendor(market, "Pedal Works").pk},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("identity:login"))
    assert CartLine.objects.count() == 1


def test_someone_elses_saved_basket_is_not_found(market, outsider):
    # given
    customer = shopper(market)
    cart = services.cart_obtain(shop=market, user=customer)
    services.cart_add(cart=cart, product=product(market, "Urban helmet"))
    basket = services.basket_save(
        actor=customer, cart=cart, vendor=vendor(market, "Safe Ride Gear")
    )
    restore = reverse("shop:basket_restore", kwargs={"basket_id": basket.pk})
    neighbour = make_user("neighbour@example.test", organisation=market.organisation)
    # when: a person of another business, or another customer of this one, asks for it
    by_outsider = signed_in_client(outsider).post(restore)
    by_neighbour = signed_in_client(neighbour).post(restore)
    # then
    assert (by_outsider.status_code, by_neighbour.status_code) == (404, 404)
    assert SavedBasket.objects.filter(pk=basket.pk).exists()


@pytest.mark.promise("QM-5")
def test_the_cart_cookie_is_secure_in_production(market, settings):
    client = host_client(market.organisation)
    settings.FRONTDESK_CART_COOKIE_SECURE = True
    assert _add(client, market, "Urban helmet").cookies[COOKIE]["secure"] is True


@pytest.mark.promise("JF-3")
def test_casual_browsing_and_carting_leave_no_record_of_the_visitor(market):
    # given
    client = host_client(market.organisation)
    audits = AuditEvent.objects.count()
    # when: a visitor browses and fills a cart, without buying
    client.get(reverse("shop:home", kwargs={"shop_slug": market.slug}), REMOTE_ADDR="198.51.100.5")
    _add(client, market, "Urban helmet")
    # then: nothing ties their address to what they looked at
    assert AuditEvent.objects.count() == audits
    assert not Cart.objects.filter(user__isnull=False).exists()
