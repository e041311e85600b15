"""Amounts in a currency's minor units, as providers count them (1250 = 12.50 EUR)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from frontdesk.payments.errors import PaymentError

CURRENCY = re.compile(r"[A-Z]{3}")
# ISO 4217 currencies without a minor unit. (Currencies with three decimals, such as BHD, do
# not fit a payment's two decimal places and are refused.)
ZERO_DECIMAL = frozenset(
    {
        "BIF",
        "CLP",
        "DJF",
        "GNF",
        "ISK",
        "JPY",
        "KMF",
        "KRW",
        "PYG",
        "RWF",
        "UGX",
        "VND",
        "VUV",
        "XAF",
        "XOF",
        "XPF",
    }
)
THREE_DECIMAL = frozenset({"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"})
MAX_AMOUNT = Decimal("999999999.99")


def exponent(currency: str) -> int:
    return 0 if currency in ZERO_DECIMAL else 2


def clean_currency(currency: str) -> str:
    """The ISO 4217 code in capitals; PaymentError when it is not one we can take."""
    code = currency.strip().upper() if isinstance(currency, str) else ""
    if not CURRENCY.fullmatch(code):
        raise PaymentError("The currency must be a three-letter ISO 4217 code, e.g. EUR.")
    if code in THREE_DECIMAL:
        raise PaymentError(f"Payments in {code} (three decimal places) are not supported.")
    return code


def clean_amount(amount: Decimal, currency: str) -> Decimal:
    """A positive Decimal with no more decimals than the currency has; never a float."""
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise PaymentError("The amount must be a Decimal.")
    places = exponent(currency)
    try:
        exact = amount.quantize(Decimal(1).scaleb(-places))
    except InvalidOperation as error:
        raise PaymentError("The amount is too large.") from error
    if exact != amount:
        raise PaymentError(f"{currency} amounts have at most {places} decimal places.")
    if not Decimal(0) < exact <= MAX_AMOUNT:
        raise PaymentError("The amount must be above zero.")
    return exact


def to_minor(amount: Decimal, currency: str) -> int:
    return int(clean_amount(amount, currency).scaleb(exponent(currency)))


def from_minor(minor: int, currency: str) -> Decimal:
    places = exponent(currency)
    return Decimal(minor).scaleb(-places).quantize(Decimal(1).scaleb(-places))
