"""Checkout (JF-1, JF-3, QM-12, FD-8): one checkout, one order per vendor; the stock is taken
in the same transaction or not at all; the buyer's IP is captured on the order; only what the
order needs is asked and kept."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from frontdesk.audit.models import AuditEvent
from frontdesk.shop import services
from frontdesk.shop.errors import EmptyCartError, OutOfStockError
from frontdesk.shop.models import Address, Checkout, Order, OrderLine
from frontdesk.shop.states import OrderState
from frontdesk.shop.tests.conftest import GUEST, place, product, shopper


@pytest.mark.promise("QM-12", "QM-14")
def test_a_multi_vendor_checkout_makes_one_order_per_vendor(market):
    # when
    checkout = place(market, {"City e-scooter": 1, "Commuter bike": 1, "Urban helmet": 2})
    # then: three vendors, three orders, one checkout total
    orders = list(checkout.orders.select_related("vendor").order_by("vendor__name"))
    assert [o.vendor.name for o in orders] == ["Pedal Works", "Safe Ride Gear", "Urban Scooters"]
    assert [o.total for o in orders] == [Decimal("599.00"), Decimal("118.00"), Decimal("449.00")]
    assert checkout.total == Decimal("1166.00")
    assert all(o.state == OrderState.PENDING_PAYMENT for o in orders)
    assert len({o.number for o in orders}) == 3
    assert all(o.number.startswith("QM-") for o in orders)
    assert OrderLine.objects.get(product=product(market, "Urban helmet")).quantity == 2


@pytest.mark.promise("JF-3")
def test_the_buyers_ip_is_captured_on_every_order(market):
    # when
    checkout = place(market, {"City e-scooter": 1, "Urban helmet": 1}, ip="198.51.100.77")
    # then
    assert set(checkout.orders.values_list("buyer_ip", flat=True)) == {"198.51.100.77"}


@pytest.mark.promise("FD-8")
def test_stock_is_taken_with_the_orders(market):
    # when
    place(market, {"Commuter bike": 2})
    # then
    assert product(market, "Commuter bike").stock == 3


@pytest.mark.promise("FD-8")
def test_not_enough_stock_refuses_the_whole_checkout_and_changes_nothing(market):
    # given
    audit_before = AuditEvent.objects.count()
    # when: the helmet is fine, the bike is short
    with pytest.raises(OutOfStockError, match="Commuter bike"):
        place(market, {"Urban helmet": 1, "Commuter bike": 6})
    # then: no order, no stock taken, nothing recorded
    assert (Checkout.objects.count(), Order.objects.count()) == (0, 0)
    assert product(market, "Urban helmet").stock == 5
    assert product(market, "Commuter bike").stock == 5
    assert AuditEvent.objects.count() == audit_before


@pytest.mark.promise("FD-8")
def test_an_empty_checkout_is_refused(florist):
    with pytest.raises(EmptyCartError):
        services.checkout_place(
            shop=florist,
            items=[(product(florist, "Red roses").pk, 0)],
            details=GUEST,
            buyer_ip=None,
        )


@pytest.mark.promise("QM-12", "JF-1")
def test_nothing_shipped_means_no_delivery_address_is_kept(florist):
    # when: only the gift card (sent by e-mail)
    checkout = place(florist, {"Gift card": 1})
    # then
    order = checkout.orders.get()
    assert not order.needs_shipping
    assert (order.shipping_name, order.shipping_street, order.shipping_phone) == ("", "", "")
    assert order.billing_street == GUEST.billing_street


@pytest.mark.promise("JF-1")
def test_something_shipped_needs_a_delivery_address(florist):
    # given
    no_address = GUEST.without_shipping()
    # when / then
    with pytest.raises(ValidationError):
        place(florist, {"Red roses": 1}, details=no_address)
    assert Order.objects.count() == 0
    assert product(florist, "Red roses").stock == 10


@pytest.mark.promise("JF-2")
def test_an_accounts_addresses_are_kept_for_its_next_order(florist):
    customer = shopper(florist)
    # when
    place(florist, {"Red roses": 1}, user=customer)
    place(florist, {"Red roses": 1}, user=customer)
    # then: one delivery and one billing address, not one per order
    kept = Address.objects.filter(user=customer)
    assert sorted(kept.values_list("kind", flat=True)) == ["billing", "shipping"]
    assert kept.get(kind="shipping").street == GUEST.shipping_street
    assert AuditEvent.objects.filter(action="shop.address.saved").count() == 2


def test_placing_is_audited_without_personal_data(florist):
    # when
    checkout = place(florist, {"Red roses": 1})
    # then
    event = AuditEvent.objects.get(action="shop.order.placed")
    assert event.target_id == str(checkout.orders.get().pk)
    assert event.organisation_id == florist.organisation_id
    assert (event.ip, event.ip_index) == (None, "")  # a service call outside a request
    assert GUEST.contact_name not in str(event.details)
    assert GUEST.email not in str(event.details)
