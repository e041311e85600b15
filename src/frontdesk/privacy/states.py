"""Privacy-request states and the one table of allowed transitions (FD-9).

A request changes state only through `PrivacyRequest.set_state`, which consults `TRANSITIONS`
here: received → identity verified → in progress → done, or refused (with a reason) from any
open state.
"""

from __future__ import annotations

from django.db import models


class InvalidTransitionError(ValueError):
    """The request is in a state from which the asked change is not allowed."""


class State(models.TextChoices):
    RECEIVED = "received", "Received"
    IDENTITY_VERIFIED = "identity_verified", "Identity verified"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    REFUSED = "refused", "Refused"


TRANSITIONS: dict[str, frozenset[str]] = {
    State.RECEIVED: frozenset({State.IDENTITY_VERIFIED, State.IN_PROGRESS, State.REFUSED}),
    State.IDENTITY_VERIFIED: frozenset({State.IN_PROGRESS, State.DONE, State.REFUSED}),
    State.IN_PROGRESS: frozenset({State.DONE, State.REFUSED}),
    State.DONE: frozenset(),
    State.REFUSED: frozenset(),
}

FINAL_STATES: frozenset[str] = frozenset(s for s, nexts in TRANSITIONS.items() if not nexts)
OPEN_STATES: tuple[str, ...] = tuple(s for s in TRANSITIONS if s not in FINAL_STATES)


def can_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


def check_move(current: str, target: str) -> None:
    """Raise `InvalidTransitionError` (saying why) when current → target is not allowed."""
    if not can_move(current, target):
        raise InvalidTransitionError(
            f"A request that is {State(current).label.lower()} cannot become "
            f"{State(target).label.lower()}."
        )
