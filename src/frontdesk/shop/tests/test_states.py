"""Order states (JF-4, FD-8): pending payment → paid → in fulfilment → shipped → delivered, plus
cancelled and refunded, only through the validated transition; an invalid move changes nothing;
unpaid orders expire after FRONTDESK_ORDER_UNPAID_MINUTES and their stock comes back."""

from __future__ import annotations

from datetime import timedelta
from itertools import pairwise

import pytest
import time_machine

from frontdesk.audit.models import AuditEvent
from frontdesk.core import clock
from frontdesk.shop import services, tasks
from frontdesk.shop.errors import InvalidTransitionError
from frontdesk.shop.models import OrderEvent
from frontdesk.shop.states import (
    FINAL_STATES,
    PAID_STATES,
    TRANSITIONS,
    OrderState,
    can_move,
)
from frontdesk.shop.tests.conftest import place, product

S = OrderState


def test_the_happy_path_and_the_exits():
    path = [S.PENDING_PAYMENT, S.PAID, S.IN_FULFILMENT, S.SHIPPED, S.DELIVERED]
    assert all(can_move(a, b) for a, b in pairwise(path))
    assert can_move(S.PENDING_PAYMENT, S.CANCELLED)
    assert all(can_move(state, S.REFUNDED) for state in path[1:])
    assert {S.CANCELLED, S.REFUNDED} == FINAL_STATES
    assert set(path[1:]) == PAID_STATES
    assert set(TRANSITIONS) == set(S.values)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (S.PENDING_PAYMENT, S.SHIPPED),
        (S.PENDING_PAYMENT, S.REFUNDED),
        (S.PAID, S.PAID),
        (S.PAID, S.CANCELLED),
        (S.SHIPPED, S.IN_FULFILMENT),
        (S.CANCELLED, S.PAID),
        (S.REFUNDED, S.PAID),
    ],
)
def test_moves_outside_the_table_are_refused(current, target):
    assert not can_move(current, target)


@pytest.mark.promise("JF-4", "FD-8")
def test_an_invalid_move_raises_and_changes_nothing(florist):
    # given: an order still waiting for payment
    order = place(florist, {"Red roses": 1}).orders.get()
    events, audits = OrderEvent.objects.count(), AuditEvent.objects.count()
    # when
    with pytest.raises(InvalidTransitionError, match="still waiting for payment"):
        services.order_ship(actor=None, order=order)
    # then
    order.refresh_from_db()
    assert order.state == S.PENDING_PAYMENT
    assert order.shipped_at is None
    assert (OrderEvent.objects.count(), AuditEvent.objects.count()) == (events, audits)


@pytest.mark.promise("FD-8")
def test_unpaid_orders_expire_and_return_their_stock(market, settings):
    # given
    settings.FRONTDESK_ORDER_UNPAID_MINUTES = 60
    checkout = place(market, {"Commuter bike": 2, "Urban helmet": 1})
    # when: 59 minutes later, nothing yet
    with time_machine.travel(clock.now() + timedelta(minutes=59)):
        assert services.orders_expire() == 0
    # when: 61 minutes later, the periodic task runs (twice: it is idempotent)
    with time_machine.travel(clock.now() + timedelta(minutes=61)):
        assert tasks.orders_expire_task.call_local() == 2
        assert tasks.orders_expire_task.call_local() == 0
    # then
    assert set(checkout.orders.values_list("state", flat=True)) == {S.CANCELLED}
    assert product(market, "Commuter bike").stock == 5
    assert product(market, "Urban helmet").stock == 5
    reasons = AuditEvent.objects.filter(action="shop.order.cancelled")
    assert {event.details["reason"] for event in reasons} == {"expired"}


@pytest.mark.promise("FD-8")
def test_checking_out_again_replaces_the_carts_unpaid_checkout(florist):
    # given: a cart checked out once, left on the payment page
    cart = services.cart_obtain(shop=florist, token="r" * 32)
    services.cart_add(cart=cart, product=product(florist, "Red roses"), quantity=3)
    first = place(florist, {"Red roses": 3}, cart=cart)
    # when: the customer checks out the same cart again
    second = place(florist, {"Red roses": 3}, cart=cart)
    # then: the first one's stock came back before the second took it
    assert set(first.orders.values_list("state", flat=True)) == {S.CANCELLED}
    assert set(second.orders.values_list("state", flat=True)) == {S.PENDING_PAYMENT}
    assert product(florist, "Red roses").stock == 7
