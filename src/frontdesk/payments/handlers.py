"""What happens to the caller's records when a payment changes: each purpose (e.g.
"shop.checkout") registers one handler, from its AppConfig.ready().

Handlers run inside the transaction that moved the payment (the webhook's, or the refund's),
once per real state change: a replayed webhook calls nothing. A handler that raises rolls the
whole change back — the webhook answers 500 and the provider delivers it again later.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from frontdesk.payments.models import Payment

logger = logging.getLogger("frontdesk.payments")


@dataclass(frozen=True)
class PaymentOutcome:
    payment: Payment
    kind: str  # "paid" | "failed" | "expired" | "refunded"


Handler = Callable[[PaymentOutcome], None]
_HANDLERS: dict[str, list[Handler]] = {}


def register(purpose: str, handler: Handler) -> None:
    """Call `handler` for every state change of the payments of `purpose` (registering the same
    handler twice is harmless: ready() may run more than once)."""
    handlers = _HANDLERS.setdefault(purpose, [])
    if handler not in handlers:
        handlers.append(handler)


def unregister(purpose: str, handler: Handler) -> None:
    if handler in _HANDLERS.get(purpose, []):
        _HANDLERS[purpose].remove(handler)


def dispatch(outcome: PaymentOutcome) -> None:
    handlers = _HANDLERS.get(outcome.payment.purpose, [])
    if not handlers:
        logger.warning(
            "No handler for payments of purpose %r (payment %s became %s).",
            outcome.payment.purpose,
            outcome.payment.pk,
            outcome.kind,
        )
    for handler in list(handlers):
        handler(outcome)
