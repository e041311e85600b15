"""Reading queues: who may see which, the staff board, and a customer's place in the queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Q, QuerySet

from frontdesk.access.scopes import LOCATION, ORGANISATION
from frontdesk.access.selectors import scope_ids, scopes_with
from frontdesk.core import clock
from frontdesk.queues import controls, live
from frontdesk.queues.models import QUEUE, Queue, Ticket
from frontdesk.queues.states import ACTIVE_STATES, State
from frontdesk.queues.waits import service_seconds, wait_minutes


def queues_for(*, user: Any, capability: str | None = None) -> QuerySet[Queue]:
    """Queues covered by a grant of the user (one holding `capability`, when given): on the
    queue, its location or its organisation (QL-15). Ordered by location, then name; the
    location comes along (no extra query)."""
    scopes = scopes_with(user=user, capability=capability)
    return (
        Queue.objects.filter(
            Q(pk__in=scope_ids(scopes, QUEUE))
            | Q(location_id__in=scope_ids(scopes, LOCATION))
            | Q(organisation_id__in=scope_ids(scopes, ORGANISATION))
        )
        .select_related("location")
        .order_by("location__name", "name", "pk")
    )


def queues_served(*, user: Any) -> QuerySet[Queue]:
    """The queues whose SMS the user may read in the outbox: those where they may see a
    customer's phone on the board (`controls.SHOW_PHONE_CAPABILITY`), as the messages carry it."""
    return queues_for(user=user, capability=controls.SHOW_PHONE_CAPABILITY)


def queue_by_public_token(token: str) -> Queue | None:
    return Queue.objects.filter(public_token=token).select_related("location").first()


def ticket_by_token(token: str) -> Ticket | None:
    return Ticket.objects.filter(token=token).select_related("queue__location").first()


@dataclass(frozen=True)
class BoardEntry:
    ticket: Ticket  # loaded without the phone: the board never shows it
    position: int | None  # 1 = next; None once summoned or at the desk
    waited: timedelta

    @property
    def waited_minutes(self) -> int:
        return int(self.waited.total_seconds() // 60)


@dataclass(frozen=True)
class Board:
    queue: Queue
    version: int
    waiting: list[BoardEntry]
    called: list[BoardEntry]  # summoned or at the desk
    service_seconds: float

    @property
    def ticket_count(self) -> int:
        return len(self.waiting) + len(self.called)

    @property
    def wait_for_next_minutes(self) -> int:
        return wait_minutes(ahead=len(self.waiting), service_seconds=self.service_seconds)


def queue_board(*, queue: Queue) -> Board:
    """The tickets still in the queue with positions and wait so far, in a constant number of
    queries (two) however long the queue is. Phones are not loaded."""
    now = clock.now()
    tickets = (
        Ticket.objects.filter(queue=queue, state__in=ACTIVE_STATES)
        .defer("phone")
        .order_by("joined_at", "pk")
    )
    waiting: list[BoardEntry] = []
    called: list[BoardEntry] = []
    for ticket in tickets:
        ticket.queue = queue  # so nothing below fetches it again
        if ticket.state == State.WAITING:
            waiting.append(BoardEntry(ticket, len(waiting) + 1, now - ticket.joined_at))
        else:
            called.append(BoardEntry(ticket, None, now - ticket.joined_at))
    return Board(
        queue=queue,
        version=queue.version,
        waiting=waiting,
        called=called,
        service_seconds=service_seconds(
            queue_id=queue.pk, expected_minutes=queue.expected_service_minutes
        ),
    )


@dataclass(frozen=True)
class TicketStatus:
    """A customer's view of their ticket (no name, no phone: it is sent to pages and JSON)."""

    number: int
    state: str
    position: int | None
    wait_minutes: int | None
    version: int
    queue_open: bool

    @property
    def state_label(self) -> str:
        return State(self.state).label

    @property
    def is_final(self) -> bool:
        return self.state not in ACTIVE_STATES

    @property
    def message(self) -> str:
        return _message(self)

    @property
    def tone(self) -> str:
        """The badge class of the state (site.css: ok / warn / bad)."""
        return _TONES.get(self.state, "")

    @property
    def wait_text(self) -> str:
        if self.wait_minutes is None:
            return ""
        if self.wait_minutes == 0:
            return "Any moment now"
        return f"About {self.wait_minutes} min"

    def as_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "state": self.state,
            "state_label": self.state_label,
            "position": self.position,
            "wait_minutes": self.wait_minutes,
            "version": self.version,
            "queue_open": self.queue_open,
            "final": self.is_final,
            "message": self.message,
            "tone": self.tone,
            "wait_text": self.wait_text,
        }


_TONES: dict[str, str] = {
    State.SUMMONED: "warn",
    State.ARRIVED: "ok",
    State.SERVED: "ok",
    State.REMOVED: "bad",
    State.NO_SHOW: "bad",
    State.LEFT: "bad",
}
_MESSAGES: dict[str, str] = {
    State.SUMMONED: "You have been summoned — please go to the desk.",
    State.ARRIVED: "You are at the desk.",
    State.SERVED: "You have been served. Thank you for your visit.",
    State.REMOVED: "You are no longer in the queue: staff took your ticket off the list.",
    State.NO_SHOW: "You were summoned but did not come, so your ticket has ended.",
    State.LEFT: "You left the queue.",
}


def _message(status: TicketStatus) -> str:
    if status.state != State.WAITING:
        return _MESSAGES[State(status.state)]
    if status.position == 1:
        return "You are next."
    return f"You are number {status.position} in the queue."


def ticket_status(*, ref: live.TicketRef) -> TicketStatus | None:
    """Where the ticket stands, from the queue's cached public state; the database is read only
    for a ticket that is not in that state (it has ended, or the cache lags a commit)."""
    state = live.public_state(ref.queue_id)
    if state is None:
        return None
    current = _state_in(state, ref.id)
    if current is None:
        current = Ticket.objects.filter(pk=ref.id).values_list("state", flat=True).first()
        if current is None:
            return None
        if current in ACTIVE_STATES:
            # Still in the queue, so the cache has not caught up with a commit yet: catch it up.
            live.publish_version(ref.queue_id)
            state = live.public_state(ref.queue_id) or state
            current = _state_in(state, ref.id) or current
    position = state.position_of(ref.id)
    return TicketStatus(
        number=ref.number,
        state=current,
        position=position,
        wait_minutes=None
        if position is None
        else wait_minutes(ahead=position - 1, service_seconds=state.service_seconds),
        version=state.version,
        queue_open=state.is_active,
    )


def _state_in(state: live.PublicState, ticket_id: int) -> str | None:
    if ticket_id in state.waiting:
        return State.WAITING
    return state.called.get(ticket_id)
