"""Staff reads of customers' orders, each recorded in the audit log (JF-6, FD-3, QM-1): an
order opened (with the sections shown), a list of orders, a shipping manifest handed to the
shipping company."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import transaction

from frontdesk.audit.services import audit_record
from frontdesk.shop.manifest import ManifestRow, manifest_row
from frontdesk.shop.models import Order, Vendor
from frontdesk.shop.selectors import manifest_orders
from frontdesk.shop.services.paying import checkout_payment
from frontdesk.shop.visibility import (
    PaymentView,
    StaffOrderView,
    staff_order_view,
    visible_fields,
    visible_sections,
)


def _payment(order: Order) -> PaymentView | None:
    payment = checkout_payment(order.checkout)
    if payment is None:
        return None
    return PaymentView(
        state=payment.state,
        state_label=payment.get_state_display(),
        reference=payment.public_id,
        paid_at=order.paid_at,
    )


@transaction.atomic
def order_open(*, actor: Any, order_id: int, capabilities: frozenset[str]) -> StaffOrderView:
    """The order as `actor` may see it with `capabilities` (the access helper's answer for
    this order), loaded with only the fields of the visible sections; recorded as read."""
    sections = visible_sections(capabilities)
    order = (
        Order.objects.only(*visible_fields(sections))
        .select_related("shop", "vendor", "checkout")
        .prefetch_related("lines", "events")
        .get(pk=order_id)
    )
    view = staff_order_view(
        order, sections=sections, payment=_payment(order) if "payment" in sections else None
    )
    audit_record(
        actor=actor,
        action="shop.order.viewed",
        target=order,
        details={"number": order.number, "sections": sorted(sections)},
    )
    return view


@transaction.atomic
def orders_list_open(*, actor: Any, orders: list[Order]) -> None:
    """Record that `actor` read a list of orders (one event per organisation)."""
    by_organisation: dict[int, list[int]] = defaultdict(list)
    for order in orders:
        by_organisation[order.organisation_id].append(order.pk)
    for organisation_id, ids in sorted(by_organisation.items()):
        audit_record(
            actor=actor,
            action="shop.orders.listed",
            organisation_id=organisation_id,
            details={"order_ids": ids},
        )


@transaction.atomic
def manifest_export(*, actor: Any, vendor: Vendor, channel: str) -> list[ManifestRow]:
    """The vendor's shipping manifest, recorded as a release to the shipping company (QM-1):
    which orders' recipients were handed over, by whom, through which `channel` (csv, api)."""
    rows = [manifest_row(order) for order in manifest_orders(vendor=vendor)]
    audit_record(
        actor=actor,
        action="shop.manifest.exported",
        target=vendor,
        details={
            "recipient": "shipping company",
            "channel": channel,
            "orders": [row.order_number for row in rows],
        },
    )
    return rows
