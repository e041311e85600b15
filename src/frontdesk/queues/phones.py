"""Phone numbers as customers type them, brought to one E.164 form (+ and 8 to 15 digits).

A national number ("07700 900123") takes the configured country code in place of its trunk 0,
the same rule the messaging app applies before it sends.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError

_SEPARATORS = re.compile(r"[\s().\-/]")
_E164 = re.compile(r"^\+[1-9]\d{7,14}$")

INVALID_MESSAGE = "Enter a mobile phone number, with its country code, like +44 7700 900123."


def normalise_phone(raw: str) -> str:
    """Return the number as +<digits>; raise ValidationError with a message a person can act on.

    Spaces, dots, dashes, slashes and brackets are ignored; a leading 00 counts as +.
    """
    compact = _SEPARATORS.sub("", raw.strip())
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    elif compact.startswith("0"):
        compact = f"+{getattr(settings, 'FRONTDESK_SMS_COUNTRY_CODE', '44')}{compact[1:]}"
    if not _E164.match(compact):
        raise ValidationError(INVALID_MESSAGE, code="phone")
    return compact
