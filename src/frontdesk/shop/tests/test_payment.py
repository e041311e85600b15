"""Payment of a checkout (FD-6, QM-12, JF-4): one payment for the whole checkout on the
provider's hosted page; the orders turn paid only by the provider's signed webhook; a replayed
webhook changes nothing, a forged one is refused; a failed or expired payment cancels the orders
and returns their stock."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail

from frontdesk.audit.models import AuditEvent
from frontdesk.payments.errors import ForgedWebhook
from frontdesk.payments.models import Payment
from frontdesk.shop import services
from frontdesk.shop.errors import PaymentUnavailableError
from frontdesk.shop.models import CartLine, Checkout, OrderEvent
from frontdesk.shop.states import OrderState
from frontdesk.shop.tests.conftest import pay, place, product, start_payment, webhook
from paydemo.testing import submit_card


def _states(checkout: Checkout) -> set[str]:
    return set(checkout.orders.values_list("state", flat=True))


@pytest.mark.promise("QM-12", "FD-6")
def test_one_payment_for_the_whole_multi_vendor_checkout(market, paydemo):
    # given
    checkout = place(market, {"City e-scooter": 1, "Commuter bike": 1, "Urban helmet": 1})
    # when
    payment = start_payment(checkout)
    # then: one payment, for the checkout's total, on Paydemo's own page
    assert Payment.objects.count() == 1
    assert (payment.amount, payment.currency) == (Decimal("1107.00"), "EUR")
    assert (payment.purpose, payment.reference) == ("shop.checkout", checkout.public_id)
    assert payment.redirect_url.startswith(paydemo)
    # and: the orders wait for the provider's word
    assert _states(checkout) == {OrderState.PENDING_PAYMENT}


@pytest.mark.promise("FD-6", "JF-4")
def test_the_signed_webhook_makes_every_order_paid_and_sends_the_confirmations(
    market, paydemo, django_capture_on_commit_callbacks
):
    # given
    checkout = place(market, {"City e-scooter": 1, "Urban helmet": 1})
    # when
    with django_capture_on_commit_callbacks(execute=True):
        pay(checkout)
    # then
    orders = list(checkout.orders.order_by("pk"))
    assert {o.state for o in orders} == {OrderState.PAID}
    assert all(o.paid_at is not None for o in orders)
    subjects = sorted(message.subject for message in mail.outbox)
    assert subjects == sorted(f"Order {o.number} confirmed" for o in orders)
    assert all(message.to == ["gina@example.test"] for message in mail.outbox)
    assert AuditEvent.objects.filter(action="shop.order.paid").count() == 2


@pytest.mark.promise("FD-16", "JF-4")
def test_the_confirmation_links_to_the_order_on_the_businesss_own_address(
    florist, paydemo, settings, django_capture_on_commit_callbacks
):
    # given: the site's scheme and port; an order at Julie Floral, paid by the webhook
    settings.SITE_URL = "http://127.0.0.1:8100"
    checkout = place(florist, {"Red roses": 1})
    # when
    with django_capture_on_commit_callbacks(execute=True):
        pay(checkout)
    # then: the link is on Julie Floral's host, never the platform's
    (sent,) = mail.outbox
    link = f"http://julie.localhost:8100/shop/julie/checkout/{checkout.public_id}/"
    assert link in sent.body
    assert "127.0.0.1" not in sent.body


@pytest.mark.promise("FD-6")
def test_a_replayed_webhook_changes_nothing(florist, paydemo):
    # given: a paid checkout
    checkout = place(florist, {"Red roses": 1})
    payment = pay(checkout)
    events, audits = OrderEvent.objects.count(), AuditEvent.objects.count()
    # when: the very same event comes again
    outcome = webhook(payment)
    # then
    assert outcome == "duplicate"
    assert (OrderEvent.objects.count(), AuditEvent.objects.count()) == (events, audits)
    assert _states(checkout) == {OrderState.PAID}


@pytest.mark.promise("FD-6")
def test_a_second_paid_event_cannot_pay_the_orders_twice(florist, paydemo):
    # given
    checkout = place(florist, {"Red roses": 1})
    payment = pay(checkout)
    events = OrderEvent.objects.count()
    # when: another event id saying "paid" (the payment is paid already)
    assert webhook(payment, event_id="evt_other") == "unchanged"
    # and even if the handler were called again, the order's own transition refuses it
    from frontdesk.payments.handlers import PaymentOutcome

    services.payment_outcome(PaymentOutcome(payment=payment, kind="paid"))
    # then
    assert OrderEvent.objects.count() == events
    assert _states(checkout) == {OrderState.PAID}


@pytest.mark.promise("FD-6")
def test_a_forged_webhook_is_refused_and_the_orders_stay_unpaid(florist, paydemo):
    # given
    checkout = place(florist, {"Red roses": 1})
    payment = start_payment(checkout)
    # when
    with pytest.raises(ForgedWebhook):
        webhook(payment, secret="not-the-secret")
    # then
    assert _states(checkout) == {OrderState.PENDING_PAYMENT}
    assert AuditEvent.objects.filter(action="payments.webhook.forged").exists()


@pytest.mark.promise("FD-8")
@pytest.mark.parametrize("kind", ["failed", "expired"])
def test_a_failed_or_expired_payment_cancels_the_orders_and_returns_the_stock(
    market, paydemo, kind
):
    # given
    checkout = place(market, {"Commuter bike": 2, "Urban helmet": 1})
    payment = start_payment(checkout)
    # when
    assert webhook(payment, kind) == "applied"
    # then
    assert _states(checkout) == {OrderState.CANCELLED}
    assert product(market, "Commuter bike").stock == 5
    assert product(market, "Urban helmet").stock == 5


@pytest.mark.promise("FD-8")
def test_an_unreachable_provider_places_nothing(florist, settings):
    # given: the provider's address answers nothing
    settings.FRONTDESK_PAYMENT_PROVIDER = "demo"
    settings.FRONTDESK_PAYDEMO_URL = "http://127.0.0.1:9"
    checkout = place(florist, {"Red roses": 3})
    # when
    with pytest.raises(PaymentUnavailableError):
        start_payment(checkout)
    # then: the orders are cancelled and the stock is back
    assert _states(checkout) == {OrderState.CANCELLED}
    assert product(florist, "Red roses").stock == 10


def test_paid_orders_leave_the_cart_they_came_from(florist, paydemo):
    # given: a cart with roses and a gift card; the roses are checked out
    cart = services.cart_obtain(shop=florist, token="t" * 32)
    services.cart_add(cart=cart, product=product(florist, "Red roses"), quantity=2)
    services.cart_add(cart=cart, product=product(florist, "Gift card"), quantity=1)
    checkout = place(florist, {"Red roses": 2}, cart=cart)
    # when
    pay(checkout)
    # then
    assert list(CartLine.objects.filter(cart=cart).values_list("product__name", flat=True)) == [
        "Gift card"
    ]


@pytest.mark.promise("FD-6")
def test_a_payment_after_the_orders_expired_is_refunded(
    florist, paydemo, settings, django_capture_on_commit_callbacks
):
    # given: the orders were cancelled (expired) while the customer was still paying
    settings.SITE_URL = "http://127.0.0.1:9"  # Paydemo's own delivery finds nobody here
    checkout = place(florist, {"Red roses": 1})
    payment = start_payment(checkout)
    services.checkout_cancel(actor=None, checkout=checkout, reason="expired")
    assert submit_card(payment.redirect_url).status == 303  # paid at the provider
    # when: the payment arrives anyway
    with django_capture_on_commit_callbacks(execute=True):
        assert webhook(payment) == "applied"
    # then: the money goes back, the order stays cancelled
    payment.refresh_from_db()
    assert payment.state == Payment.State.REFUNDED
    assert _states(checkout) == {OrderState.CANCELLED}
    assert AuditEvent.objects.filter(action="shop.checkout.paid_late").exists()
