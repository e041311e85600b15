"""The demo shops (issue 4, §7) load through the services, once."""

from __future__ import annotations

from frontdesk.access.selectors import capabilities_on
from frontdesk.identity.selectors import user_by_email
from frontdesk.shop.demo import CUSTOMER, seed_shops
from frontdesk.shop.models import Order, Shop, Vendor
from frontdesk.shop.states import OrderState


def test_the_demo_has_both_shops_their_staff_and_a_customer_with_orders(db):
    # when
    logins = seed_shops(password="frontdesk-demo-2026")
    again = seed_shops(password="frontdesk-demo-2026")
    # then
    assert [login.email for login in logins] == [login.email for login in again]
    assert set(Shop.objects.values_list("name", flat=True)) == {"Julie Floral", "QMobility"}
    assert Vendor.objects.filter(shop__slug="qmobility").count() == 3
    assert Vendor.objects.filter(shop__slug="julie-floral").count() == 1
    customer = user_by_email(CUSTOMER)
    states = set(Order.objects.filter(user=customer).values_list("state", flat=True))
    assert {OrderState.DELIVERED, OrderState.PAID, OrderState.IN_FULFILMENT} <= states
    manager = user_by_email("manager@pedalworks.demo")
    bikes = Vendor.objects.select_related("shop").get(name="Pedal Works")
    scooters = Vendor.objects.select_related("shop").get(name="Urban Scooters")
    assert capabilities_on(user=manager, resource=bikes)
    assert capabilities_on(user=manager, resource=scooters) is None
    emails = {login.email for login in logins}
    assert {"billing@juliefloral.demo", "service@juliefloral.demo"} <= emails
