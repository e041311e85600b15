"""Checking what is typed on the card page. Only test cards are accepted: this is a demo, and a
real card number has no business here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

SUCCEEDS = "4242424242424242"
DECLINED = "4000000000000002"
TEST_CARDS = {SUCCEEDS: "paid", DECLINED: "declined"}

_SEPARATORS = re.compile(r"[\s-]")
_EXPIRY = re.compile(r"(\d{1,2})\s*/\s*(\d{2}|\d{4})")
_CVC = re.compile(r"\d{3,4}")
MIN_DIGITS, MAX_DIGITS = 12, 19
MAX_NAME = 100


@dataclass(frozen=True)
class CardCheck:
    """The outcome of the form: errors by field, or what to do with a valid test card."""

    errors: dict[str, str]
    outcome: str = ""  # "paid" | "declined" when there are no errors
    brand: str = ""
    last4: str = ""


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2  # noqa: PLR2004
        total += value
    return total % 10 == 0


def brand(digits: str) -> str:
    if digits.startswith("4"):
        return "visa"
    if digits[:2] in {"34", "37"}:
        return "amex"
    if 51 <= int(digits[:2]) <= 55 or 2221 <= int(digits[:4]) <= 2720:  # noqa: PLR2004
        return "mastercard"
    return "card"


def _number_error(digits: str) -> str:
    if not digits.isdigit() or not MIN_DIGITS <= len(digits) <= MAX_DIGITS:
        return "Enter the card number: 12 to 19 digits."
    if not luhn_valid(digits):
        return "This card number is not valid: check it for a typing mistake."
    if digits not in TEST_CARDS:
        return "This demo takes test cards only: use 4242 4242 4242 4242."
    return ""


def _expiry_error(expiry: str, today: date) -> str:
    match = _EXPIRY.fullmatch(expiry.strip())
    if not match:
        return "Enter the expiry date as MM/YY."
    month, year = int(match[1]), int(match[2])
    year = year + 2000 if year < 100 else year  # noqa: PLR2004
    if not 1 <= month <= 12:  # noqa: PLR2004
        return "Enter the expiry date as MM/YY."
    if (year, month) < (today.year, today.month):
        return "This card has expired."
    return ""


def check_card(*, name: str, number: str, expiry: str, cvc: str, today: date) -> CardCheck:
    """Validate the four fields; never keep or return the number itself."""
    digits = _SEPARATORS.sub("", number)
    errors = {
        "name": "" if 0 < len(name.strip()) <= MAX_NAME else "Enter the name on the card.",
        "number": _number_error(digits),
        "expiry": _expiry_error(expiry, today),
        "cvc": "" if _CVC.fullmatch(cvc.strip()) else "Enter the 3 or 4 digit security code.",
    }
    errors = {field: message for field, message in errors.items() if message}
    if errors:
        return CardCheck(errors=errors)
    return CardCheck(errors={}, outcome=TEST_CARDS[digits], brand=brand(digits), last4=digits[-4:])
