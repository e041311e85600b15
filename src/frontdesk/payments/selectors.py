"""Reading payments."""

from __future__ import annotations

from frontdesk.payments.models import Payment
from frontdesk.payments.providers import configured_name, get_provider


def payment_latest(*, purpose: str, reference: str) -> Payment | None:
    """The newest payment attempt for the caller's reference, whatever its state."""
    return Payment.objects.filter(purpose=purpose, reference=reference).order_by("-attempt").first()


def checkout_origin() -> str:
    """The origin of the configured provider's hosted page ("" when none is configured)."""
    return get_provider().checkout_origin if configured_name() else ""
