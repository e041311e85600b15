"""The request log of the shop's public pages (QM-15, JF-3): only the declared fields are kept
— time, shop, path, referring host, campaign code, network — never who the visitor is."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
import time_machine
from conftest import host_client, host_of, signed_in_client
from django.db import connection

from frontdesk.access import capabilities as caps
from frontdesk.core import clock
from frontdesk.insights import middleware
from frontdesk.insights.models import Visit
from frontdesk.privacy.retention import retention_sweep
from frontdesk.shop.tests.conftest import shopper
from frontdesk.vault import keyring

BLOG = "https://scooter-blog.example.org/best-bikes?utm=x&id=42"
KEPT_FIELDS = {"id", "vault_key", "shop", "at", "path", "entry", "referrer_host", "campaign"}


def _raw_row(visit: Visit) -> dict[str, object]:
    """The stored row as a backup holds it (raw SQL)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM insights_visit WHERE id = %s", [visit.pk])
        names = [column[0] for column in cursor.description]
        row = cursor.fetchone()
    return dict(zip(names, row, strict=True))


@pytest.mark.promise("QM-15", "JF-3")
@pytest.mark.django_db
def test_a_page_view_keeps_only_the_declared_fields_even_when_signed_in(market):
    # given: a signed-in customer arriving from a blog link with a campaign code
    customer = shopper(market)
    browser = signed_in_client(customer)  # from 203.0.113.7
    # when
    page = browser.get("/shop/qm/p/commuter-bike/?aff=spring-24&q=secret", HTTP_REFERER=BLOG)
    # then: one view, with the path without its query, the host of the referrer only, the
    # campaign, and the network — and no column that could name the person
    assert page.status_code == 200
    visit = Visit.objects.get()
    assert visit.path == "/shop/qm/p/commuter-bike/"
    assert visit.referrer_host == "scooter-blog.example.org"
    assert visit.campaign == "spring-24"
    assert visit.network == "203.0.113.0/24"
    assert visit.entry is True
    assert {field.name for field in Visit._meta.concrete_fields} == KEPT_FIELDS | {"network"}
    stored = " ".join(str(value) for value in _raw_row(visit).values())
    assert keyring.is_sealed(_raw_row(visit)["network"])
    for personal in (
        "203.0.113.7",
        customer.email,
        "secret",
        "best-bikes",
        "id=42",
        str(browser.session.session_key),
    ):
        assert personal not in stored
    assert set(_raw_row(visit)) == {
        "id", "vault_key", "shop_id", "at", "path", "entry", "referrer_host", "campaign", "network"
    }  # fmt: skip


@pytest.mark.promise("QM-15", "JF-3")
@pytest.mark.django_db
def test_an_ipv6_visitor_is_kept_as_a_48_network(market):
    # given
    visitor = host_client(market.organisation, REMOTE_ADDR="2001:db8:abcd:12:3456::1")
    # when
    visitor.get("/shop/qm/")
    # then
    assert Visit.objects.get().network == "2001:db8:abcd::/48"


@pytest.mark.promise("QM-15")
@pytest.mark.django_db
def test_moving_within_the_shop_is_a_page_view_not_a_new_visit(market):
    client = host_client(market.organisation)
    # when: a visitor comes from elsewhere, then follows a link of the shop
    client.get("/shop/qm/", HTTP_REFERER=BLOG)
    client.get("/shop/qm/p/d-lock/", HTTP_REFERER=f"http://{host_of(market.organisation)}/shop/qm/")
    # then
    first, second = Visit.objects.order_by("pk")
    assert (first.entry, first.referrer_host) == (True, "scooter-blog.example.org")
    assert (second.entry, second.referrer_host) == (False, "")


@pytest.mark.promise("QM-15")
@pytest.mark.django_db
@pytest.mark.parametrize(
    "aff", ["x" * 33, "<script>", "a b", "name@example.org", "ünïcode"], ids=lambda v: v[:8]
)
def test_a_campaign_code_that_is_not_a_short_token_is_dropped(market, aff):
    client = host_client(market.organisation)
    # when
    client.get("/shop/qm/", {"aff": aff})
    # then: the view is kept, the code is not
    assert Visit.objects.get().campaign == ""


@pytest.mark.promise("QM-15", "JF-3")
@pytest.mark.django_db
def test_only_the_shops_public_pages_are_logged(market, make_member):
    # given
    client = host_client(market.organisation)
    browser = signed_in_client(shopper(market))
    staff = signed_in_client(make_member(list(caps.CAPABILITIES), on=market.organisation))
    # when: the account pages, staff pages, the API, form posts, a missing page, other pages
    assert browser.get("/shop/account/").status_code == 200
    staff.get("/staff/shop/")
    assert client.get("/api/shop/qm/products").status_code == 200
    assert client.get("/api/shop/qm/cart").status_code == 200
    client.post("/shop/qm/cart/add", {"product_id": 1, "quantity": 1})
    assert client.get("/shop/qm/p/no-such-thing/").status_code == 404
    assert client.get("/shop/no-such-shop/").status_code == 404
    assert client.get("/").status_code == 200
    # then: nothing was logged
    assert not Visit.objects.exists()
    # and a public page is
    client.get("/shop/qm/cart/")
    assert list(Visit.objects.values_list("path", flat=True)) == ["/shop/qm/cart/"]


@pytest.mark.promise("QM-15")
@pytest.mark.django_db
def test_a_checkouts_opaque_id_is_never_logged_nor_the_payment_page_taken_for_a_source(
    market, sell
):
    # given
    client = host_client(market.organisation)
    checkout = sell(market, {"D-lock": 1})
    # when: the payment provider sends the buyer back to the checkout's page
    client.get(
        f"/shop/qm/checkout/{checkout.public_id}/", HTTP_REFERER="https://checkout.stripe.com/c/1"
    )
    # then: the path without the checkout's id; a return, not a visit from the provider
    visit = Visit.objects.get()
    assert visit.path == "/shop/qm/checkout/-/"
    assert (visit.entry, visit.referrer_host) == (False, "")


@pytest.mark.promise("QM-15")
@pytest.mark.django_db
def test_a_failure_to_record_never_breaks_the_page(market, monkeypatch, caplog):
    # given: recording fails
    client = host_client(market.organisation)

    def broken(**kwargs):
        raise RuntimeError("the log table is gone")

    monkeypatch.setattr(middleware, "visit_record", broken)
    # when
    with caplog.at_level(logging.ERROR, logger="frontdesk.insights.middleware"):
        page = client.get("/shop/qm/")
    # then: the visitor gets the page; the error is logged
    assert page.status_code == 200
    assert b"Commuter bike" in page.content
    assert "Could not record a view of /shop/qm/" in caplog.text


@pytest.mark.promise("FD-2", "JF-3")
@pytest.mark.django_db
def test_one_days_views_share_one_data_key(market):
    client = host_client(market.organisation)
    # when
    client.get("/shop/qm/", REMOTE_ADDR="198.51.100.1")
    client.get("/shop/qm/", REMOTE_ADDR="198.51.100.2")
    # then: one key for the day, not one per view
    first, second = Visit.objects.order_by("pk")
    assert first.vault_key is not None
    assert first.vault_key == second.vault_key


@pytest.mark.promise("FD-10", "JF-7", "JF-3")
@pytest.mark.django_db
def test_networks_past_their_retention_are_destroyed_and_the_views_stay(market, settings):
    # given: a view 89 days ago, and the retention at 90 days
    client = host_client(market.organisation)
    settings.FRONTDESK_RETENTION_VISITS_DAYS = 90
    with time_machine.travel(clock.now() - timedelta(days=89)):
        client.get("/shop/qm/", HTTP_REFERER=BLOG)
    visit = Visit.objects.get()
    key = visit.vault_key
    # when: the sweep runs, nothing goes
    assert retention_sweep().counts()["insights.Visit[network]"] == 0
    assert keyring.key_is_live(key)
    # when: it runs two days later
    with time_machine.travel(clock.now() + timedelta(days=2)):
        assert retention_sweep().counts()["insights.Visit[network]"] == 1
    # then: the network is blanked and the day's key destroyed by the same sweep (old backups
    # cannot open it); the view itself stays for traffic trends
    visit = Visit.objects.get()
    assert visit.network == ""
    assert not keyring.key_is_live(key)
    assert (visit.path, visit.referrer_host) == ("/shop/qm/", "scooter-blog.example.org")


@pytest.mark.promise("QM-15", "FD-16")
@pytest.mark.django_db
def test_a_shop_asked_for_on_another_businesss_host_is_not_found_nor_logged(market, florist):
    # when: QMobility's pages asked for on Julie Floral's host
    julie = host_client(florist.organisation)
    answers = [julie.get(path).status_code for path in ("/shop/qm/", "/shop/qm/p/d-lock/")]
    # then
    assert answers == [404, 404]
    assert not Visit.objects.exists()
    # while Julie Floral's own page is logged against Julie Floral's shop
    julie.get(f"/shop/{florist.slug}/")
    assert list(Visit.objects.values_list("shop_id", flat=True)) == [florist.pk]
