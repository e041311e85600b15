"""JSON API of insights (mounted at /api/insights/ by frontdesk.config.api): the partner figures
for a partner integration — a session, or an API token with the scope `shop:partner`; fetched
through the access helper (outsiders 404, members without `shop.reports` 403); recorded like the
CSV download. Aggregates only, small cells suppressed (see `partner`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from frontdesk.access import capabilities as caps
from frontdesk.identity.apiauth import API_AUTH, require_scope
from frontdesk.insights import services
from frontdesk.insights.forms import PARTNER_DAYS
from frontdesk.insights.scope import shop_scope
from frontdesk.queues.forms import PeriodForm

router = Router(tags=["insights"])


class PartnerCellOut(Schema):
    product: str
    vendor: str
    period: str
    units: int | None
    revenue: Decimal | None
    customers: int | None
    suppressed: bool


class PartnerSalesOut(Schema):
    shop: str
    currency: str
    period: str  # "month" or "week": the grid of every cell
    min_customers: int
    first_day: date | None
    last_day: date | None
    cells: list[PartnerCellOut]


@router.get("/shops/{shop_id}/partner-sales", auth=API_AUTH, response=PartnerSalesOut)
def partner_sales(
    request: HttpRequest, shop_id: int, start: date | None = None, end: date | None = None
) -> PartnerSalesOut:
    """Sales per product and period (whole periods that have ended, touching [start, end]; the
    last six months by default); a cell of fewer than k customers has no figures and
    `suppressed: true`. There are no totals, on purpose."""
    require_scope(request, "shop:partner")
    try:
        scope = shop_scope(user=request.user, shop_id=shop_id, capability=caps.SHOP_REPORTS)
    except PermissionDenied:
        raise HttpError(403, "You lack the reports capability on this shop.") from None
    query = {"start": start, "end": end} if start or end else {}
    form = PeriodForm.from_query(query, days=PARTNER_DAYS)
    if not form.is_valid():
        raise HttpError(400, "; ".join(str(e) for errors in form.errors.values() for e in errors))
    export = services.partner_export(
        actor=request.user,
        scope=scope,
        start=form.cleaned_data["start"],
        end=form.cleaned_data["end"],
        channel="api",
    )
    return PartnerSalesOut(
        shop=export.shop,
        currency=export.currency,
        period=export.grid,
        min_customers=export.min_customers,
        first_day=export.first_day,
        last_day=export.last_day,
        cells=[PartnerCellOut(**row.as_dict()) for row in export.rows],
    )
