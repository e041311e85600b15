"""What watchers of a queue see, kept in the shared cache (settings.CACHES, common to every
worker process) so that many customers watching one queue do not multiply database work.

- The queue's committed `version` is published to the cache after every change (on commit).
- The queue's public state (waiting ticket ids in order, who is summoned or at the desk, the
  service time) is cached per queue and version: it is built once per change, by whichever
  request needs it first, while the others wait a moment for it.
- A long poll re-reads only the cached version, every `POLL_INTERVAL` seconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.cache import cache

from frontdesk.core import tenancy
from frontdesk.queues.models import Queue, Ticket
from frontdesk.queues.states import ACTIVE_STATES, State
from frontdesk.queues.waits import service_seconds

POLL_INTERVAL = 0.25  # seconds between two looks at the version: "within a second"
VERSION_TTL = 600  # a lost update heals itself after this long at worst
STATE_TTL = 3600
TICKET_TTL = 24 * 3600
_BUILD_LOCK_TTL = 5
_BUILD_WAIT_POLLS = 40  # x 0.05 s: how long others wait for the builder before building too

Sleep = Callable[[float], None]


@dataclass(frozen=True)
class PublicState:
    """A queue as any watcher may know it: ticket ids and states, no names, no phones."""

    queue_id: int
    version: int
    is_active: bool
    waiting: tuple[int, ...]
    called: dict[int, str] = field(default_factory=dict)  # summoned / arrived ticket id → state
    service_seconds: float = 0.0

    def position_of(self, ticket_id: int) -> int | None:
        try:
            return self.waiting.index(ticket_id) + 1
        except ValueError:
            return None


@dataclass(frozen=True)
class TicketRef:
    """What never changes about a ticket: safe to cache by its token."""

    id: int
    queue_id: int
    number: int


def _version_key(queue_id: int) -> str:
    return f"queues:version:{queue_id}"


def _state_key(queue_id: int, version: int) -> str:
    return f"queues:state:{queue_id}:{version}"


def _ticket_key(token: str) -> str:
    # Filed under the business asking: a token looked up on one business's host is never
    # answered from the cache on another's, where the ticket does not exist (FD-16).
    tenant = tenancy.current()
    asking = "any" if tenant is None else tenant.business_id or "platform"
    return f"queues:ticket:{asking}:{token}"


def publish_version(queue_id: int) -> None:
    """Put the queue's committed version in the cache. Run on commit of every change.

    It re-reads the version rather than trusting the caller's, so two commits racing each other
    cannot leave the older number behind."""
    version = Queue.objects.filter(pk=queue_id).values_list("version", flat=True).first()
    if version is not None:
        cache.set(_version_key(queue_id), version, VERSION_TTL)


def current_version(queue_id: int) -> int | None:
    """The queue's version from the cache (the database only when the cache lost it)."""
    cached = cache.get(_version_key(queue_id))
    if cached is not None:
        return int(cached)
    version = Queue.objects.filter(pk=queue_id).values_list("version", flat=True).first()
    if version is not None:
        cache.add(_version_key(queue_id), version, VERSION_TTL)
    return version


def polls_for(seconds: float) -> int:
    return max(0, int(seconds / POLL_INTERVAL))


def wait_for_change(
    *, queue_id: int, since: int, polls: int, sleep: Sleep | None = None
) -> int | None:
    """Return the version as soon as it differs from `since`, looking every `POLL_INTERVAL`
    seconds, at most `polls` more times; after that, the (unchanged) version."""
    nap = sleep or time.sleep
    version = current_version(queue_id)
    for _ in range(polls):
        if version != since:
            break
        nap(POLL_INTERVAL)
        version = current_version(queue_id)
    return version


def build_public_state(queue_id: int) -> PublicState | None:
    """Read the public state from the database: three queries whatever the queue's length.

    The version is read first, so the state is never older than the version it is filed under.
    """
    queue = (
        Queue.objects.filter(pk=queue_id)
        .values("version", "is_active", "expected_service_minutes")
        .first()
    )
    if queue is None:
        return None
    tickets = (
        Ticket.objects.filter(queue_id=queue_id, state__in=ACTIVE_STATES)
        .order_by("joined_at", "pk")
        .values_list("pk", "state")
    )
    waiting, called = [], {}
    for pk, state in tickets:
        if state == State.WAITING:
            waiting.append(pk)
        else:
            called[pk] = state
    return PublicState(
        queue_id=queue_id,
        version=queue["version"],
        is_active=queue["is_active"],
        waiting=tuple(waiting),
        called=called,
        service_seconds=service_seconds(
            queue_id=queue_id, expected_minutes=queue["expected_service_minutes"]
        ),
    )


def public_state(queue_id: int, *, sleep: Sleep | None = None) -> PublicState | None:
    """The cached public state of the queue's current version, built once per change."""
    version = current_version(queue_id)
    if version is None:
        return None
    key = _state_key(queue_id, version)
    state: PublicState | None = cache.get(key)
    if state is not None:
        return state
    if not cache.add(f"{key}:building", 1, _BUILD_LOCK_TTL):
        # Someone else is building it: wait for theirs rather than hit the database too.
        for _ in range(_BUILD_WAIT_POLLS):
            (sleep or time.sleep)(0.05)
            state = cache.get(key)
            if state is not None:
                return state
    state = build_public_state(queue_id)
    if state is not None:
        # Filed under the version asked for, and under the one actually read (never older).
        cache.set_many({key: state, _state_key(queue_id, state.version): state}, STATE_TTL)
    return state


def ticket_ref(token: str) -> TicketRef | None:
    """The ticket behind a customer's token at the bound business, from the cache when it was
    looked up there before."""
    key = _ticket_key(token)
    ref: TicketRef | None = cache.get(key)
    if ref is not None:
        return ref
    row = Ticket.objects.filter(token=token).values_list("pk", "queue_id", "number").first()
    if row is None:
        return None
    ref = TicketRef(id=row[0], queue_id=row[1], number=row[2])
    cache.set(key, ref, TICKET_TTL)
    return ref
