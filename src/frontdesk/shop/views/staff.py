"""Staff pages of the shop, under /staff/shop/ (so the security-policy gate applies, QM-6).

Every page fetches through the access helper: outsiders get 404, members without the
capability 403 (QL-15). An order shows only the sections the member's job needs (JF-6, see
`visibility`), and every read of a customer's order — one order, a list, a manifest — is
recorded in the audit log.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from frontdesk.access import capabilities as caps
from frontdesk.access.selectors import capabilities_on, get_for_user
from frontdesk.shop import selectors, services
from frontdesk.shop.errors import ShopError
from frontdesk.shop.manifest import manifest_csv
from frontdesk.shop.models import Order, Vendor
from frontdesk.shop.selectors import ORDER_CAPABILITIES
from frontdesk.shop.states import PAID_STATES, OrderState, can_move
from frontdesk.shop.visibility import ALWAYS
from frontdesk.web.decorators import staff_page

SHOP_CAPABILITIES = (caps.SHOP_CATALOGUE, *ORDER_CAPABILITIES)
LIST_SIZE = 100


def _order(request: HttpRequest, order_id: int) -> tuple[Order, frozenset[str]]:
    """The order and what the member holds on it: 404 outsiders, 403 without an order
    capability. Only what anyone who may open it sees is loaded (JF-6)."""
    order = get_for_user(
        Order.objects.only(*ALWAYS).select_related("checkout"), user=request.user, pk=order_id
    )
    held = capabilities_on(user=request.user, resource=order) or frozenset()
    if not held & set(ORDER_CAPABILITIES):
        raise PermissionDenied
    return order, held


def _may_refund(request: HttpRequest, order: Order) -> bool:
    """A refund returns the checkout's whole payment: billing on each of its orders."""
    return order.state in PAID_STATES and all(
        caps.SHOP_ORDERS_BILLING in (capabilities_on(user=request.user, resource=each) or ())
        for each in order.checkout.orders.only("vendor", "organisation")
    )


@staff_page
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The vendors the member may work on, with the pages of their capabilities."""
    vendors: dict[int, dict[str, Any]] = {}
    for capability in SHOP_CAPABILITIES:
        for vendor in selectors.vendors_for(user=request.user, capability=capability):
            entry = vendors.setdefault(vendor.pk, {"vendor": vendor, "held": set()})
            entry["held"].add(capability)
    if not vendors:
        raise PermissionDenied
    orders = any(entry["held"] & set(ORDER_CAPABILITIES) for entry in vendors.values())
    context = {"entries": list(vendors.values()), "orders": orders}
    return render(request, "shop/staff/index.html", context)


@staff_page
@require_GET
def orders(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    if state not in OrderState.values:
        state = ""
    if not any(selectors.vendors_for(user=request.user, capability=c) for c in ORDER_CAPABILITIES):
        raise PermissionDenied
    shown = list(selectors.orders_for_staff(user=request.user, state=state)[:LIST_SIZE])
    services.orders_list_open(actor=request.user, orders=shown)
    rows = [
        {
            "order": order,
            "total": order.total
            if caps.SHOP_ORDERS_BILLING
            in (capabilities_on(user=request.user, resource=order) or ())
            else None,
        }
        for order in shown
    ]
    context = {"rows": rows, "state": state, "states": OrderState.choices, "limit": LIST_SIZE}
    return render(request, "shop/staff/orders.html", context)


@staff_page
@require_GET
def order_detail(request: HttpRequest, order_id: int) -> HttpResponse:
    order, held = _order(request, order_id)
    view = services.order_open(actor=request.user, order_id=order.pk, capabilities=held)
    moves = [
        (action, OrderState(target).label)
        for action, (target, _) in services.STAFF_MOVES.items()
        if caps.SHOP_FULFIL in held and can_move(order.state, target)
    ]
    context = {"view": view, "moves": moves, "refund": _may_refund(request, order)}
    return render(request, "shop/staff/order.html", context)


@staff_page
@require_POST
def order_move(request: HttpRequest, order_id: int) -> HttpResponse:
    order, held = _order(request, order_id)
    move = services.STAFF_MOVES.get(request.POST.get("do", ""))
    if move is None:
        raise Http404
    if caps.SHOP_FULFIL not in held:
        raise PermissionDenied
    try:
        moved = move[1](actor=request.user, order=order)
    except ShopError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Order {moved.number}: {moved.state_label.lower()}.")
    return redirect("shop:staff_order", order_id=order.pk)


@staff_page
@require_POST
def order_refund(request: HttpRequest, order_id: int) -> HttpResponse:
    order, held = _order(request, order_id)
    if caps.SHOP_ORDERS_BILLING not in held or not _may_refund(request, order):
        raise PermissionDenied
    try:
        refunded = services.checkout_refund(actor=request.user, checkout=order.checkout)
    except ShopError as error:
        messages.error(request, str(error))
    else:
        numbers = ", ".join(each.number for each in refunded)
        messages.success(request, f"Refunded: {numbers}.")
    return redirect("shop:staff_order", order_id=order.pk)


@staff_page
@require_GET
def manifest(request: HttpRequest, vendor_id: int) -> HttpResponse:
    """The shipping manifest as CSV, for the shipping company (recorded as handed over)."""
    vendor = get_for_user(
        Vendor.objects.select_related("shop"),
        user=request.user,
        capability=caps.SHOP_FULFIL,
        pk=vendor_id,
    )
    rows = services.manifest_export(actor=request.user, vendor=vendor, channel="csv")
    response = HttpResponse(manifest_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="manifest-{vendor.slug}.csv"'
    return response
