"""The partner export (QM-17): sales per product and period for manufacturers and advertising
partners — aggregate figures only, and none that describes fewer than k customers.

Rules, each closing a way back to individual buying habits:
- A cell is one product in one period of a fixed grid: calendar months, or ISO weeks, as the
  deployment chooses (FRONTDESK_PARTNER_PERIOD) — one grid, because weeks and months side by
  side would let a month minus its whole weeks give back a few days' sales.
- Only whole periods that have ended are exported, and a cell always covers its whole period
  whatever dates were asked for: two exports can never be subtracted to isolate a few days.
- Every order that was paid counts, refunded later or not, so a closed cell never changes: a
  figure that moved when one customer was refunded would describe that customer.
- Customers are counted distinct — an account once however many orders, a guest's order as one
  customer — and their ids are counted, never output.
- A cell of fewer than k customers (FRONTDESK_PARTNER_MIN_CUSTOMERS, default 10) is suppressed:
  its units, revenue and customer count are blanked and it is marked "suppressed".
- There are no totals. A total over cells that include a suppressed one, minus the cells shown,
  would give the suppressed cell back; rather than suppress complementary cells as well (and
  prove that no combination of totals reopens one), the export has none. Adding up the cells
  shown reveals nothing that is suppressed.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from frontdesk.core import clock
from frontdesk.insights.scope import ShopScope
from frontdesk.shop.models import OrderLine

MONTH, WEEK = "month", "week"
GRIDS = (MONTH, WEEK)
SUPPRESSED = "suppressed"
COLUMNS = ("product", "vendor", "period", "units", "revenue", "currency", "customers", "status")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Grid:
    """The periods of the export: calendar months or ISO weeks (Monday to Sunday)."""

    kind: str

    def start_of(self, day: date) -> date:
        if self.kind == MONTH:
            return day.replace(day=1)
        return day - timedelta(days=day.weekday())

    def next_start(self, start: date) -> date:
        if self.kind == MONTH:
            return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
        return start + timedelta(days=7)

    def label(self, start: date) -> str:
        if self.kind == MONTH:
            return f"{start:%Y-%m}"
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"


def grid() -> Grid:
    kind = str(settings.FRONTDESK_PARTNER_PERIOD)
    if kind not in GRIDS:
        raise ImproperlyConfigured(f"FRONTDESK_PARTNER_PERIOD must be one of {GRIDS}.")
    return Grid(kind)


def min_customers() -> int:
    return max(1, int(settings.FRONTDESK_PARTNER_MIN_CUSTOMERS))


@dataclass(frozen=True)
class PartnerRow:
    """One cell; a suppressed one has no figures (None)."""

    product: str
    vendor: str
    period: str
    units: int | None
    revenue: Decimal | None
    customers: int | None

    @property
    def suppressed(self) -> bool:
        return self.customers is None

    def as_dict(self) -> dict[str, Any]:
        return {
            "product": self.product,
            "vendor": self.vendor,
            "period": self.period,
            "units": self.units,
            "revenue": None if self.revenue is None else str(self.revenue),
            "customers": self.customers,
            "suppressed": self.suppressed,
        }


@dataclass(frozen=True)
class PartnerExport:
    shop: str
    currency: str
    grid: str
    min_customers: int
    first_day: date | None  # the first day of the first period covered (None: no period)
    last_day: date | None
    rows: list[PartnerRow] = field(default_factory=list)

    @property
    def suppressed(self) -> int:
        return sum(1 for row in self.rows if row.suppressed)


@dataclass
class _Cell:
    product: str
    vendor: str
    units: int = 0
    revenue: Decimal = Decimal("0.00")
    customers: set[tuple[str, int]] = field(default_factory=set)


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=timezone.get_current_timezone())


def _window(start: date, end: date, today: date) -> tuple[Grid, date, date]:
    """The grid, and the first day of the first period and of the one after the last: whole
    periods touching [start, end], ending before the current (unfinished) one."""
    cells = grid()
    first = cells.start_of(start)
    stop = min(cells.next_start(cells.start_of(end)), cells.start_of(today))
    return cells, first, max(first, stop)


def _cells(scope: ShopScope, cells: Grid, first: date, stop: date) -> dict[Any, _Cell]:
    lines = (
        OrderLine.objects.filter(
            scope.covers("order__vendor_id"),
            order__shop=scope.shop,
            order__paid_at__gte=_midnight(first),
            order__paid_at__lt=_midnight(stop),
        )
        .order_by()
        .values_list(
            "product_id",
            "product__name",
            "product__vendor__name",
            "quantity",
            "unit_price",
            "order_id",
            "order__user_id",
            "order__paid_at",
        )
    )
    found: dict[Any, _Cell] = {}
    for product_id, name, vendor, quantity, price, order_id, user_id, paid_at in lines.iterator():
        start = cells.start_of(timezone.localdate(paid_at))
        cell = found.setdefault((start, name, product_id), _Cell(product=name, vendor=vendor))
        cell.units += quantity
        cell.revenue += price * quantity
        cell.customers.add(("account", user_id) if user_id else ("guest order", order_id))
    return found


def partner_sales(
    *, scope: ShopScope, start: date, end: date, today: date | None = None
) -> PartnerExport:
    """The cells of the whole periods touching [start, end] that have ended (see the module
    docstring), product by product, period by period; small cells suppressed."""
    today = today or timezone.localdate(clock.now())
    cells, first, stop = _window(start, end, today)
    k = min_customers()
    rows = [
        PartnerRow(
            product=cell.product,
            vendor=cell.vendor,
            period=cells.label(key[0]),
            units=None,
            revenue=None,
            customers=None,
        )
        if len(cell.customers) < k
        else PartnerRow(
            product=cell.product,
            vendor=cell.vendor,
            period=cells.label(key[0]),
            units=cell.units,
            revenue=cell.revenue,
            customers=len(cell.customers),
        )
        for key, cell in sorted(_cells(scope, cells, first, stop).items())
    ]
    covered = stop > first
    return PartnerExport(
        shop=scope.shop.name,
        currency=scope.shop.currency,
        grid=cells.kind,
        min_customers=k,
        first_day=first if covered else None,
        last_day=stop - timedelta(days=1) if covered else None,
        rows=rows,
    )


def _cell(value: object) -> object:
    """A text a spreadsheet would run as a formula is written as text (CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def partner_csv(export: PartnerExport) -> str:
    """The cells as CSV (`COLUMNS`); a suppressed cell has empty figures and says so."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in export.rows:
        figures: list[object] = (
            ["", "", "", "", SUPPRESSED]
            if row.suppressed
            else [row.units, row.revenue, export.currency, row.customers, ""]
        )
        writer.writerow([_cell(row.product), _cell(row.vendor), row.period, *figures])
    return buffer.getvalue()
