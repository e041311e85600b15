"""The shipping manifest (JF-4, QM-1): exactly what the shipping company needs to deliver a
parcel — the recipient's name, address and phone, and the parcel (order number, number of
items, weight) — and nothing else: no e-mail address, no billing address, no prices.

`MANIFEST_FIELDS` is the whole list; the CSV download and the JSON endpoint both write rows of
exactly these columns, and the privacy declarations name the shipping company as a recipient of
exactly these.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from frontdesk.shop.details import PHONE_CHARS
from frontdesk.shop.models import Order

MANIFEST_FIELDS = (
    "order_number",
    "recipient_name",
    "street",
    "postcode",
    "city",
    "country",
    "phone",
    "items",
    "weight_grams",
)
# A spreadsheet would run a cell starting with one of these as a formula (CSV injection), unless
# the cell is only a phone number's characters (no function name, no reference can be made of
# those), so "+44 20 7946 0202" goes to the carrier as it is.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ManifestRow:
    order_number: str
    recipient_name: str
    street: str
    postcode: str
    city: str
    country: str
    phone: str
    items: int
    weight_grams: int

    def as_dict(self) -> dict[str, str | int]:
        return asdict(self)


def manifest_row(order: Order) -> ManifestRow:
    """The parcel of one order: the physical lines only (load with prefetch_related("lines"))."""
    physical = [line for line in order.lines.all() if line.is_physical]
    return ManifestRow(
        order_number=order.number,
        recipient_name=order.shipping_name,
        street=order.shipping_street,
        postcode=order.shipping_postcode,
        city=order.shipping_city,
        country=order.shipping_country,
        phone=order.shipping_phone,
        items=sum(line.quantity for line in physical),
        weight_grams=sum(line.weight_grams * line.quantity for line in physical),
    )


def _cell(value: str | int) -> str | int:
    if isinstance(value, str) and value.startswith(_FORMULA_START) and set(value) - PHONE_CHARS:
        return "'" + value
    return value


def manifest_csv(rows: Iterable[ManifestRow]) -> str:
    """The rows as CSV, with a header of `MANIFEST_FIELDS`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(MANIFEST_FIELDS)
    for row in rows:
        writer.writerow([_cell(value) for value in row.as_dict().values()])
    return buffer.getvalue()
