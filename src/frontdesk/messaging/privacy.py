"""Messaging's personal data, as it may leave production (`frontdesk.core.privacy`)."""

from __future__ import annotations

from django.db.models import Model

from frontdesk.core.privacy import Replace, fake_phone


def _body(row: Model) -> str:
    return "[message text removed from this copy]"


COPY_RULES = [
    Replace("messaging.SmsMessage", fields={"to_phone": fake_phone, "body": _body}),
    Replace("messaging.SmsOptOut", fields={"phone": fake_phone}),
]
