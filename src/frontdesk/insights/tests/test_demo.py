"""Demo traffic for the demo shops: made once, and it fills the reports (issue 4, §7)."""

from __future__ import annotations

from frontdesk.identity.selectors import user_by_email
from frontdesk.insights.demo import DAYS, seed_traffic
from frontdesk.insights.models import Visit
from frontdesk.insights.scope import shop_scope
from frontdesk.insights.selectors import shop_report
from frontdesk.queues.reports import Period
from frontdesk.shop.demo import seed_shops
from frontdesk.shop.models import Shop


def test_the_demo_shops_get_two_weeks_of_traffic_once(db, settings):
    # given
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    seed_shops(password="frontdesk-demo-2026")
    # when
    made = seed_traffic()
    # then: views of both shops, made once
    assert made > 0
    assert seed_traffic() == 0
    assert set(Visit.objects.values_list("shop__slug", flat=True)) == {"julie-floral", "qmobility"}
    # and the Pedal Works manager reads the marketplace's traffic next to their own sales
    shop = Shop.objects.get(slug="qmobility")
    manager = user_by_email("manager@pedalworks.demo")
    scope = shop_scope(user=manager, shop_id=shop.pk, capability="shop.reports")
    assert not scope.whole_shop
    report = shop_report(scope=scope, period=Period.last_days(DAYS + 1))
    assert report.visits > 0
    assert report.networks > 1
    assert {row.referrer_host for row in report.sources} >= {"", "www.search.example"}
