"""Which controls a staff member gets on a queue and on each ticket (QL-16, QL-17).

Pages render only these controls and API responses list them as `allowed_actions`, so a
control the user lacks is absent rather than merely refused. The views still check the
capability on every request.
"""

from __future__ import annotations

from collections.abc import Iterable

from frontdesk.access import capabilities as caps
from frontdesk.queues.states import State, can_move

# ticket action (as in URLs and the API) → (capability needed, state it moves the ticket to)
TICKET_ACTIONS: dict[str, tuple[str, str]] = {
    "summon": (caps.QUEUE_SUMMON, State.SUMMONED),
    "arrive": (caps.QUEUE_ARRIVE, State.ARRIVED),
    "serve": (caps.QUEUE_ARRIVE, State.SERVED),
    "no-show": (caps.QUEUE_SUMMON, State.NO_SHOW),
    "remove": (caps.QUEUE_CUSTOMERS, State.REMOVED),
}
TICKET_ACTION_LABELS: dict[str, str] = {
    "summon": "Summon",
    "arrive": "Mark arrived",
    "serve": "Served",
    "no-show": "No-show",
    "remove": "Remove",
    "show_phone": "Show phone",
}
TICKET_ACTION_DONE: dict[str, str] = {
    "summon": "summoned",
    "arrive": "marked arrived",
    "serve": "marked served",
    "no-show": "marked no-show",
    "remove": "removed from the queue",
}
# Seeing a customer's phone number (to call them when they do not come) goes with summoning.
SHOW_PHONE = "show_phone"
SHOW_PHONE_CAPABILITY = caps.QUEUE_SUMMON


def capability_for(action: str) -> str | None:
    """The capability a ticket action needs; None for an unknown action."""
    if action == SHOW_PHONE:
        return SHOW_PHONE_CAPABILITY
    return TICKET_ACTIONS[action][0] if action in TICKET_ACTIONS else None


def queue_actions(*, is_active: bool, capabilities: Iterable[str]) -> list[str]:
    """Queue-level actions: view (the board), add_walk_in, activate / deactivate, reports,
    edit."""
    held = set(capabilities)
    actions = ["view"] if caps.QUEUE_BOARD in held else []
    if caps.QUEUE_CUSTOMERS in held:  # while closed, the service says so clearly
        actions.append("add_walk_in")
    if caps.QUEUE_ACTIVATE in held:
        actions.append("deactivate" if is_active else "activate")
    if caps.QUEUE_REPORTS in held:
        actions.append("reports")
    if caps.SETUP_MANAGE in held:  # rename it, change its expected service time
        actions.append("edit")
    return actions


def ticket_actions(
    *, state: str, capabilities: Iterable[str], has_phone: bool = False
) -> list[str]:
    """Ticket-level actions the user may take now: held capability and an allowed transition."""
    held = set(capabilities)
    actions = [
        action
        for action, (capability, target) in TICKET_ACTIONS.items()
        if capability in held and can_move(state, target)
    ]
    if has_phone and SHOW_PHONE_CAPABILITY in held:
        actions.append(SHOW_PHONE)
    return actions
