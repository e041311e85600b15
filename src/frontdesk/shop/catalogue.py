"""Catalogue rules shared by services, forms and the demo: the limits of a product's fields.
Product photos have rules of their own (`frontdesk.shop.images`)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError

NAME_MAX = 120
DESCRIPTION_MAX = 4000
PRICE_MAX = Decimal("99999.99")
STOCK_MAX = 1_000_000
WEIGHT_MAX = 1_000_000  # grams
LINE_QUANTITY_MAX = 99  # more of one product in one cart is a typing mistake


def product_fields(
    *,
    name: str,
    price: Any,
    stock: int,
    description: str = "",
    weight_grams: int = 0,
) -> dict[str, Any]:
    """The product fields, checked; ValidationError naming every bad one."""
    errors: dict[str, str] = {}
    name = " ".join(name.split())
    if not name:
        errors["name"] = "Enter the product's name."
    elif len(name) > NAME_MAX:
        errors["name"] = f"Keep the name to {NAME_MAX} characters."
    amount = _price(price, errors)
    if not 0 <= stock <= STOCK_MAX:
        errors["stock"] = f"Enter the stock as a whole number from 0 to {STOCK_MAX}."
    if len(description) > DESCRIPTION_MAX:
        errors["description"] = f"Keep the description to {DESCRIPTION_MAX} characters."
    if not 0 <= weight_grams <= WEIGHT_MAX:
        errors["weight_grams"] = f"Enter the weight in grams, from 0 to {WEIGHT_MAX}."
    if errors:
        raise ValidationError(errors)
    return {
        "name": name,
        "price": amount,
        "stock": stock,
        "description": description.strip(),
        "weight_grams": weight_grams,
    }


def _price(value: Any, errors: dict[str, str]) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors["price"] = "Enter the price as a number, like 24.50."
        return Decimal(0)
    if not amount.is_finite() or amount <= 0 or amount > PRICE_MAX:
        errors["price"] = f"Enter a price above 0 and at most {PRICE_MAX}."
    elif amount != amount.quantize(Decimal("0.01")):
        errors["price"] = "Use at most two decimals."
    return amount.quantize(Decimal("0.01")) if "price" not in errors else Decimal(0)
