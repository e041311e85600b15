"""The details of an order, checked: contact, delivery address (only when something must be
shipped) and billing address (JF-1, QM-12: nothing more is asked).

`details_clean` is the one rule set for the checkout page, the cookie-less order form and the
API; forms only parse input into the raw mapping it takes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from frontdesk.shop.models.details import ADDRESS_PARTS, BILLING_FIELDS, SHIPPING_FIELDS

MAX = {"name": 120, "street": 200, "postcode": 20, "city": 100, "country": 60, "phone": 32}
REQUIRED_PARTS = ("name", "street", "postcode", "city")
PHONE_CHARS = frozenset("0123456789+-() ")
_PART_LABEL = {
    "name": "the name",
    "street": "the street and number",
    "postcode": "the postcode",
    "city": "the town or city",
}


@dataclass(frozen=True)
class OrderDetails:
    """The checked details; "" for what the order did not need."""

    contact_name: str = ""
    email: str = ""
    phone: str = ""
    shipping_name: str = ""
    shipping_street: str = ""
    shipping_postcode: str = ""
    shipping_city: str = ""
    shipping_country: str = ""
    shipping_phone: str = ""
    billing_name: str = ""
    billing_street: str = ""
    billing_postcode: str = ""
    billing_city: str = ""
    billing_country: str = ""
    billing_same_as_shipping: bool = False

    def model_fields(self) -> dict[str, str]:
        """The values to store on an order or a cart (without the tick box)."""
        values = asdict(self)
        values.pop("billing_same_as_shipping")
        return values

    def address(self, kind: str) -> dict[str, str]:
        """One address as {"name", "street", "postcode", "city", "country"(, "phone")}."""
        parts = [*ADDRESS_PARTS, "phone"] if kind == "shipping" else list(ADDRESS_PARTS)
        return {part: getattr(self, f"{kind}_{part}") for part in parts}

    def without_shipping(self) -> OrderDetails:
        """The same details with no delivery address (nothing is shipped)."""
        blank: dict[str, Any] = dict.fromkeys(SHIPPING_FIELDS, "")
        return replace(self, **blank, billing_same_as_shipping=False)

    @classmethod
    def of(cls, obj: Any) -> OrderDetails:
        """The details stored on an order or a cart."""
        names = [f.name for f in fields(cls) if f.name != "billing_same_as_shipping"]
        values = {name: getattr(obj, name, "") or "" for name in names}
        same = bool(getattr(obj, "billing_same_as_shipping", False))
        return cls(**values, billing_same_as_shipping=same)


def _text(raw: Mapping[str, Any], name: str) -> str:
    return " ".join(str(raw.get(name, "") or "").split())


def _check_length(errors: dict[str, str], name: str, value: str, limit: int) -> None:
    if len(value) > limit:
        errors[name] = f"Use at most {limit} characters."


def _phone(errors: dict[str, str], name: str, value: str) -> str:
    if value and (not set(value) <= PHONE_CHARS or sum(c.isdigit() for c in value) < 6):  # noqa: PLR2004
        errors[name] = "Enter a phone number in digits (spaces, +, - and brackets are fine)."
    return value


def _address(raw: Mapping[str, Any], prefix: str, errors: dict[str, str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for part in ADDRESS_PARTS:
        name = f"{prefix}_{part}"
        values[name] = _text(raw, name)
        if part in REQUIRED_PARTS and not values[name]:
            errors[name] = f"Enter {_PART_LABEL[part]}."
        _check_length(errors, name, values[name], MAX[part])
    return values


def _contact(raw: Mapping[str, Any], errors: dict[str, str]) -> dict[str, str]:
    name, email, phone = _text(raw, "contact_name"), _text(raw, "email"), _text(raw, "phone")
    if not name:
        errors["contact_name"] = "Enter your name."
    _check_length(errors, "contact_name", name, MAX["name"])
    if not email:
        errors["email"] = "Enter your e-mail address: the confirmation goes there."
    else:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = "Enter a valid e-mail address, like name@example.org."
    _check_length(errors, "phone", phone, MAX["phone"])
    return {"contact_name": name, "email": email.lower(), "phone": _phone(errors, "phone", phone)}


def details_clean(raw: Mapping[str, Any], *, needs_shipping: bool) -> OrderDetails:
    """Check and tidy the typed details; ValidationError naming every bad field.

    Without anything to ship, no delivery address is taken (whatever was sent). With the
    "billing address is the delivery address" box ticked, the billing address is copied."""
    errors: dict[str, str] = {}
    values = _contact(raw, errors)
    same = needs_shipping and bool(raw.get("billing_same_as_shipping"))
    if needs_shipping:
        values |= _address(raw, "shipping", errors)
        phone = _text(raw, "shipping_phone")
        _check_length(errors, "shipping_phone", phone, MAX["phone"])
        values["shipping_phone"] = _phone(errors, "shipping_phone", phone)
    if same:
        values |= {f"billing_{part}": values[f"shipping_{part}"] for part in ADDRESS_PARTS}
    else:
        values |= _address(raw, "billing", errors)
    if errors:
        raise ValidationError(errors)
    blanks = {name: "" for name in (*SHIPPING_FIELDS, *BILLING_FIELDS) if name not in values}
    return OrderDetails(**values, **blanks, billing_same_as_shipping=same)
