"""Need-to-know (JF-6): which parts of an order each job sees.

A billing clerk (`shop.orders.billing`) sees amounts, the billing address, the payment's state
and reference and the buyer's IP address — not the contact details or the delivery phone.
Customer service (`shop.orders.service`) sees the contact details, the delivery address and the
order's state — not amounts or payment references. Fulfilment (`shop.fulfil`) sees the delivery
address and the recipient's phone. Everyone who may open the order sees what it holds (product
and quantity) and its state history. Only the visible fields are loaded from the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from frontdesk.access import capabilities as caps
from frontdesk.shop.models import Order, OrderEvent
from frontdesk.shop.models.details import (
    ADDRESS_PARTS,
    BILLING_FIELDS,
    CONTACT_FIELDS,
)

BILLING, SERVICE, FULFIL = caps.SHOP_ORDERS_BILLING, caps.SHOP_ORDERS_SERVICE, caps.SHOP_FULFIL

# section → (the capabilities that open it, the order fields it needs)
SECTIONS: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {
    "amounts": (frozenset({BILLING}), ("total",)),
    "billing_address": (frozenset({BILLING}), BILLING_FIELDS),
    "payment": (frozenset({BILLING}), ("paid_at",)),
    "buyer_ip": (frozenset({BILLING}), ("buyer_ip",)),
    "contact": (frozenset({SERVICE}), CONTACT_FIELDS),
    "shipping_address": (
        frozenset({SERVICE, FULFIL}),
        tuple(f"shipping_{part}" for part in ADDRESS_PARTS),
    ),
    "shipping_phone": (frozenset({FULFIL}), ("shipping_phone",)),
}
# What anyone who may open the order sees.
ALWAYS = (
    "id",
    "number",
    "state",
    "placed_at",
    "currency",
    "needs_shipping",
    "organisation",
    "shop",
    "vendor",
    "checkout",
)
# What a list of orders loads: the above and the amount (shown only to billing; not personal).
LISTED = (*ALWAYS, "total")


def visible_sections(capabilities: frozenset[str]) -> frozenset[str]:
    return frozenset(name for name, (opens, _) in SECTIONS.items() if opens & capabilities)


def visible_fields(sections: frozenset[str]) -> tuple[str, ...]:
    """The order fields to load for these sections (and nothing more)."""
    extra = [name for section in sorted(sections) for name in SECTIONS[section][1]]
    return (*ALWAYS, *dict.fromkeys(extra))


@dataclass(frozen=True)
class ItemView:
    name: str
    quantity: int
    unit_price: Decimal | None  # None: amounts are not this person's job
    line_total: Decimal | None


@dataclass(frozen=True)
class PaymentView:
    state: str
    state_label: str
    reference: str
    paid_at: datetime | None


@dataclass(frozen=True)
class StaffOrderView:
    """An order as one member of staff may see it; a section they may not see is None."""

    id: int
    number: str
    shop: str
    vendor: str
    state: str
    state_label: str
    placed_at: datetime
    currency: str
    sections: frozenset[str]
    items: list[ItemView]
    events: list[OrderEvent]
    total: Decimal | None = None
    contact: dict[str, str] | None = None
    shipping_address: dict[str, str] | None = None
    shipping_phone: str | None = None
    billing_address: dict[str, str] | None = None
    payment: PaymentView | None = None
    buyer_ip: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The sections this person may see, and nothing else (no null placeholders)."""
        data: dict[str, Any] = {
            "id": self.id,
            "number": self.number,
            "shop": self.shop,
            "vendor": self.vendor,
            "state": self.state,
            "state_label": self.state_label,
            "placed_at": self.placed_at.isoformat(),
            "currency": self.currency,
            "items": [
                {
                    "name": item.name,
                    "quantity": item.quantity,
                    **(
                        {"unit_price": str(item.unit_price), "line_total": str(item.line_total)}
                        if item.unit_price is not None
                        else {}
                    ),
                }
                for item in self.items
            ],
            "history": [
                {"state": event.to_state, "at": event.at.isoformat()} for event in self.events
            ],
        }
        for name in sorted(self.sections):
            value = getattr(self, "total" if name == "amounts" else name)
            if isinstance(value, PaymentView):
                value = {
                    "state": value.state,
                    "reference": value.reference,
                    "paid_at": value.paid_at.isoformat() if value.paid_at else None,
                }
            data[name] = str(value) if isinstance(value, Decimal) else value
        return data


def _address(order: Order, prefix: str) -> dict[str, str]:
    return {part: getattr(order, f"{prefix}_{part}") for part in ADDRESS_PARTS}


def staff_order_view(
    order: Order, *, sections: frozenset[str], payment: PaymentView | None
) -> StaffOrderView:
    """Build the view from an order loaded with `visible_fields(sections)`."""
    amounts = "amounts" in sections
    items = [
        ItemView(
            name=line.product_name,
            quantity=line.quantity,
            unit_price=line.unit_price if amounts else None,
            line_total=line.line_total if amounts else None,
        )
        for line in order.lines.all()
    ]
    return StaffOrderView(
        id=order.pk,
        number=order.number,
        shop=order.shop.name,
        vendor=order.vendor.name,
        state=order.state,
        state_label=order.state_label,
        placed_at=order.placed_at,
        currency=order.currency,
        sections=sections,
        items=items,
        events=list(order.events.all()),
        total=order.total if amounts else None,
        contact={name: getattr(order, name) for name in CONTACT_FIELDS}
        if "contact" in sections
        else None,
        shipping_address=_address(order, "shipping")
        if "shipping_address" in sections and order.needs_shipping
        else None,
        shipping_phone=order.shipping_phone if "shipping_phone" in sections else None,
        billing_address=_address(order, "billing") if "billing_address" in sections else None,
        payment=payment if "payment" in sections else None,
        buyer_ip=order.buyer_ip if "buyer_ip" in sections else None,
    )
