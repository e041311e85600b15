"""The shop's report as staff open it (QM-15): a member with the reports capability signs in
with a TOTP code, goes from the staff area to the report, and sees the charts drawn on the
server — under the strict Content-Security-Policy, without a single violation (QM-4)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from conftest import host_of, make_user
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from frontdesk.access import capabilities as caps
from frontdesk.access import services as access
from frontdesk.access.scopes import Scope
from frontdesk.audit.models import AuditEvent
from frontdesk.shop import services
from tests.browser.test_queue_flow import sign_in_with_totp


@pytest.fixture
def market(transactional_db):
    organisation = access.organisation_create(name="QMobility", slug="qmobility")
    shop = services.shop_create(
        actor=None, organisation=organisation, name="QMobility", slug="qm", order_prefix="QM"
    )
    vendor = services.vendor_create(actor=None, shop=shop, name="Pedal Works")
    services.product_create(
        actor=None, vendor=vendor, name="Commuter bike", price=Decimal("599.00"), stock=5
    )
    return shop


@pytest.fixture
def analyst(market):
    user = make_user(
        "analyst@qmobility.test",
        staff=True,
        full_name="Ana Lyst",
        organisation=market.organisation,
    )
    role = access.role_create(
        actor=None,
        organisation=market.organisation,
        name="Analyst",
        capabilities=[caps.SHOP_REPORTS],
    )
    access.grant_add(
        actor=None, user=user, role=role, scope=Scope("organisation", market.organisation_id)
    )
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


@pytest.mark.promise("QM-15", "QM-4")
def test_staff_open_the_report_and_see_the_charts(live_url, new_page, market, analyst):
    # given: some visits today, two of them from a blog
    visitor = Client(HTTP_HOST=host_of(market.organisation))
    for referrer in ("https://blog.example.org/", "https://blog.example.org/", ""):
        visitor.get("/shop/qm/", HTTP_REFERER=referrer)
    page = new_page()
    # when: the member signs in and goes to the report from the staff area
    sign_in_with_totp(page, live_url(market.organisation), analyst)
    page.goto(f"{live_url(market.organisation)}/staff/")
    page.get_by_role("link", name="Shop reports and promotions").click()
    page.get_by_role("link", name="Traffic and sales").click()
    # then: the figures and the two charts, with a bar for today's visits
    expect(page).to_have_url(re.compile(rf"/staff/shop/insights/{market.pk}/report/$"))
    expect(page.locator('[data-figure="visits"]')).to_have_text("3")
    chart = page.locator('svg[data-chart="visits"]')
    expect(chart).to_be_visible()
    assert chart.locator("rect").count() == 30
    heights = [float(bar.get_attribute("height") or 0) for bar in chart.locator("rect").all()]
    assert heights[-1] > 0
    expect(page.locator('svg[data-chart="orders"]')).to_be_visible()
    expect(page.locator('[data-table="sources"]')).to_contain_text("blog.example.org")
    # and the read is on record
    assert AuditEvent.objects.filter(action="insights.report.viewed", actor_id=analyst.pk).exists()
