"""The shop as people click through it (issue 4, acceptance 1): a guest fills a cart, closes
the browser and comes back to the same cart, signs in and the cart merges into their account's;
they check out through the demo provider's hosted card page, the provider's signed webhook
turns the orders paid, and the confirmation e-mails are in the outbox. With cookies refused
(Chromium's own setting), the one-page order form still places and pays an order."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from conftest import PASSWORD, make_user
from django.core import mail
from playwright.sync_api import expect

from frontdesk.access import services as access
from frontdesk.shop import services
from frontdesk.shop.models import Cart, CartLine, Checkout, Product
from frontdesk.shop.states import OrderState
from paydemo.config import DEFAULT_API_KEY, DEFAULT_WEBHOOK_SECRET
from paydemo.testing import running_paydemo
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

CARD = "4242 4242 4242 4242"


@pytest.fixture
def paydemo(live_server, tmp_path, settings):
    """Paydemo on its own port; its signed webhooks come back to the live server."""
    with running_paydemo(tmp_path) as url:
        settings.SITE_URL = live_server.url
        settings.FRONTDESK_PAYMENT_PROVIDER = "demo"
        settings.FRONTDESK_PAYDEMO_URL = url
        settings.FRONTDESK_PAYDEMO_API_KEY = DEFAULT_API_KEY
        settings.FRONTDESK_PAYDEMO_WEBHOOK_SECRET = DEFAULT_WEBHOOK_SECRET
        yield url


@pytest.fixture
def market(transactional_db):
    organisation = access.organisation_create(name="QMobility", slug="qmobility")
    shop = services.shop_create(
        actor=None, organisation=organisation, name="QMobility", slug="qm", order_prefix="QM"
    )
    for vendor_name, name, price in (
        ("Pedal Works", "Commuter bike", "599.00"),
        ("Safe Ride Gear", "Urban helmet", "59.00"),
    ):
        vendor = services.vendor_create(actor=None, shop=shop, name=vendor_name)
        services.product_create(
            actor=None, vendor=vendor, name=name, price=Decimal(price), stock=5, weight_grams=500
        )
    return shop


@pytest.fixture
def customer(market):
    """A customer of QMobility: accounts belong to their business."""
    return make_user(
        "customer@example.test", full_name="Casey Customer", organisation=market.organisation
    )


def add_to_cart(page, base_url: str, slug: str) -> None:
    page.goto(f"{base_url}/shop/qm/p/{slug}/")
    page.get_by_role("button", name="Add to cart").click()
    expect(page).to_have_url(re.compile(r"/shop/qm/cart/$"))


def pay_on_the_hosted_page(page, paydemo: str) -> None:
    expect(page).to_have_url(re.compile(rf"^{re.escape(paydemo)}/pay/"))
    page.get_by_label("Name on the card").fill("Casey Customer")
    page.get_by_label("Card number").fill(CARD)
    page.get_by_label("Expiry (MM/YY)").fill("12/40")
    page.get_by_label("Security code (CVC)").fill("123")
    page.get_by_role("button", name=re.compile(r"^Pay ")).click()


def fill_delivery(page) -> None:
    page.locator("input[name=shipping_name]").fill("Rosa Recipient")
    page.locator("input[name=shipping_street]").fill("2 Flower Lane")
    page.locator("input[name=shipping_postcode]").fill("EC1A 1BB")
    page.locator("input[name=shipping_city]").fill("London")


@pytest.mark.promise("JF-2", "QM-14", "JF-1", "FD-6", "QM-12", "JF-4")
def test_a_guest_cart_lasts_merges_at_sign_in_and_is_paid_on_the_hosted_page(
    live_url, new_page, paydemo, market, customer
):
    # given: the customer's account already holds a helmet in its cart
    account_cart = services.cart_obtain(shop=market, user=customer)
    services.cart_add(cart=account_cart, product=Product.objects.get(name="Urban helmet"))
    # and: as a guest, they put a bike and a helmet in the cart
    guest = new_page()
    add_to_cart(guest, live_url(market.organisation), "commuter-bike")
    add_to_cart(guest, live_url(market.organisation), "urban-helmet")
    expect(guest.get_by_role("heading", name="Pedal Works")).to_be_visible()

    # when: they close the browser (session cookies go; the lasting cart cookie stays) …
    kept = guest.context.storage_state()
    lasting = [cookie for cookie in kept["cookies"] if cookie["expires"] > 0]
    assert [cookie["name"] for cookie in lasting] == ["fd_cart"]
    guest.context.close()
    # … and come back later
    back = new_page(storage_state={"cookies": lasting, "origins": []})
    back.goto(f"{live_url(market.organisation)}/shop/qm/cart/")
    # then: the same cart
    expect(back.get_by_role("link", name="Commuter bike")).to_be_visible()
    expect(back.get_by_role("link", name="Urban helmet")).to_be_visible()

    # when: they sign in
    back.goto(f"{live_url(market.organisation)}/account/login/?next=/shop/qm/cart/")
    back.get_by_label("E-mail").fill(customer.email)
    back.get_by_label("Password").fill(PASSWORD)
    back.get_by_role("button", name="Sign in").click()
    expect(back).to_have_url(re.compile(r"/shop/qm/cart/$"))
    # then: the guest cart merged into the account's (two helmets now)
    expect(back.get_by_label("Quantity of Urban helmet")).to_have_value("2")
    expect(back.get_by_label("Quantity of Commuter bike")).to_have_value("1")
    assert Cart.objects.count() == 1

    # when: they check out and pay on the provider's page
    back.get_by_role("link", name="Check out").click()
    expect(back.get_by_label("E-mail")).to_have_value(customer.email)
    back.get_by_label("Your name").fill("Casey Customer")
    fill_delivery(back)
    back.get_by_role("button", name="Continue to payment").click()
    pay_on_the_hosted_page(back, paydemo)

    # then: back at the shop, paid by the provider's signed webhook
    expect(back.get_by_role("heading", name="Payment received")).to_be_visible()
    checkout = Checkout.objects.get()
    orders = list(checkout.orders.order_by("pk"))
    assert len(orders) == 2
    assert {order.state for order in orders} == {OrderState.PAID}
    assert {order.user_id for order in orders} == {customer.pk}
    assert not CartLine.objects.exists()
    # and: the confirmation e-mails are in the outbox
    confirmations = [m for m in mail.outbox if m.subject.endswith("confirmed")]
    assert sorted(m.subject for m in confirmations) == sorted(
        f"Order {order.number} confirmed" for order in orders
    )
    assert all(m.to == [customer.email] for m in confirmations)
    # and: "My orders" shows them as paid
    back.goto(f"{live_url(market.organisation)}/shop/account/")
    for order in orders:
        expect(back.get_by_role("row", name=re.compile(order.number))).to_contain_text("Paid")


@pytest.fixture
def cookies_refused(browser, tmp_path):
    """A Chromium profile set to block all cookies (the browser's own content setting): it
    stores none, and sends none."""
    profile = tmp_path / "profile"
    (profile / "Default").mkdir(parents=True)
    preferences = {"profile": {"default_content_setting_values": {"cookies": 2}}}
    (profile / "Default" / "Preferences").write_text(json.dumps(preferences))
    context = browser.browser_type.launch_persistent_context(
        str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    context.set_default_timeout(10_000)
    violations: list[str] = []
    page = context.new_page()
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()
    assert violations == []


@pytest.mark.promise("JF-2", "QM-14", "FD-6")
def test_with_cookies_refused_the_one_page_order_form_places_an_order(
    live_url, cookies_refused, paydemo, market
):
    page = cookies_refused
    # given: a visitor whose browser refuses cookies
    page.goto(f"{live_url(market.organisation)}/shop/qm/")
    page.get_by_role("link", name=re.compile("Order on one page without cookies")).click()
    # when: they choose on the one page and give their details
    page.get_by_label("Urban helmet").fill("2")
    page.get_by_label("Your name").fill("Nico No-Cookies")
    page.get_by_label("E-mail").fill("nico@example.test")
    fill_delivery(page)
    page.get_by_role("button", name="Place order and pay").click()
    pay_on_the_hosted_page(page, paydemo)
    # then: the order is placed and paid, and the browser holds no cookie at all
    expect(page.get_by_role("heading", name="Payment received")).to_be_visible()
    order = Checkout.objects.get().orders.get()
    assert order.state == OrderState.PAID
    assert [(line.product_name, line.quantity) for line in order.lines.all()] == [
        ("Urban helmet", 2)
    ]
    assert page.context.cookies() == []
    # and: nothing is remembered between visits
    assert not Cart.objects.exists()
    assert order.user_id is None
    page.goto(f"{live_url(market.organisation)}/shop/qm/order/")
    expect(page.get_by_label("Your name")).to_have_value("")
