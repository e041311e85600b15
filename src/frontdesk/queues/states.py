"""Ticket states and the one table of allowed transitions (like django-oscar's order pipeline).

A ticket changes state only through `Ticket.set_state`, which consults `TRANSITIONS` here.
"""

from __future__ import annotations

from django.db import models

from frontdesk.queues.errors import InvalidTransitionError


class State(models.TextChoices):
    WAITING = "waiting", "Waiting"
    SUMMONED = "summoned", "Summoned"
    ARRIVED = "arrived", "At the desk"
    SERVED = "served", "Served"
    REMOVED = "removed", "Removed by staff"
    NO_SHOW = "no_show", "Did not come"
    LEFT = "left", "Left the queue"


TRANSITIONS: dict[str, frozenset[str]] = {
    State.WAITING: frozenset({State.SUMMONED, State.REMOVED, State.LEFT}),
    State.SUMMONED: frozenset({State.ARRIVED, State.NO_SHOW, State.REMOVED, State.LEFT}),
    State.ARRIVED: frozenset({State.SERVED, State.REMOVED}),
    State.SERVED: frozenset(),
    State.REMOVED: frozenset(),
    State.NO_SHOW: frozenset(),
    State.LEFT: frozenset(),
}

# The states in which a ticket is still "in the queue" (shown on the board).
ACTIVE_STATES: tuple[str, ...] = (State.WAITING, State.SUMMONED, State.ARRIVED)
FINAL_STATES: frozenset[str] = frozenset(s for s, nexts in TRANSITIONS.items() if not nexts)

# How states read in an error message: "Ticket 7 is <where>, so it cannot be <verb>."
_WHERE: dict[str, str] = {
    State.WAITING: "still waiting",
    State.SUMMONED: "already summoned",
    State.ARRIVED: "already at the desk",
    State.SERVED: "already served",
    State.REMOVED: "removed from the queue",
    State.NO_SHOW: "marked no-show",
    State.LEFT: "no longer in the queue (the customer left)",
}
_VERBS: dict[str, str] = {
    State.SUMMONED: "summoned",
    State.ARRIVED: "marked arrived",
    State.SERVED: "marked served",
    State.REMOVED: "removed",
    State.NO_SHOW: "marked no-show",
    State.LEFT: "taken out of the queue",
    State.WAITING: "put back in the queue",
}


def can_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


def check_move(current: str, target: str, *, number: int) -> None:
    """Raise `InvalidTransitionError` (saying why) when current → target is not allowed."""
    if can_move(current, target):
        return
    raise InvalidTransitionError(
        f"Ticket {number} is {_WHERE.get(current, current)}, "
        f"so it cannot be {_VERBS.get(target, target)}."
    )
