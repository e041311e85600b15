"""Staff and orders (JF-6, JF-4, QM-1, QL-15): outsiders get 404, members without an order
capability 403, vendor staff see only their vendor's orders; each job sees only its fields;
every read of a customer's order is audited; the shipping manifest holds only its fields."""

from __future__ import annotations

import csv
import io

import pytest
from conftest import host_client, signed_in_client
from django.conf import settings
from django.urls import reverse

from frontdesk.access import capabilities as caps
from frontdesk.audit.models import AuditEvent
from frontdesk.shop import services
from frontdesk.shop.manifest import MANIFEST_FIELDS
from frontdesk.shop.models import Checkout, Order
from frontdesk.shop.models.details import SHIPPING_FIELDS
from frontdesk.shop.states import OrderState
from frontdesk.shop.tests.conftest import GUEST, pay, place, vendor
from frontdesk.vault import keyring
from frontdesk.vault.blind import blind_index

ORDER_CAPS = [caps.SHOP_ORDERS_BILLING, caps.SHOP_ORDERS_SERVICE, caps.SHOP_FULFIL]


def _detail(order: Order) -> str:
    return reverse("shop:staff_order", kwargs={"order_id": order.pk})


def _order_of(checkout: Checkout, vendor_name: str) -> Order:
    return checkout.orders.get(vendor__name=vendor_name)


@pytest.fixture
def bought(market, paydemo):
    """A paid checkout of all three QMobility vendors."""
    checkout = place(market, {"City e-scooter": 1, "Commuter bike": 1, "Urban helmet": 1})
    pay(checkout)
    return checkout


@pytest.mark.promise("QL-15", "QM-7")
def test_outsiders_get_404_and_members_without_an_order_capability_403(
    bought, market, outsider, make_member
):
    # given
    order = _order_of(bought, "Pedal Works")
    catalogue_only = make_member([caps.SHOP_CATALOGUE], on=market.organisation)
    # then
    for path in (_detail(order), reverse("shop:staff_orders"), reverse("shop:staff_index")):
        assert signed_in_client(outsider).get(path).status_code == 404
    assert signed_in_client(catalogue_only).get(_detail(order)).status_code == 403
    assert signed_in_client(catalogue_only).get(reverse("shop:staff_orders")).status_code == 403
    api = signed_in_client(catalogue_only).get(f"/api/shop/staff/orders/{order.pk}")
    assert api.status_code == 403
    assert signed_in_client(outsider).get(f"/api/shop/staff/orders/{order.pk}").status_code == 404


@pytest.mark.promise("QL-15", "JF-6")
def test_vendor_staff_get_404_on_another_vendors_order(bought, market, make_member):
    # given: a vendor manager of Pedal Works
    manager = make_member(ORDER_CAPS, on=vendor(market, "Pedal Works"))
    client = signed_in_client(manager)
    own, other = _order_of(bought, "Pedal Works"), _order_of(bought, "Urban Scooters")
    # then
    assert client.get(_detail(own)).status_code == 200
    assert client.get(_detail(other)).status_code == 404
    assert client.get(f"/api/shop/staff/orders/{other.pk}").status_code == 404
    listed = client.get(reverse("shop:staff_orders")).content.decode()
    assert own.number in listed
    assert other.number not in listed
    move = reverse("shop:staff_order_move", kwargs={"order_id": other.pk})
    assert client.post(move, {"do": "fulfil"}).status_code == 404
    other_vendor = vendor(market, "Urban Scooters")
    assert (
        client.get(reverse("shop:manifest", kwargs={"vendor_id": other_vendor.pk})).status_code
        == 404
    )


@pytest.mark.promise("JF-6")
def test_the_billing_clerk_sees_amounts_billing_and_payment_not_the_contact_or_delivery_phone(
    bought, market, make_member
):
    # given
    clerk = make_member([caps.SHOP_ORDERS_BILLING], on=market.organisation)
    order = _order_of(bought, "Pedal Works")
    # when
    page = signed_in_client(clerk).get(_detail(order)).content.decode()
    data = signed_in_client(clerk).get(f"/api/shop/staff/orders/{order.pk}").json()
    # then
    assert "599.00" in page
    assert GUEST.billing_street in page
    assert "Paid" in page
    assert GUEST.shipping_phone not in page
    assert GUEST.phone not in page
    assert GUEST.email not in page
    assert set(data) >= {"amounts", "billing_address", "payment", "buyer_ip"}
    assert not set(data) & {"contact", "shipping_phone", "shipping_address"}
    assert data["payment"]["state"] == "paid"
    assert GUEST.shipping_phone not in str(data)


@pytest.mark.promise("JF-6")
def test_customer_service_sees_contact_and_state_not_payment_references_or_amounts(
    bought, market, make_member
):
    # given
    service = make_member([caps.SHOP_ORDERS_SERVICE], on=market.organisation)
    order = _order_of(bought, "Pedal Works")
    payment = services.checkout_payment(bought)
    # when
    page = signed_in_client(service).get(_detail(order)).content.decode()
    data = signed_in_client(service).get(f"/api/shop/staff/orders/{order.pk}").json()
    # then
    assert GUEST.email in page
    assert GUEST.phone in page
    assert "Paid" in page  # the order's state
    assert payment is not None
    assert payment.public_id not in page
    assert "599.00" not in page
    assert GUEST.billing_street not in page
    assert set(data) >= {"contact", "shipping_address"}
    assert not set(data) & {"payment", "amounts", "billing_address", "buyer_ip"}
    assert payment.public_id not in str(data)


@pytest.mark.promise("JF-6")
def test_fulfilment_staff_reading_orders_opens_only_the_delivery_fields(
    bought, market, make_member, monkeypatch
):
    # given: a packer of the organisation, and a record of every sealed value opened from now
    packer = make_member([caps.SHOP_FULFIL], on=market.organisation)
    client = signed_in_client(packer)
    order = _order_of(bought, "Pedal Works")
    opened: list[str] = []
    open_with = keyring.open_with

    def recording(sealed: str, plain_key: bytes | None, *, context: str) -> str:
        opened.append(context)
        return open_with(sealed, plain_key, context=context)

    monkeypatch.setattr(keyring, "open_with", recording)
    # when: the lists and the order, as pages and through the API
    client.get(reverse("shop:staff_orders"))
    client.get(_detail(order))
    client.get("/api/shop/staff/orders")
    client.get(f"/api/shop/staff/orders/{order.pk}")
    # then: no contact, billing address or IP was decrypted, only the delivery of the one order
    of_orders = [
        name.removeprefix("shop.order.") for name in opened if name.startswith("shop.order.")
    ]
    assert sorted(set(of_orders)) == sorted(SHIPPING_FIELDS)
    assert len(of_orders) == 2 * len(SHIPPING_FIELDS)  # the page and the API


@pytest.mark.promise("JF-6", "FD-3")
def test_every_staff_read_of_an_order_is_audited(bought, market, make_member):
    # given
    service = make_member([caps.SHOP_ORDERS_SERVICE], on=market.organisation)
    client = signed_in_client(service)
    order = _order_of(bought, "Safe Ride Gear")
    # when
    client.get(reverse("shop:staff_orders"))
    client.get(_detail(order))
    client.get(f"/api/shop/staff/orders/{order.pk}")
    # then
    viewed = list(AuditEvent.objects.filter(action="shop.order.viewed", actor_id=service.pk))
    assert len(viewed) == 2
    assert viewed[0].details["sections"] == ["contact", "shipping_address"]
    assert viewed[0].ip_index == blind_index("ip", "203.0.113.7")  # from where, hashed (FD-2)
    listed = AuditEvent.objects.get(action="shop.orders.listed", actor_id=service.pk)
    assert set(listed.details["order_ids"]) == set(bought.orders.values_list("pk", flat=True))


@pytest.mark.promise("JF-4", "QM-1")
def test_the_manifest_holds_only_the_declared_fields_and_is_recorded(bought, market, make_member):
    # given: the bike is being prepared
    packer = make_member([caps.SHOP_FULFIL], on=vendor(market, "Pedal Works"))
    order = _order_of(bought, "Pedal Works")
    services.order_start_fulfilment(actor=packer, order=order)
    # when
    response = signed_in_client(packer).get(
        reverse("shop:manifest", kwargs={"vendor_id": order.vendor_id})
    )
    # then: exactly the manifest's columns
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert response["Content-Type"].startswith("text/csv")
    assert tuple(rows[0]) == MANIFEST_FIELDS
    assert rows[1] == [
        order.number,
        GUEST.shipping_name,
        GUEST.shipping_street,
        GUEST.shipping_postcode,
        GUEST.shipping_city,
        GUEST.shipping_country,
        GUEST.shipping_phone,
        "1",
        "13000",
    ]
    text = response.content.decode()
    for private in (GUEST.email, GUEST.billing_street, GUEST.contact_name, "599"):
        assert private not in text
    # and: the hand-over is recorded
    event = AuditEvent.objects.get(action="shop.manifest.exported")
    assert event.details["orders"] == [order.number]
    assert event.details["recipient"] == "shipping company"


@pytest.mark.promise("JF-4", "QM-1")
def test_a_carrier_integration_reads_the_manifest_with_a_scoped_token(bought, market, make_member):
    # given
    from frontdesk.identity import services as identity

    client = host_client(market.organisation)
    packer = make_member([caps.SHOP_FULFIL], on=vendor(market, "Pedal Works"))
    order = _order_of(bought, "Pedal Works")
    services.order_start_fulfilment(actor=packer, order=order)
    _, token = identity.apitoken_create(
        actor=packer, user=packer, name="carrier", scopes=["shop:manifest"]
    )
    _, unscoped = identity.apitoken_create(
        actor=packer, user=packer, name="other", scopes=["shop:read"]
    )
    url = f"/api/shop/vendors/{order.vendor_id}/manifest"
    # when
    answer = client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}")
    refused = client.get(url, HTTP_AUTHORIZATION=f"Bearer {unscoped}")
    # then
    assert answer.status_code == 200
    [row] = answer.json()
    assert tuple(row) == MANIFEST_FIELDS
    assert row["order_number"] == order.number
    assert refused.status_code == 403


@pytest.mark.promise("JF-4")
def test_fulfilment_moves_the_order_and_shipping_tells_the_customer(
    bought, market, make_member, mailoutbox, django_capture_on_commit_callbacks
):
    # given
    packer = make_member([caps.SHOP_FULFIL], on=vendor(market, "Pedal Works"))
    client = signed_in_client(packer)
    order = _order_of(bought, "Pedal Works")
    move = reverse("shop:staff_order_move", kwargs={"order_id": order.pk})
    # when
    with django_capture_on_commit_callbacks(execute=True):
        client.post(move, {"do": "fulfil"})
        client.post(move, {"do": "ship"})
    # then
    order.refresh_from_db()
    assert order.state == OrderState.SHIPPED
    assert order.shipped_at is not None
    assert [m.subject for m in mailoutbox][-1] == f"Order {order.number} shipped"
    # when: a move that skips a step
    response = client.post(move, {"do": "fulfil"})
    # then: refused with a reason, nothing changed
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.state == OrderState.SHIPPED


@pytest.mark.promise("JF-6")
def test_moving_orders_needs_the_fulfilment_capability(bought, market, make_member):
    service = make_member([caps.SHOP_ORDERS_SERVICE], on=market.organisation)
    order = _order_of(bought, "Pedal Works")
    move = reverse("shop:staff_order_move", kwargs={"order_id": order.pk})
    assert signed_in_client(service).post(move, {"do": "fulfil"}).status_code == 403
    order.refresh_from_db()
    assert order.state == OrderState.PAID


@pytest.mark.promise("FD-6")
def test_a_billing_clerk_refunds_the_whole_payment(market, paydemo, make_member, settings):
    # given: a checkout paid at the provider (so the provider can refund it)
    from frontdesk.shop.tests.conftest import start_payment, webhook
    from paydemo.testing import submit_card

    settings.SITE_URL = "http://127.0.0.1:9"
    checkout = place(market, {"Commuter bike": 1, "Urban helmet": 1})
    payment = start_payment(checkout)
    submit_card(payment.redirect_url)
    webhook(payment)
    clerk = make_member([caps.SHOP_ORDERS_BILLING], on=market.organisation)
    vendor_clerk = make_member([caps.SHOP_ORDERS_BILLING], on=vendor(market, "Pedal Works"))
    order = _order_of(checkout, "Pedal Works")
    refund = reverse("shop:staff_refund", kwargs={"order_id": order.pk})
    # when: a clerk of one vendor only may not return another vendor's money
    assert signed_in_client(vendor_clerk).post(refund).status_code == 403
    # when: the organisation's clerk refunds
    signed_in_client(clerk).post(refund)
    # then: every order of the payment is refunded and the stock is back
    assert set(checkout.orders.values_list("state", flat=True)) == {OrderState.REFUNDED}
    payment.refresh_from_db()
    assert payment.state == "refunded"


@pytest.mark.promise("FD-16", "QL-15")
def test_an_order_product_or_cart_of_another_business_is_not_found_on_its_host_nor_by_its_staff(
    bought, market, florist, make_member
):
    # given: QMobility's paid orders, products, vendor, a customer's cart; Julie Floral's owner
    order = _order_of(bought, "Pedal Works")
    bikes = vendor(market, "Pedal Works")
    bike = bikes.products.get(name="Commuter bike")
    shopping = host_client(market.organisation)
    shopping.post(
        reverse("shop:cart_add", kwargs={"shop_slug": market.slug}),
        {"product_id": bike.pk, "quantity": 1},
    )
    cart_cookie = shopping.cookies[settings.FRONTDESK_CART_COOKIE_NAME].value
    julie_owner = make_member(list(caps.CAPABILITIES), on=florist.organisation)
    julie_staff, julie_host = signed_in_client(julie_owner), host_client(florist.organisation)
    status = reverse(
        "shop:checkout_status", kwargs={"shop_slug": market.slug, "public_id": bought.public_id}
    )
    staff_urls = [
        _detail(order),
        f"/api/shop/staff/orders/{order.pk}",
        reverse("shop:manifest", kwargs={"vendor_id": bikes.pk}),
        reverse("shop:staff_products", kwargs={"vendor_id": bikes.pk}),
        reverse("shop:staff_product", kwargs={"product_id": bike.pk}),
    ]
    public_urls = [
        reverse("shop:home", kwargs={"shop_slug": market.slug}),
        reverse("shop:product", kwargs={"shop_slug": market.slug, "product_slug": bike.slug}),
        reverse("shop:cart", kwargs={"shop_slug": market.slug}),
        f"/api/shop/{market.slug}/cart",
        status,
        # the checkout's opaque id under Julie Floral's own shop
        status.replace(f"/shop/{market.slug}/", f"/shop/{florist.slug}/"),
    ]
    # then: Julie Floral's staff, on their own host, find none of it
    for url in staff_urls + public_urls:
        assert julie_staff.get(url).status_code == 404, url
    for url in (
        reverse("shop:staff_order_move", kwargs={"order_id": order.pk}),
        reverse("shop:staff_refund", kwargs={"order_id": order.pk}),
    ):
        assert julie_staff.post(url, {"do": "fulfil"}).status_code == 404, url
    # and: nor does anyone on Julie Floral's host, with QMobility's cart cookie or without
    julie_host.cookies[settings.FRONTDESK_CART_COOKIE_NAME] = cart_cookie
    for url in public_urls:
        assert julie_host.get(url).status_code == 404, url
    own_cart = julie_host.get(reverse("shop:cart", kwargs={"shop_slug": florist.slug}))
    assert own_cart.status_code == 200
    assert bike.name not in own_cart.content.decode()
    # and: the staff list and the staff API list nothing of QMobility's
    listed = julie_staff.get(reverse("shop:staff_orders")).content.decode()
    assert order.number not in listed
    assert julie_staff.get("/api/shop/staff/orders").json() == []
    # while QMobility's own host still answers
    assert host_client(market.organisation).get(status).status_code == 200
    order.refresh_from_db()
    assert order.state == OrderState.PAID
