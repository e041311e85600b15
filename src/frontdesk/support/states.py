"""Ticket states and the one table of allowed transitions (django-helpdesk / Zendesk style).

A ticket changes state only through `Ticket.set_state`, which consults `TRANSITIONS` here.
"Closed" is reached only when the ticket's personal data is destroyed after the grace period
(see `retention`): a closed ticket is a bare record that cannot be reopened.
"""

from __future__ import annotations

from django.db import models

from frontdesk.support.errors import InvalidTransitionError


class TicketState(models.TextChoices):
    OPEN = "open", "Open"
    WAITING = "waiting", "Waiting on the customer"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed", "Closed"


TRANSITIONS: dict[str, frozenset[str]] = {
    TicketState.OPEN: frozenset({TicketState.WAITING, TicketState.RESOLVED}),
    TicketState.WAITING: frozenset({TicketState.OPEN, TicketState.RESOLVED}),
    TicketState.RESOLVED: frozenset({TicketState.OPEN, TicketState.CLOSED}),
    TicketState.CLOSED: frozenset(),
}

# States in which the customer and staff still talk about the issue.
ACTIVE_STATES: tuple[str, ...] = (TicketState.OPEN, TicketState.WAITING)


def can_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


def check_move(current: str, target: str) -> None:
    """Raise `InvalidTransitionError` (saying why) when current → target is not allowed."""
    if can_move(current, target):
        return
    raise InvalidTransitionError(
        f"This request is {TicketState(current).label.lower()}: it cannot become "
        f"{TicketState(target).label.lower()}."
    )
