"""Finding payment details in a partner notification (IN-18), so it can be refused before any
of it is stored or logged.

A notification carries payment details when any field's name reads like a card field ("card",
"cardNumber", "cc_num", "pan", "cvv", "iban", …) or any value, or key, holds a card number: a
run of 13 to 19 digits (spaces or dashes between groups allowed) that passes the Luhn check.
False alarms are possible (a long order number that happens to pass Luhn); the partner is told
to leave such a field out, which is the safe side of the promise.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

CARD_WORDS = frozenset(
    {"card", "pan", "cc", "ccn", "ccnum", "cvv", "cvv2", "cvc", "cvc2", "cvn", "iban", "bic"}
)
_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
# Digit groups joined by single spaces or dashes: "4242 4242 4242 4242", "4242-4242-…".
_RUN = re.compile(r"\d+(?:[ -]\d+)*")
CARD_MIN, CARD_MAX = 13, 19


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2  # noqa: PLR2004 - Luhn's rule
        total += value
    return total % 10 == 0


def _candidates(run: str) -> Iterator[str]:
    """Every sequence of adjacent digit groups of a run whose length a card number can have."""
    groups = re.split(r"[ -]", run)
    for start in range(len(groups)):
        digits = ""
        for group in groups[start:]:
            digits += group
            if len(digits) > CARD_MAX:
                break
            if len(digits) >= CARD_MIN:
                yield digits


def holds_card_number(text: str) -> bool:
    return any(
        luhn_valid(candidate) for run in _RUN.findall(text) for candidate in _candidates(run)
    )


def card_like_name(name: str) -> bool:
    """A key that names a card field, in any casing: card_number, ccNum, PAN, cardholder…"""
    words = [word.lower() for word in _WORDS.findall(name)]
    return any(word in CARD_WORDS or word.startswith("card") for word in words)


def _leaves(value: Any) -> Iterator[tuple[str, str]]:
    """(key, text) for every key and every scalar value, however deeply nested."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key), ""
            yield from _leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item)
    elif value is not None and not isinstance(value, bool):
        yield "", str(value)


def payment_data_in(payload: Any) -> str | None:
    """Why `payload` (parsed JSON) must be refused, or None. The reason names no value."""
    for key, text in _leaves(payload):
        if key and card_like_name(key):
            return "a field named like a card field"
        if holds_card_number(key or text):
            return "a card number"
    return None
