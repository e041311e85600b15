"""Staff pages of insights: the shop's report (with server-drawn charts), the partner export,
promotions and the mailing company's list.

Every page fetches through `scope.shop_scope`: outsiders get 404, members without the
capability 403 (QL-15). Reports and the partner export need `shop.reports` (on the organisation
for the whole shop, or on a vendor for its own sales); promotions and the mailing list need
`shop.promotions` on the organisation. Every read and every release is audited by the service.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from frontdesk.access import capabilities as caps
from frontdesk.insights import selectors, services
from frontdesk.insights.forms import PARTNER_DAYS, REPORT_DAYS, PromotionForm
from frontdesk.insights.partner import grid, min_customers
from frontdesk.insights.partner import partner_csv as partner_csv_text
from frontdesk.insights.scope import shop_scope
from frontdesk.queues.charts import bar_chart
from frontdesk.queues.forms import PeriodForm
from frontdesk.web.decorators import staff_page

CHART_LABELS = 8  # about this many day labels under a chart


def _csv_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@staff_page
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The shops whose reports or promotions the member may open."""
    reports = list(selectors.shops_for(user=request.user, capability=caps.SHOP_REPORTS))
    promotions = list(selectors.shops_for(user=request.user, capability=caps.SHOP_PROMOTIONS))
    if not reports and not promotions:
        raise PermissionDenied
    shops = {shop.pk: shop for shop in [*reports, *promotions]}
    entries = [
        {"shop": shop, "reports": shop in reports, "promotions": shop in promotions}
        for shop in sorted(shops.values(), key=lambda shop: (shop.name, shop.pk))
    ]
    return render(request, "insights/index.html", {"entries": entries})


def _charts(report: selectors.ShopReport) -> dict[str, Any]:
    labels = [f"{row.day:%d %b}" for row in report.days]
    every = max(1, len(labels) // CHART_LABELS)
    return {
        "visits_chart": bar_chart([row.visits for row in report.days], labels, label_every=every),
        "orders_chart": bar_chart([row.orders for row in report.days], labels, label_every=every),
    }


@staff_page
@require_GET
def report(request: HttpRequest, shop_id: int) -> HttpResponse:
    scope = shop_scope(user=request.user, shop_id=shop_id, capability=caps.SHOP_REPORTS)
    form = PeriodForm.from_query(request.GET, days=REPORT_DAYS)
    context: dict[str, Any] = {
        "scope": scope,
        "form": form,
        "partner_form": PeriodForm.from_query({}, days=PARTNER_DAYS, auto_id="partner_%s"),
        "partner_grid": grid().kind,
        "min_customers": min_customers(),
    }
    if not form.is_valid():
        return render(request, "insights/report.html", context, status=400)
    shown = services.report_open(actor=request.user, scope=scope, period=form.period)
    context |= {"report": shown, "period": form.period, **_charts(shown)}
    return render(request, "insights/report.html", context)


@staff_page
@require_GET
def partner_csv(request: HttpRequest, shop_id: int) -> HttpResponse:
    """The partner figures as CSV (QM-17): whole ended periods, small cells suppressed."""
    scope = shop_scope(user=request.user, shop_id=shop_id, capability=caps.SHOP_REPORTS)
    form = PeriodForm.from_query(request.GET, days=PARTNER_DAYS)
    if not form.is_valid():
        errors = "; ".join(str(error) for errors in form.errors.values() for error in errors)
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    export = services.partner_export(
        actor=request.user,
        scope=scope,
        start=form.cleaned_data["start"],
        end=form.cleaned_data["end"],
        channel="csv",
    )
    return _csv_response(partner_csv_text(export), f"sales-{scope.shop.slug}.csv")


@staff_page
@require_http_methods(["GET", "POST"])
def promotions(request: HttpRequest, shop_id: int) -> HttpResponse:
    scope = shop_scope(
        user=request.user, shop_id=shop_id, capability=caps.SHOP_PROMOTIONS, whole_shop=True
    )
    shop = scope.shop
    form = PromotionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.promotion_send(
            actor=request.user,
            shop=shop,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
        )
        messages.success(
            request, "The promotion is being sent to the customers who consent to marketing."
        )
        return redirect("insights:promotions", shop_id=shop.pk)
    context = {
        "shop": shop,
        "form": form,
        "audience": selectors.marketing_audience(shop=shop).count(),
        "sent": list(selectors.promotions_of(shop=shop)[:50]),
        "releases": list(selectors.releases_of(shop=shop)[:20]),
    }
    return render(
        request, "insights/promotions.html", context, status=400 if form.is_bound else 200
    )


@staff_page
@require_POST
def mailing_csv(request: HttpRequest, shop_id: int) -> HttpResponse:
    """The mailing company's list: the opted-in customers' addresses only (QM-18), recorded as
    released to that processor."""
    scope = shop_scope(
        user=request.user, shop_id=shop_id, capability=caps.SHOP_PROMOTIONS, whole_shop=True
    )
    mailing = services.mailing_export(actor=request.user, shop=scope.shop)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["email"])
    writer.writerows([address] for address in mailing.addresses)
    return _csv_response(buffer.getvalue(), f"mailing-{scope.shop.slug}.csv")
