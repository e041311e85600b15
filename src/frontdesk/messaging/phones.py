"""Phone numbers in one canonical form (E.164, "+447700900123"), so an opt-out always matches.

A national number ("07700 900123") takes the configured country code in place of its trunk 0.
"""

from __future__ import annotations

import re

from django.conf import settings

_SEPARATORS = re.compile(r"[\s\-().\/]")
_E164 = re.compile(r"^\+[1-9]\d{6,14}$")


class InvalidPhoneError(ValueError):
    """The text is not a phone number we can send an SMS to."""


def phone_normalise(raw: str) -> str:
    """The E.164 form of `raw`; raise `InvalidPhoneError` when it is not a phone number."""
    phone = _SEPARATORS.sub("", raw or "")
    if phone.startswith("00"):
        phone = "+" + phone[2:]
    elif phone.startswith("0"):
        phone = f"+{settings.FRONTDESK_SMS_COUNTRY_CODE}{phone[1:]}"
    if not _E164.match(phone):
        raise InvalidPhoneError("Enter a phone number with its country code, like +44 7700 900123.")
    return phone
