"""Reading a partner's purchase notification (IN-3) into a `PurchaseNotice`.

The body is JSON:

    {"event_id": "evt_1001",
     "contact": {"name": "Ada Lovelace", "email": "ada@example.org", "company": "Engines Ltd"},
     "order": {"reference": "PL-1001", "date": "2026-11-20T10:00:00Z", "product_code": "GM-PRO",
               "quantity": 1, "price": "49.00", "currency": "USD",
               "options": {"delivery": "download"}}}

Only what a licence needs is kept: the contact's name, e-mail address and company (other contact
fields a partner may send, such as a postal address or phone, are not read), and the order.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from frontdesk.licensing.errors import InvalidNotificationError

QUANTITY_MAX = 100
OPTIONS_MAX = 2000
PRICE_MAX = Decimal("99999999.99")
CURRENCY = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class Contact:
    email: str
    name: str = ""
    company: str = ""


@dataclass(frozen=True)
class Order:
    reference: str
    ordered_at: datetime
    product_code: str
    quantity: int
    price: Decimal
    currency: str
    options: str = ""  # JSON text of the options, as sent


@dataclass(frozen=True)
class PurchaseNotice:
    event_id: str
    contact: Contact
    order: Order


def _object(value: Any, name: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InvalidNotificationError(f"`{name}` must be an object.")
    return value


def _text(data: dict[str, Any], key: str, limit: int, *, required: bool = True) -> str:
    value = data.get(key, "")
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise InvalidNotificationError(f"`{key}` must be text.")
    text = str(value).strip()
    if (required and not text) or len(text) > limit:
        raise InvalidNotificationError(f"`{key}` must be 1 to {limit} characters.")
    return text


def _contact(data: dict[str, Any]) -> Contact:
    email = _text(data, "email", 254).lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise InvalidNotificationError("`contact.email` is not an e-mail address.") from error
    return Contact(
        email=email,
        name=_text(data, "name", 150, required=False),
        company=_text(data, "company", 150, required=False),
    )


def _moment(value: Any) -> datetime:
    text = str(value or "")
    moment = parse_datetime(text)
    if moment is None:
        day: date | None = parse_date(text)
        if day is None:
            raise InvalidNotificationError("`order.date` must be an ISO 8601 date (and time).")
        moment = datetime.combine(day, time(), tzinfo=UTC)
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, UTC)


def _quantity(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= QUANTITY_MAX:
        raise InvalidNotificationError(f"`order.quantity` must be a whole number 1-{QUANTITY_MAX}.")
    return value


def _price(value: Any) -> Decimal:
    try:
        price = Decimal(str(value))
    except InvalidOperation as error:
        raise InvalidNotificationError("`order.price` must be a decimal number.") from error
    if (
        not price.is_finite()
        or price < 0
        or price > PRICE_MAX
        or price != price.quantize(Decimal("0.01"))
    ):
        raise InvalidNotificationError("`order.price` must be 0 or more, with at most 2 decimals.")
    return price.quantize(Decimal("0.01"))


def _options(value: Any) -> str:
    if value in (None, {}, []):
        return ""
    if not isinstance(value, dict | list):
        raise InvalidNotificationError("`order.options` must be an object or a list.")
    text = json.dumps(value, sort_keys=True, default=str)
    if len(text) > OPTIONS_MAX:
        raise InvalidNotificationError(f"`order.options` must stay under {OPTIONS_MAX} characters.")
    return text


def _order(data: dict[str, Any]) -> Order:
    currency = str(data.get("currency", "")).strip().upper()
    if not CURRENCY.fullmatch(currency):
        raise InvalidNotificationError("`order.currency` must be a three-letter ISO 4217 code.")
    return Order(
        reference=_text(data, "reference", 100),
        ordered_at=_moment(data.get("date")),
        product_code=_text(data, "product_code", 40),
        quantity=_quantity(data.get("quantity")),
        price=_price(data.get("price")),
        currency=currency,
        options=_options(data.get("options")),
    )


def notice_read(payload: Any) -> PurchaseNotice:
    """The notice in a parsed body; `InvalidNotificationError` naming the first thing wrong."""
    body = _object(payload, "the body")
    return PurchaseNotice(
        event_id=_text(body, "event_id", 100),
        contact=_contact(_object(body.get("contact"), "contact")),
        order=_order(_object(body.get("order"), "order")),
    )
