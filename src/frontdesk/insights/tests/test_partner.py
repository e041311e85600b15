"""The partner export (QM-17): sales per product and period for manufacturers and advertisers;
no cell describes fewer than k customers, and nothing in the export gives a suppressed cell
back (no totals, whole ended periods only, closed cells never move)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from conftest import host_client, signed_in_client
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from frontdesk.access import capabilities as caps
from frontdesk.audit.models import AuditEvent
from frontdesk.core import clock
from frontdesk.identity import services as identity
from frontdesk.insights.tests.conftest import buyer, vendor
from frontdesk.shop import services as shop
from frontdesk.shop.models import Order
from frontdesk.shop.states import OrderState


def _last_month() -> tuple[date, datetime]:
    """A day in the month before this one, and noon of its 15th (local time)."""
    first_of_this = timezone.localdate(clock.now()).replace(day=1)
    day = (first_of_this - timedelta(days=1)).replace(day=15)
    return day, datetime(day.year, day.month, 15, 12, tzinfo=timezone.get_current_timezone())


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _csv(user, shop, **query) -> str:
    url = reverse("insights:partner", kwargs={"shop_id": shop.pk})
    response = signed_in_client(user).get(url, query)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv")
    return response.content.decode()


@pytest.fixture
def last_month_sales(market, sell):
    """Last month: ten customers bought a D-lock (one of them two), three bought a helmet."""
    _, paid_at = _last_month()
    people = [buyer(market, n) for n in range(10)]
    for n, person in enumerate(people):
        sell(market, {"D-lock": 2 if n == 0 else 1}, user=person, paid_at=paid_at)
    for person in people[:3]:
        sell(market, {"Urban helmet": 1}, user=person, paid_at=paid_at)
    return people


@pytest.fixture
def manager(market, make_member):
    return make_member([caps.SHOP_REPORTS], on=market.organisation)


@pytest.mark.promise("QM-17")
@pytest.mark.django_db
def test_a_cell_of_fewer_than_k_customers_is_suppressed(market, manager, last_month_sales):
    # when
    rows = {row["product"]: row for row in _rows(_csv(manager, market))}
    # then: ten customers: shown, with their count but never who they are
    day, _ = _last_month()
    lock = rows["D-lock"]
    assert lock["period"] == f"{day:%Y-%m}"
    assert (lock["units"], lock["revenue"], lock["customers"]) == ("11", "438.90", "10")
    assert lock["status"] == ""
    # and three customers: the whole row's figures blanked, marked suppressed
    helmet = rows["Urban helmet"]
    assert (helmet["units"], helmet["revenue"], helmet["customers"]) == ("", "", "")
    assert helmet["status"] == "suppressed"


@pytest.mark.promise("QM-17")
@pytest.mark.django_db
def test_k_is_a_setting(market, manager, last_month_sales, settings):
    # given
    settings.FRONTDESK_PARTNER_MIN_CUSTOMERS = 3
    # when
    rows = {row["product"]: row for row in _rows(_csv(manager, market))}
    # then
    assert rows["Urban helmet"]["customers"] == "3"
    assert rows["Urban helmet"]["status"] == ""


@pytest.mark.promise("QM-17")
@pytest.mark.django_db
def test_customers_are_counted_as_people_accounts_by_account_guests_by_order(market, manager, sell):
    # given: one account buying a bike twelve times; ten guest orders of a helmet
    _, paid_at = _last_month()
    regular = buyer(market, 1)
    for _ in range(12):
        sell(market, {"Commuter bike": 1}, user=regular, paid_at=paid_at)
    for _ in range(10):
        sell(market, {"Urban helmet": 1}, paid_at=paid_at)
    # when
    rows = {row["product"]: row for row in _rows(_csv(manager, market))}
    # then: twelve orders of one person describe that person: suppressed
    assert rows["Commuter bike"]["status"] == "suppressed"
    assert rows["Urban helmet"]["customers"] == "10"


@pytest.mark.promise("QM-17")
@pytest.mark.django_db
def test_nothing_in_the_export_gives_a_suppressed_cell_back(
    market, manager, last_month_sales, sell
):
    # given: the export of last month
    day, _ = _last_month()
    before = _csv(manager, market)
    rows = _rows(before)
    # then: one row per cell, no totals row or column to subtract the cells shown from
    assert [row["product"] for row in rows] == ["D-lock", "Urban helmet"]
    assert set(rows[0]) == {
        "product", "vendor", "period", "units", "revenue", "currency", "customers", "status"
    }  # fmt: skip
    assert "total" not in before.lower()
    # and asking from the middle of the month still gives the whole month: two exports
    # cannot be subtracted to isolate a few days
    assert _csv(manager, market, start=day.isoformat(), end=day.isoformat()) == before
    # and this month, still running, is not exported at all (it would move day by day)
    sell(market, {"Urban helmet": 1}, user=buyer(market, 99))
    today = timezone.localdate(clock.now()).isoformat()
    assert _rows(_csv(manager, market, start=today, end=today)) == []
    # and a closed cell never moves: refunding one of its orders later changes nothing
    refunded = Order.objects.get(user=last_month_sales[0], lines__product_name="D-lock")
    with transaction.atomic():
        shop.order_move(actor=None, order=refunded, target=OrderState.REFUNDED)
    assert _csv(manager, market) == before


@pytest.mark.promise("QM-17")
@pytest.mark.django_db
def test_weeks_are_the_grid_when_the_setting_says_so(market, manager, sell, settings):
    # given: weekly cells, eleven customers in an ISO week that has ended
    settings.FRONTDESK_PARTNER_PERIOD = "week"
    settings.FRONTDESK_PARTNER_MIN_CUSTOMERS = 10
    today = timezone.localdate(clock.now())
    monday = today - timedelta(days=today.weekday() + 14)
    moment = datetime(
        monday.year, monday.month, monday.day, 9, tzinfo=timezone.get_current_timezone()
    )
    for n in range(11):
        sell(market, {"D-lock": 1}, user=buyer(market, n), paid_at=moment + timedelta(days=n % 7))
    # when
    [row] = _rows(_csv(manager, market))
    # then
    year, week, _ = monday.isocalendar()
    assert row["period"] == f"{year}-W{week:02d}"
    assert row["customers"] == "11"


@pytest.mark.promise("QM-17")
@pytest.mark.django_db
def test_vendor_staff_export_their_own_products_only(market, make_member, last_month_sales):
    # given
    member = make_member([caps.SHOP_REPORTS], on=vendor(market, "Safe Ride Gear"))
    # when
    rows = _rows(_csv(member, market))
    # then
    assert [row["product"] for row in rows] == ["Urban helmet"]


@pytest.mark.promise("QM-17")
@pytest.mark.django_db
def test_the_export_is_audited_with_its_parameters_only(market, manager, last_month_sales):
    # when
    _csv(manager, market)
    # then
    event = AuditEvent.objects.get(action="insights.partner.exported")
    assert event.actor_id == manager.pk
    assert event.details["channel"] == "csv"
    assert (event.details["cells"], event.details["suppressed"]) == (2, 1)
    assert event.details["min_customers"] == 10
    text = str(event.details)
    for person in last_month_sales:
        assert person.email not in text
        assert f"'{person.pk}'" not in text


@pytest.mark.promise("QM-17")
@pytest.mark.django_db
def test_outsiders_get_404_and_members_without_reports_403(market, make_member, outsider):
    # given
    url = reverse("insights:partner", kwargs={"shop_id": market.pk})
    clerk = make_member([caps.SHOP_FULFIL], on=market.organisation)
    # then
    assert signed_in_client(outsider).get(url).status_code == 404
    assert signed_in_client(clerk).get(url).status_code == 403


@pytest.mark.promise("QM-17")
@pytest.mark.django_db
def test_a_partner_integration_reads_the_figures_with_a_scoped_token(
    market, manager, last_month_sales, outsider
):
    # given
    _, token = identity.apitoken_create(
        actor=manager, user=manager, name="partner", scopes=["shop:partner"]
    )
    _, unscoped = identity.apitoken_create(
        actor=manager, user=manager, name="other", scopes=["shop:read"]
    )
    _, stranger = identity.apitoken_create(
        actor=outsider, user=outsider, name="x", scopes=["shop:partner"]
    )
    url = f"/api/insights/shops/{market.pk}/partner-sales"
    api = host_client(market.organisation)
    # when
    answer = api.get(url, HTTP_AUTHORIZATION=f"Bearer {token}")
    # then: the same cells as the CSV, the small one without figures; no totals
    assert answer.status_code == 200
    body = answer.json()
    assert body["period"] == "month"
    assert body["min_customers"] == 10
    assert set(body) == {
        "shop", "currency", "period", "min_customers", "first_day", "last_day", "cells"
    }  # fmt: skip
    cells = {cell["product"]: cell for cell in body["cells"]}
    assert cells["D-lock"]["customers"] == 10
    assert Decimal(cells["D-lock"]["revenue"]) == Decimal("438.90")
    assert cells["Urban helmet"] == {
        "product": "Urban helmet",
        "vendor": "Safe Ride Gear",
        "period": cells["D-lock"]["period"],
        "units": None,
        "revenue": None,
        "customers": None,
        "suppressed": True,
    }
    # and a token without the scope, or of an outsider, gets nothing
    assert api.get(url, HTTP_AUTHORIZATION=f"Bearer {unscoped}").status_code == 403
    # (an outsider's token is nobody's on this business's host, and finds nothing on its own)
    assert api.get(url, HTTP_AUTHORIZATION=f"Bearer {stranger}").status_code == 401
    own_host = host_client(outsider.organisation)
    assert own_host.get(url, HTTP_AUTHORIZATION=f"Bearer {stranger}").status_code == 404
    assert AuditEvent.objects.filter(action="insights.partner.exported").count() == 1
