"""Demo traffic: two weeks of page views of both demo shops, so the reports have something to
draw. Networks come from the documentation ranges (RFC 5737), sources from made-up sites.

`ops.demo` (a higher layer) calls `seed_traffic()` after `shop.demo.seed_shops`; the shop's
demo cannot, as the shop sits below insights.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from frontdesk.core import clock
from frontdesk.insights.models import Visit
from frontdesk.shop.demo import JULIE, QMOBILITY
from frontdesk.shop.models import Product, Shop
from frontdesk.vault import keyring
from frontdesk.vault.models import DataKey

DAYS = 14
# (referring host, campaign, weight)
SOURCES = [
    ("", "", 5),
    ("www.search.example", "", 4),
    ("scooter-blog.example", "spring", 2),
    ("flower-lovers.example", "", 1),
]
NETWORKS = ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8:1::/48"]


def _views_of(shop: Shop, rng: random.Random) -> list[str]:
    """A visit's pages: the shop's home, a product or two, sometimes the cart."""
    slugs = list(Product.objects.filter(shop=shop).values_list("slug", flat=True))
    pages = [f"/shop/{shop.slug}/"]
    pages += [f"/shop/{shop.slug}/p/{slug}/" for slug in rng.sample(slugs, k=min(2, len(slugs)))]
    if rng.random() < 0.3:  # noqa: PLR2004 - a demo's made-up share
        pages.append(f"/shop/{shop.slug}/cart/")
    return pages


def _day(shop: Shop, day: datetime, rng: random.Random) -> int:
    key_id = keyring.key_create(holder=DataKey.Holder.RECORD)[0]
    made = 0
    for _ in range(rng.randint(3, 12)):
        host, campaign, _weight = rng.choices(SOURCES, weights=[s[2] for s in SOURCES])[0]
        moment = day + timedelta(minutes=rng.randint(8 * 60, 22 * 60))
        network = rng.choice(NETWORKS)
        for n, path in enumerate(_views_of(shop, rng)):
            visit = Visit(
                shop=shop,
                at=moment + timedelta(minutes=n),
                path=path,
                entry=n == 0,
                referrer_host=host if n == 0 else "",
                campaign=campaign if n == 0 else "",
                network=network,
            )
            visit.vault_key = key_id
            visit.save()
            made += 1
    return made


@transaction.atomic
def seed_traffic() -> int:
    """Page views of the demo shops on the DAYS days before today (once: a shop with views is
    left alone); the number of views made."""
    rng = random.Random(4)  # noqa: S311 - made-up demo traffic, not a secret
    today = timezone.localdate(clock.now())
    made = 0
    for shop in Shop.objects.filter(slug__in=[JULIE, QMOBILITY]).order_by("pk"):
        if Visit.objects.filter(shop=shop).exists():
            continue
        for back in range(DAYS, 0, -1):  # the days before today
            day = datetime.combine(
                today - timedelta(days=back), time(), tzinfo=timezone.get_current_timezone()
            )
            made += _day(shop, day, rng)
    return made
