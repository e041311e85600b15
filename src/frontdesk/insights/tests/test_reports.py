"""The staff report of a shop (QM-15, QM-17): visits and sales by day and by source,
conversion, top products — totals only, within the member's scope, every read audited."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import host_client, host_of, signed_in_client
from django.urls import reverse

from frontdesk.access import capabilities as caps
from frontdesk.audit.models import AuditEvent
from frontdesk.insights import services
from frontdesk.insights.tests.conftest import buyer, vendor
from frontdesk.insights.traffic import Source

BLOG = "https://scooter-blog.example.org/post/1"


def _report_url(shop) -> str:
    return reverse("insights:report", kwargs={"shop_id": shop.pk})


def _traffic(shop) -> None:
    """Three visits from the blog (one with a campaign), one typed in, and two page views
    within the shop."""
    visitor = host_client(shop.organisation)
    visitor.get("/shop/qm/", HTTP_REFERER=BLOG)
    visitor.get("/shop/qm/", {"aff": "spring"}, HTTP_REFERER=BLOG)
    visitor.get("/shop/qm/p/d-lock/", HTTP_REFERER=BLOG)
    visitor.get("/shop/qm/")
    for path in ("/shop/qm/p/commuter-bike/", "/shop/qm/cart/"):
        visitor.get(path, HTTP_REFERER=f"http://{host_of(shop.organisation)}/shop/qm/")


def _attributed(checkout, host: str, campaign: str = "") -> None:
    """The checkout came from `host`, and its payment was confirmed."""
    services.checkout_source_record(
        checkout=checkout, source=Source(referrer_host=host, campaign=campaign)
    )
    assert services.checkout_source_settle(reference=checkout.public_id, outcome="paid")


@pytest.mark.promise("QM-15")
@pytest.mark.django_db
def test_outsiders_get_404_and_members_without_the_capability_403(market, make_member, outsider):
    # given
    url = _report_url(market)
    clerk = make_member([caps.SHOP_ORDERS_BILLING], on=market.organisation)
    # then
    assert signed_in_client(outsider).get(url).status_code == 404
    assert signed_in_client(clerk).get(url).status_code == 403
    assert host_client(market.organisation).get(url).status_code == 302  # to the sign-in page
    assert signed_in_client(outsider).get("/staff/shop/insights/999999/report/").status_code == 404


@pytest.mark.promise("QM-15", "JF-3")
@pytest.mark.django_db
def test_the_report_counts_visits_and_sales_by_day_and_by_source(market, make_member, sell):
    # given: traffic, and three paid checkouts, one of them from the blog
    _traffic(market)
    from_blog = sell(market, {"Commuter bike": 1, "Urban helmet": 2}, user=buyer(market, 1))
    _attributed(from_blog, "scooter-blog.example.org")
    sell(market, {"D-lock": 3})
    sell(market, {"D-lock": 1}, user=buyer(market, 2))
    manager = make_member([caps.SHOP_REPORTS], on=market.organisation)
    # when
    page = signed_in_client(manager).get(_report_url(market))
    # then: the totals
    assert page.status_code == 200
    report = page.context["report"]
    assert (report.visits, report.views, report.networks) == (4, 6, 1)
    assert report.orders == 4  # one per vendor and checkout
    assert report.revenue == Decimal("599.00") + 2 * Decimal("59.00") + 4 * Decimal("39.90")
    assert report.days[-1].visits == 4
    # and by source: the blog brought 3 visits (one with its campaign) and 1 paid checkout
    sources = {(row.referrer_host, row.campaign): row for row in report.sources}
    blog = sources["scooter-blog.example.org", ""]
    assert (blog.visits, blog.paid, blog.revenue) == (2, 1, Decimal("717.00"))
    assert blog.conversion == Decimal("50.0")
    assert sources["scooter-blog.example.org", "spring"].visits == 1
    assert sources["", ""].visits == 1
    # and the top products
    top = [(row.name, row.units) for row in report.products]
    assert top == [("D-lock", 4), ("Urban helmet", 2), ("Commuter bike", 1)]
    # and two charts drawn on the server
    html = page.content.decode()
    assert html.count("<svg") == 2
    assert 'data-chart="visits"' in html
    assert "<rect" in html
    # and the read is audited, with the period and the scope
    event = AuditEvent.objects.filter(action="insights.report.viewed").get()
    assert event.actor_id == manager.pk
    assert event.details["shop_id"] == market.pk
    assert event.details["vendor_ids"] is None


@pytest.mark.promise("QM-15", "QM-17")
@pytest.mark.django_db
def test_vendor_staff_see_only_their_vendors_sales(market, make_member, sell):
    # given: sales of both vendors; a member with reports on Pedal Works only
    checkout = sell(market, {"Commuter bike": 1, "Urban helmet": 5}, user=buyer(market, 1))
    _attributed(checkout, "scooter-blog.example.org")
    pedal = vendor(market, "Pedal Works")
    member = make_member([caps.SHOP_REPORTS], on=pedal)
    # when
    page = signed_in_client(member).get(_report_url(market))
    # then
    assert page.status_code == 200
    report = page.context["report"]
    assert report.orders == 1
    assert report.revenue == Decimal("599.00")
    assert [row.name for row in report.products] == ["Commuter bike"]
    blog = next(row for row in report.sources if row.referrer_host)
    assert (blog.paid, blog.revenue) == (1, Decimal("599.00"))
    assert "Urban helmet" not in page.content.decode()
    event = AuditEvent.objects.filter(action="insights.report.viewed").get()
    assert event.details["vendor_ids"] == [pedal.pk]


@pytest.mark.promise("QM-15")
@pytest.mark.django_db
def test_vendor_staff_cannot_open_another_shops_report(market, make_member, florist):
    # given: reports on a vendor of the market
    member = make_member([caps.SHOP_REPORTS], on=vendor(market, "Pedal Works"))
    # then: another organisation's shop does not exist for them
    assert signed_in_client(member).get(_report_url(florist)).status_code == 404


@pytest.mark.promise("QM-15", "QM-17")
@pytest.mark.django_db
def test_the_report_names_no_order_customer_or_visitor(market, make_member, sell):
    # given
    customer = buyer(market, 7)
    checkout = sell(market, {"D-lock": 1}, user=customer)
    host_client(market.organisation, REMOTE_ADDR="192.0.2.77").get("/shop/qm/", HTTP_REFERER=BLOG)
    member = make_member([caps.SHOP_REPORTS], on=market.organisation)
    # when
    html = signed_in_client(member).get(_report_url(market)).content.decode()
    # then
    order = checkout.orders.get()
    for individual in (order.number, customer.email, "Number7", "192.0.2.77", checkout.public_id):
        assert individual not in html


@pytest.mark.django_db
def test_a_bad_period_is_refused_with_a_message(market, make_member):
    # given
    member = make_member([caps.SHOP_REPORTS], on=market.organisation)
    # when
    page = signed_in_client(member).get(
        _report_url(market), {"start": "2026-05-10", "end": "2026-05-01"}
    )
    # then
    assert page.status_code == 400
    assert "on or after the start date" in page.content.decode()
    assert not AuditEvent.objects.filter(action="insights.report.viewed").exists()
