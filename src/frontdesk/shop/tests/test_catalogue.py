"""The catalogue: shops, vendors and products through the services (validated, audited), the
public pages, and staff with the catalogue capability on their vendor only (QL-15)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import host_client, signed_in_client
from django.core.exceptions import ValidationError
from django.urls import reverse

from frontdesk.access import capabilities as caps
from frontdesk.access.scopes import ORGANISATION, Scope
from frontdesk.audit.models import AuditEvent
from frontdesk.shop import services
from frontdesk.shop.models import VENDOR, Product
from frontdesk.shop.tests.conftest import product, vendor


@pytest.mark.promise("FD-8")
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", " "),
        ("price", "0"),
        ("price", "1.005"),
        ("price", "abc"),
        ("stock", -1),
    ],
)
def test_a_bad_product_is_refused_and_nothing_is_created(market, field, value):
    # given
    values = {"name": "Bell", "price": "4.50", "stock": 3} | {field: value}
    count = Product.objects.count()
    # when / then
    with pytest.raises(ValidationError) as error:
        services.product_create(actor=None, vendor=vendor(market, "Pedal Works"), **values)
    assert field in error.value.message_dict
    assert Product.objects.count() == count


def test_product_addresses_are_unique_in_the_shop(market):
    first = services.product_create(
        actor=None, vendor=vendor(market, "Pedal Works"), name="Bell", price="4.50", stock=3
    )
    second = services.product_create(
        actor=None, vendor=vendor(market, "Safe Ride Gear"), name="Bell", price="5.00", stock=3
    )
    assert (first.slug, second.slug) == ("bell", "bell-2")


def test_a_vendor_is_governed_by_its_own_grants_and_the_organisations(market):
    bikes = vendor(market, "Pedal Works")
    assert bikes.access_scopes() == [
        Scope(VENDOR, bikes.pk),
        Scope(ORGANISATION, market.organisation_id),
    ]


def test_a_product_change_is_audited_and_orders_keep_their_price(market):
    # given
    from frontdesk.shop.tests.conftest import place

    helmet = product(market, "Urban helmet")
    order = place(market, {"Urban helmet": 1}).orders.get()
    # when
    services.product_update(
        actor=None, product=helmet, name="Urban helmet", price="65.00", stock=4, weight_grams=450
    )
    # then
    event = AuditEvent.objects.filter(action="shop.product.changed").get()
    assert event.details["before"]["price"] == "59.00"
    assert event.details["after"]["price"] == "65.00"
    assert order.lines.get().unit_price == Decimal("59.00")


def test_the_shop_pages_show_what_is_on_sale(market):
    # given
    client = host_client(market.organisation)
    services.product_update(
        actor=None,
        product=product(market, "City e-scooter"),
        name="City e-scooter",
        price="449.00",
        stock=12,
        is_active=False,
    )
    # when
    page = client.get(reverse("shop:home", kwargs={"shop_slug": market.slug})).content.decode()
    # then
    assert "Commuter bike" in page
    assert "City e-scooter" not in page
    url = reverse(
        "shop:product", kwargs={"shop_slug": market.slug, "product_slug": "city-e-scooter"}
    )
    assert client.get(url).status_code == 404
    assert client.get("/shop/no-such-shop/").status_code == 404


@pytest.mark.promise("QL-15", "QL-16")
def test_catalogue_staff_manage_their_vendors_products_only(market, make_member, outsider):
    # given
    bikes, scooters = vendor(market, "Pedal Works"), vendor(market, "Urban Scooters")
    manager = make_member([caps.SHOP_CATALOGUE], on=bikes)
    client = signed_in_client(manager)
    own = reverse("shop:staff_products", kwargs={"vendor_id": bikes.pk})
    # when: a product is added
    response = client.post(
        own,
        {
            "name": "Bell",
            "price": "4.50",
            "stock": "8",
            "weight_grams": "50",
            "is_physical": "on",
            "is_active": "on",
        },
    )
    # then
    assert response.status_code == 302
    assert Product.objects.get(name="Bell").vendor == bikes
    # and: another vendor's products and their pages are not found
    other = reverse("shop:staff_products", kwargs={"vendor_id": scooters.pk})
    assert client.get(other).status_code == 404
    scooter = product(market, "City e-scooter")
    assert (
        client.get(reverse("shop:staff_product", kwargs={"product_id": scooter.pk})).status_code
        == 404
    )
    assert signed_in_client(outsider).get(own).status_code == 404
    # and: an order clerk of the vendor may not edit products
    clerk = make_member([caps.SHOP_ORDERS_SERVICE], on=bikes)
    assert signed_in_client(clerk).get(own).status_code == 403


@pytest.mark.promise("QL-16")
def test_the_staff_index_offers_only_the_pages_one_may_use(market, make_member):
    # given
    bikes = vendor(market, "Pedal Works")
    packer = make_member([caps.SHOP_FULFIL], on=bikes)
    # when
    page = signed_in_client(packer).get(reverse("shop:staff_index")).content.decode()
    # then
    assert reverse("shop:manifest", kwargs={"vendor_id": bikes.pk}) in page
    assert reverse("shop:staff_products", kwargs={"vendor_id": bikes.pk}) not in page
    assert "Urban Scooters" not in page


def test_two_shops_cannot_share_an_order_prefix(market):
    with pytest.raises(ValidationError) as error:
        services.shop_create(
            actor=None,
            organisation=market.organisation,
            name="Other",
            slug="other",
            order_prefix="QM",
        )
    assert "order_prefix" in error.value.message_dict
