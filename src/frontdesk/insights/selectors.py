"""Reading insights: the traffic-and-sales report of a shop (aggregates only: no row names an
order, a customer or a visitor), the customers a promotion may reach, and what was sent or
handed over.

Sales are the orders paid in the period (by the day they were paid) that are still sold —
refunded and cancelled ones are not — within the member's scope (`ShopScope`). Traffic is the
shop's, whatever the scope: a visit is not any vendor's.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, F, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from frontdesk.access.scopes import ORGANISATION
from frontdesk.access.selectors import scope_ids, scopes_with
from frontdesk.identity.models import User
from frontdesk.insights.models import (
    ProcessorRelease,
    Promotion,
    SourceCheckout,
    SourceSale,
    Visit,
)
from frontdesk.insights.scope import ShopScope
from frontdesk.messaging.selectors import consenting_users
from frontdesk.queues.reports import Period
from frontdesk.shop.models import VENDOR, Order, OrderLine, Shop
from frontdesk.shop.states import OrderState

SOLD = (OrderState.PAID, OrderState.IN_FULFILMENT, OrderState.SHIPPED, OrderState.DELIVERED)
TOP_PRODUCTS = 10
TOP_SOURCES = 20
_CHUNK = 2000
_MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=14, decimal_places=2)
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class DayRow:
    day: date
    visits: int = 0  # visits started (entries)
    views: int = 0  # page views
    orders: int = 0  # orders paid that day, still sold
    revenue: Decimal = ZERO


@dataclass(frozen=True)
class SourceRow:
    """Visits started from one source, and the paid checkouts (whole shop) or paid orders (a
    vendor's scope) of visitors who came from it."""

    referrer_host: str
    campaign: str
    visits: int = 0
    paid: int = 0
    revenue: Decimal = ZERO

    @property
    def label(self) -> str:
        return self.referrer_host or "(direct or unknown)"

    @property
    def conversion(self) -> Decimal | None:
        """Paid per 100 visits, one decimal; None without visits."""
        if not self.visits:
            return None
        return (Decimal(100 * self.paid) / self.visits).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class ProductRow:
    product_id: int
    name: str
    vendor: str
    units: int
    revenue: Decimal


@dataclass(frozen=True)
class ShopReport:
    scope: ShopScope
    period: Period
    days: list[DayRow]
    sources: list[SourceRow]
    products: list[ProductRow]
    networks: int  # distinct client networks among the period's page views
    currency: str = "EUR"

    @property
    def visits(self) -> int:
        return sum(row.visits for row in self.days)

    @property
    def views(self) -> int:
        return sum(row.views for row in self.days)

    @property
    def orders(self) -> int:
        return sum(row.orders for row in self.days)

    @property
    def revenue(self) -> Decimal:
        return sum((row.revenue for row in self.days), ZERO)

    @property
    def paid_label(self) -> str:
        return "Paid checkouts" if self.scope.whole_shop else "Paid orders"


def _days(period: Period) -> list[date]:
    count = (period.last - period.first).days + 1
    return [period.first + timedelta(days=n) for n in range(count)]


def _visits(scope: ShopScope, period: Period) -> QuerySet[Visit]:
    return Visit.objects.filter(shop=scope.shop, at__gte=period.start, at__lt=period.end)


def _sold(scope: ShopScope, period: Period) -> QuerySet[Order]:
    return Order.objects.filter(
        scope.covers(),
        shop=scope.shop,
        state__in=SOLD,
        paid_at__gte=period.start,
        paid_at__lt=period.end,
    )


def _by_day(scope: ShopScope, period: Period) -> list[DayRow]:
    zone = timezone.get_current_timezone()
    traffic = {
        row["day"]: row
        for row in _visits(scope, period)
        .annotate(day=TruncDate("at", tzinfo=zone))
        .order_by()
        .values("day")
        .annotate(views=Count("pk"), visits=Count("pk", filter=Q(entry=True)))
    }
    sales = {
        row["day"]: row
        for row in _sold(scope, period)
        .annotate(day=TruncDate("paid_at", tzinfo=zone))
        .order_by()
        .values("day")
        .annotate(orders=Count("pk"), revenue=Sum("total"))
    }
    return [
        DayRow(
            day=day,
            visits=traffic.get(day, {}).get("visits", 0),
            views=traffic.get(day, {}).get("views", 0),
            orders=sales.get(day, {}).get("orders", 0),
            revenue=sales.get(day, {}).get("revenue") or ZERO,
        )
        for day in _days(period)
    ]


def _by_source(scope: ShopScope, period: Period) -> list[SourceRow]:
    cells: dict[tuple[str, str], dict[str, Any]] = defaultdict(
        lambda: {"visits": 0, "paid": 0, "revenue": ZERO}
    )
    entries = (
        _visits(scope, period)
        .filter(entry=True)
        .order_by()
        .values("referrer_host", "campaign")
        .annotate(n=Count("pk"))
    )
    for row in entries:
        cells[row["referrer_host"], row["campaign"]]["visits"] = row["n"]
    days = {"day__gte": period.first, "day__lte": period.last}
    sales = (
        SourceSale.objects.filter(scope.covers(), shop=scope.shop, **days)
        .order_by()
        .values("referrer_host", "campaign")
        .annotate(orders=Sum("orders"), revenue=Sum("revenue"))
    )
    for row in sales:
        cell = cells[row["referrer_host"], row["campaign"]]
        cell["revenue"] = row["revenue"] or ZERO
        cell["paid"] = row["orders"] or 0
    if scope.whole_shop:
        checkouts = (
            SourceCheckout.objects.filter(shop=scope.shop, **days)
            .order_by()
            .values("referrer_host", "campaign")
            .annotate(n=Sum("checkouts"))
        )
        for row in checkouts:
            cells[row["referrer_host"], row["campaign"]]["paid"] = row["n"] or 0
    rows = [SourceRow(referrer_host=h, campaign=c, **v) for (h, c), v in cells.items()]
    rows.sort(key=lambda row: (-row.visits, -row.paid, row.referrer_host, row.campaign))
    return rows[:TOP_SOURCES]


def _top_products(scope: ShopScope, period: Period) -> list[ProductRow]:
    rows = (
        OrderLine.objects.filter(order__in=_sold(scope, period))
        .order_by()
        .values("product_id", "product__name", "product__vendor__name")
        .annotate(
            units=Sum("quantity"), revenue=Sum(F("unit_price") * F("quantity"), output_field=_MONEY)
        )
        .order_by("-units", "-revenue", "product__name")[:TOP_PRODUCTS]
    )
    return [
        ProductRow(
            product_id=row["product_id"],
            name=row["product__name"],
            vendor=row["product__vendor__name"],
            units=row["units"],
            revenue=row["revenue"] or ZERO,
        )
        for row in rows
    ]


def _distinct_networks(visits: QuerySet[Visit]) -> int:
    """Distinct networks among the views, read in chunks (the values are sealed: they are
    opened here, never compared in the database)."""
    seen: set[str] = set()
    last = 0
    while chunk := list(
        visits.filter(pk__gt=last).order_by("pk").values_list("pk", "network")[:_CHUNK]
    ):
        seen.update(network for _, network in chunk if network)
        last = chunk[-1][0]
    return len(seen)


def shop_report(*, scope: ShopScope, period: Period) -> ShopReport:
    """Visits and sales by day and by source, conversion, and the top products (a handful of
    queries; the networks are counted in chunks)."""
    return ShopReport(
        scope=scope,
        period=period,
        days=_by_day(scope, period),
        sources=_by_source(scope, period),
        products=_top_products(scope, period),
        networks=_distinct_networks(_visits(scope, period)),
        currency=scope.shop.currency,
    )


# --- whom promotions reach --------------------------------------------------------------------


def customers_of(*, shop: Shop) -> QuerySet[User]:
    """Active accounts of the shop's business that bought (paid an order) in one of its shops.

    Both the orders and the accounts are named by the shop's business, not by whatever is bound
    (a promotion is sent by a task, bound to none): another business's accounts are never
    reached, even one that somehow holds an order here (FD-16, QM-18)."""
    business = shop.organisation_id
    buyers = Order.objects.filter(
        organisation_id=business, user__isnull=False, paid_at__isnull=False
    ).values("user_id")
    return User.objects.for_business(business).filter(is_active=True, pk__in=buyers).order_by("pk")


def marketing_audience(*, shop: Shop) -> QuerySet[User]:
    """Those customers whose newest decision about marketing e-mail is a yes, now (FD-12).

    Consent is the account's, and an account is of one business: a yes given at another
    business is another account's, and never counts here."""
    return consenting_users("marketing").filter(
        organisation_id=shop.organisation_id, pk__in=customers_of(shop=shop).values("pk")
    )


def promotions_of(*, shop: Shop) -> QuerySet[Promotion]:
    return Promotion.objects.filter(shop=shop).order_by("-created_at", "-pk")


def releases_of(*, shop: Shop) -> QuerySet[ProcessorRelease]:
    return ProcessorRelease.objects.filter(shop=shop).order_by("-released_at", "-pk")


# --- the staff index --------------------------------------------------------------------------


def shops_for(*, user: Any, capability: str) -> QuerySet[Shop]:
    """Shops where the member holds `capability` on the organisation or on one vendor."""
    scopes = scopes_with(user=user, capability=capability)
    return (
        Shop.objects.filter(
            Q(organisation_id__in=scope_ids(scopes, ORGANISATION))
            | Q(vendors__in=scope_ids(scopes, VENDOR))
        )
        .distinct()
        .order_by("name", "pk")
    )
