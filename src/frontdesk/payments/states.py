"""Payment states and the one table of allowed transitions (like django-oscar's order pipeline).

A payment changes state only through `Payment.set_state`, which consults `TRANSITIONS` here.
"""

from __future__ import annotations

from django.db import models

from frontdesk.payments.errors import InvalidTransitionError


class State(models.TextChoices):
    PENDING = "pending", "Waiting for the provider"
    PAID = "paid", "Paid"
    FAILED = "failed", "Failed"
    EXPIRED = "expired", "Expired unpaid"
    REFUNDED = "refunded", "Refunded"


TRANSITIONS: dict[str, frozenset[str]] = {
    State.PENDING: frozenset({State.PAID, State.FAILED, State.EXPIRED}),
    State.PAID: frozenset({State.REFUNDED}),
    State.FAILED: frozenset(),
    State.EXPIRED: frozenset(),
    State.REFUNDED: frozenset(),
}

# What each kind of provider event asks for.
KIND_TARGETS: dict[str, str] = {
    "paid": State.PAID,
    "failed": State.FAILED,
    "expired": State.EXPIRED,
    "refunded": State.REFUNDED,
}


def can_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


def check_move(current: str, target: str) -> None:
    """Raise `InvalidTransitionError` (saying why) when current → target is not allowed."""
    if not can_move(current, target):
        raise InvalidTransitionError(
            f"A payment that is {State(current).label.lower()} cannot become "
            f"{State(target).label.lower()}."
        )
