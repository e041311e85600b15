"""The staff endpoints of the shop API: session (with CSRF) or a scoped API token; fetched
through the access helper (outsiders 404, members without the capability 403); only the
fields of the member's job (JF-6); every read recorded in the audit log."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError

from frontdesk.access import capabilities as caps
from frontdesk.access.selectors import capabilities_on, get_for_user
from frontdesk.identity.apiauth import API_AUTH, require_scope
from frontdesk.shop import selectors, services
from frontdesk.shop.api.schemas import ManifestRowOut, StaffOrderSummaryOut
from frontdesk.shop.models import Order, Vendor
from frontdesk.shop.selectors import ORDER_CAPABILITIES
from frontdesk.shop.states import OrderState
from frontdesk.shop.visibility import ALWAYS

router = Router(tags=["shop staff"])
LIST_SIZE = 200


def _held(request: HttpRequest, order: Order) -> frozenset[str]:
    return capabilities_on(user=request.user, resource=order) or frozenset()


@router.get("/staff/orders", auth=API_AUTH, response=list[StaffOrderSummaryOut])
def staff_orders(request: HttpRequest, state: str = "") -> list[StaffOrderSummaryOut]:
    """The newest orders the caller may open (any order capability on their vendor or
    organisation); `total` only where they hold billing. Recorded as read."""
    require_scope(request, "shop:read")
    if state and state not in OrderState.values:
        raise HttpError(400, f"Unknown state; one of: {', '.join(OrderState.values)}.")
    shown = list(selectors.orders_for_staff(user=request.user, state=state)[:LIST_SIZE])
    services.orders_list_open(actor=request.user, orders=shown)
    return [
        StaffOrderSummaryOut(
            id=order.pk,
            number=order.number,
            shop=order.shop.name,
            vendor=order.vendor.name,
            state=order.state,
            placed_at=order.placed_at,
            total=order.total if caps.SHOP_ORDERS_BILLING in _held(request, order) else None,
            currency=order.currency,
        )
        for order in shown
    ]


@router.get("/staff/orders/{order_id}", auth=API_AUTH, response=dict[str, Any])
def staff_order(request: HttpRequest, order_id: int) -> dict[str, Any]:
    """One order with only the sections of the caller's job (see the HTML page)."""
    require_scope(request, "shop:read")
    order = get_for_user(Order.objects.only(*ALWAYS), user=request.user, pk=order_id)
    held = _held(request, order)
    if not held & set(ORDER_CAPABILITIES):
        raise HttpError(403, "You lack an order capability on this order.")
    view = services.order_open(actor=request.user, order_id=order.pk, capabilities=held)
    return view.as_json()


@router.get("/vendors/{vendor_id}/manifest", auth=API_AUTH, response=list[ManifestRowOut])
def manifest(request: HttpRequest, vendor_id: int) -> list[ManifestRowOut]:
    """The vendor's shipping manifest for a carrier integration: exactly the recipient's name,
    address and phone and the parcel. Needs `shop.fulfil`; recorded as handed over."""
    require_scope(request, "shop:manifest")
    try:
        vendor = get_for_user(
            Vendor.objects.select_related("shop"),
            user=request.user,
            capability=caps.SHOP_FULFIL,
            pk=vendor_id,
        )
    except PermissionDenied:
        raise HttpError(403, "You lack the fulfilment capability on this vendor.") from None
    rows = services.manifest_export(actor=request.user, vendor=vendor, channel="api")
    return [ManifestRowOut.model_validate(row.as_dict()) for row in rows]
