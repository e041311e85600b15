"""The queue service's personal data, as it may leave production (`frontdesk.core.privacy`)."""

from __future__ import annotations

from django.db.models import Model

from frontdesk.core.privacy import Replace, fake_phone


def _name(row: Model) -> str:
    return f"Customer {row.pk}"


def _phone(row: Model) -> str:
    return fake_phone(row) if getattr(row, "phone", "") else ""


COPY_RULES = [Replace("queues.Ticket", fields={"name": _name, "phone": _phone})]
