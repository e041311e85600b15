"""Across the shop, payments and insights (QM-15, FD-12): a visitor who arrived from an
affiliate's link checks out through the checkout page and pays at the provider; the provider's
signed webhook counts the paid checkout under that source — and then nothing is left that says
which checkout came from where. A browser sending Global Privacy Control is not followed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import host_client

from frontdesk.insights.models import CheckoutSource, SourceCheckout, SourceSale
from frontdesk.insights.scope import ShopScope
from frontdesk.insights.selectors import shop_report
from frontdesk.insights.tests import conftest as insights_fixtures
from frontdesk.insights.tests.conftest import product
from frontdesk.queues.reports import Period
from frontdesk.shop import services
from frontdesk.shop.models import Checkout
from frontdesk.shop.tests import conftest as shop_fixtures
from frontdesk.shop.tests.conftest import GUEST_FORM, webhook

BLOG = "https://scooter-blog.example.org/reviews/helmets"
# The fixtures of the shop's and insights' own tests.
market = insights_fixtures.market
paydemo = shop_fixtures.paydemo

pytestmark = pytest.mark.django_db


def _shop_and_check_out(shop, **headers) -> Checkout:
    """Arrive on a product page from the blog's link (campaign "spring"), add two vendors'
    products, and check out as a guest: the answer sends the visitor to the payment page."""
    visitor = host_client(shop.organisation, **headers)
    assert visitor.get("/shop/qm/p/urban-helmet/?aff=spring", HTTP_REFERER=BLOG).status_code == 200
    for name in ("Urban helmet", "Commuter bike"):
        added = visitor.post(
            "/shop/qm/cart/add", {"product_id": product(shop, name).pk, "quantity": 1}
        )
        assert added.status_code == 302
    answer = visitor.post("/shop/qm/checkout/", GUEST_FORM)
    assert answer.status_code == 302, answer.content
    return Checkout.objects.get()


@pytest.mark.promise("QM-15", "JF-3")
def test_a_paid_checkout_is_counted_under_its_source_and_the_link_is_forgotten(market, paydemo):
    # given: a checkout by a visitor who came from the blog
    checkout = _shop_and_check_out(market)
    held = CheckoutSource.objects.get()
    assert (held.checkout_id, held.referrer_host, held.campaign) == (
        checkout.pk,
        "scooter-blog.example.org",
        "spring",
    )
    # when: the provider's signed webhook says it is paid
    payment = services.checkout_payment(checkout)
    assert payment is not None
    assert webhook(payment) == "applied"
    # then: counted, per shop and per vendor, under the source
    assert SourceCheckout.objects.get().checkouts == 1
    sales = {row.vendor.name: row for row in SourceSale.objects.select_related("vendor")}
    assert (sales["Pedal Works"].orders, sales["Pedal Works"].revenue) == (1, Decimal("599.00"))
    assert sales["Safe Ride Gear"].referrer_host == "scooter-blog.example.org"
    assert sales["Safe Ride Gear"].campaign == "spring"
    # and nothing ties the checkout to its source any more
    assert not CheckoutSource.objects.exists()
    # and the report shows the conversion of the blog's campaign
    report = shop_report(scope=ShopScope(shop=market), period=Period.last_days(1))
    [row] = [row for row in report.sources if row.campaign == "spring"]
    assert (row.visits, row.paid, row.conversion) == (1, 1, Decimal("100.0"))
    # and a replayed webhook counts nothing twice
    assert webhook(payment) == "duplicate"
    assert SourceCheckout.objects.get().checkouts == 1


@pytest.mark.promise("QM-15")
def test_a_failed_payment_counts_nothing_and_forgets_the_source(market, paydemo):
    # given
    checkout = _shop_and_check_out(market)
    payment = services.checkout_payment(checkout)
    assert payment is not None
    # when
    assert webhook(payment, "failed") == "applied"
    # then
    assert not CheckoutSource.objects.exists()
    assert not SourceCheckout.objects.exists()
    assert not SourceSale.objects.exists()


@pytest.mark.promise("FD-12", "QM-15")
def test_a_browser_sending_global_privacy_control_is_not_followed(market, paydemo):
    # when: the same visit and checkout, from a browser that sends Sec-GPC: 1
    checkout = _shop_and_check_out(market, HTTP_SEC_GPC="1")
    payment = services.checkout_payment(checkout)
    assert payment is not None
    assert webhook(payment) == "applied"
    # then: its page views are counted, but its purchase is not tied to where it came from
    assert not CheckoutSource.objects.exists()
    assert not SourceCheckout.objects.exists()
