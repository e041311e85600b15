"""JSON API of the queues app (mounted at /api/queues/ by frontdesk.config.api).

Staff endpoints authenticate by session (with its CSRF token, QL-5) or by a scoped API token,
and fetch through the access helper: outsiders 404, members without the capability 403.
Responses list the `allowed_actions` of the caller (QL-16). The two public endpoints need no
login and address queues and tickets by opaque tokens only (QL-7).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Status
from ninja.errors import HttpError

from frontdesk.access import capabilities as caps
from frontdesk.access.models import Location
from frontdesk.access.selectors import capabilities_on, get_for_user
from frontdesk.core import clock
from frontdesk.identity.apiauth import API_AUTH, require_scope
from frontdesk.queues import controls, selectors, services
from frontdesk.queues.api import public
from frontdesk.queues.api.schemas import (
    ERRORS,
    BoardOut,
    CustomerIn,
    ErrorOut,
    QueueChangeIn,
    QueueCreateIn,
    QueueOut,
    ReportOut,
    TicketOut,
    bad_input,
)
from frontdesk.queues.errors import QueueError
from frontdesk.queues.models import Queue, Ticket
from frontdesk.queues.reports import MAX_DAYS, Period

router = Router(tags=["queues"])
M = TypeVar("M", bound=Model)


# --- helpers ----------------------------------------------------------------------------------


def _fetch(
    queryset: QuerySet[M],
    request: HttpRequest,
    capability: str | None,
    pk: int,
    *,
    what: str = "queue",
) -> M:
    try:
        return get_for_user(queryset, user=request.user, capability=capability, pk=pk)
    except PermissionDenied:
        raise HttpError(403, f"You lack the capability for this action on this {what}.") from None


def _queue_out(request: HttpRequest, queue: Queue) -> QueueOut:
    held = capabilities_on(user=request.user, resource=queue) or frozenset()
    return QueueOut(
        id=queue.pk,
        name=queue.name,
        organisation_id=queue.organisation_id,
        location_id=queue.location_id,
        location_name=queue.location.name,
        is_active=queue.is_active,
        expected_service_minutes=queue.expected_service_minutes,
        version=queue.version,
        public_url=reverse("queues:join", kwargs={"public_token": queue.public_token}),
        allowed_actions=controls.queue_actions(is_active=queue.is_active, capabilities=held),
    )


def _ticket_out(
    ticket: Ticket, held: frozenset[str], *, position: int | None, waited: timedelta
) -> TicketOut:
    return TicketOut(
        id=ticket.pk,
        number=ticket.number,
        name=ticket.name,
        state=ticket.state,
        source=ticket.source,
        sms_opt_in=ticket.sms_opt_in,
        position=position,
        joined_at=ticket.joined_at,
        summoned_at=ticket.summoned_at,
        waited_seconds=int(waited.total_seconds()),
        allowed_actions=controls.ticket_actions(
            state=ticket.state, capabilities=held, has_phone=ticket.sms_opt_in
        ),
    )


# --- staff endpoints --------------------------------------------------------------------------


@router.get("/", auth=API_AUTH, response=list[QueueOut])
def queue_list(request: HttpRequest) -> list[QueueOut]:
    """The queues the caller holds any grant on, with what they may do on each."""
    require_scope(request, "queues:read")
    return [_queue_out(request, queue) for queue in selectors.queues_for(user=request.user)]


@router.post("/", auth=API_AUTH, response={201: QueueOut, **ERRORS})
def queue_create(
    request: HttpRequest, payload: QueueCreateIn
) -> Status[QueueOut] | Status[ErrorOut]:
    """Set up a new, open queue at a location (capability: set up locations and queues)."""
    require_scope(request, "queues:write")
    location = _fetch(
        Location.objects.all(), request, caps.SETUP_MANAGE, payload.location_id, what="location"
    )
    try:
        queue = services.queue_create(
            actor=request.user,
            location=location,
            name=payload.name,
            expected_service_minutes=payload.expected_service_minutes,
        )
    except ValidationError as error:
        return bad_input(error)
    return Status(201, _queue_out(request, queue))


@router.patch("/{queue_id}", auth=API_AUTH, response={200: QueueOut, **ERRORS})
def queue_change(
    request: HttpRequest, queue_id: int, payload: QueueChangeIn
) -> QueueOut | Status[ErrorOut]:
    """Rename a queue or change its expected service time (capability: set up locations and
    queues). Fields left out keep their value; its public page keeps its address."""
    require_scope(request, "queues:write")
    queue = _fetch(Queue.objects.select_related("location"), request, caps.SETUP_MANAGE, queue_id)
    minutes = payload.expected_service_minutes
    try:
        changed = services.queue_update(
            actor=request.user,
            queue=queue,
            name=queue.name if payload.name is None else payload.name,
            expected_service_minutes=queue.expected_service_minutes if minutes is None else minutes,
        )
    except ValidationError as error:
        return bad_input(error)
    changed.location = queue.location
    return _queue_out(request, changed)


@router.get("/{queue_id}/board", auth=API_AUTH, response={200: BoardOut, **ERRORS})
def queue_board(request: HttpRequest, queue_id: int) -> BoardOut:
    """Who is waiting, summoned or at the desk (a read of names: audited; capability: read
    the board)."""
    require_scope(request, "queues:read")
    queue = _fetch(Queue.objects.select_related("location"), request, caps.QUEUE_BOARD, queue_id)
    held = capabilities_on(user=request.user, resource=queue) or frozenset()
    board = services.queue_board_open(actor=request.user, queue=queue)
    return BoardOut(
        queue=_queue_out(request, queue),
        version=board.version,
        service_seconds=board.service_seconds,
        waiting=[
            _ticket_out(e.ticket, held, position=e.position, waited=e.waited) for e in board.waiting
        ],
        called=[_ticket_out(e.ticket, held, position=None, waited=e.waited) for e in board.called],
    )


@router.post("/{queue_id}/tickets", auth=API_AUTH, response={201: TicketOut, **ERRORS})
def walk_in_add(
    request: HttpRequest, queue_id: int, payload: CustomerIn
) -> Status[TicketOut] | Status[ErrorOut]:
    """Add a walk-in customer (capability: add and remove customers)."""
    require_scope(request, "queues:write")
    queue = _fetch(
        Queue.objects.select_related("location"), request, caps.QUEUE_CUSTOMERS, queue_id
    )
    try:
        ticket = services.ticket_add_walk_in(
            actor=request.user, queue=queue, **payload.model_dump()
        )
    except ValidationError as error:
        return bad_input(error)
    except QueueError as error:
        raise HttpError(error.status_code, str(error)) from None
    held = capabilities_on(user=request.user, resource=queue) or frozenset()
    return Status(201, _ticket_out(ticket, held, position=None, waited=timedelta(0)))


def _ticket_action(request: HttpRequest, ticket_id: int, action: str) -> TicketOut:
    require_scope(request, "queues:write")
    capability, _ = controls.TICKET_ACTIONS[action]
    ticket = _fetch(Ticket.objects.select_related("queue"), request, capability, ticket_id)
    try:
        moved = services.TICKET_CHANGES[action](actor=request.user, ticket=ticket)
    except QueueError as error:
        raise HttpError(error.status_code, str(error)) from None
    held = capabilities_on(user=request.user, resource=ticket) or frozenset()
    return _ticket_out(moved, held, position=None, waited=clock.now() - moved.joined_at)


@router.post("/tickets/{ticket_id}/summon", auth=API_AUTH, response={200: TicketOut, **ERRORS})
def ticket_summon(request: HttpRequest, ticket_id: int) -> TicketOut:
    """Summon the customer (an SMS only if they chose SMS updates)."""
    return _ticket_action(request, ticket_id, "summon")


@router.post("/tickets/{ticket_id}/arrive", auth=API_AUTH, response={200: TicketOut, **ERRORS})
def ticket_arrive(request: HttpRequest, ticket_id: int) -> TicketOut:
    """Mark the summoned customer arrived at the desk."""
    return _ticket_action(request, ticket_id, "arrive")


@router.post("/tickets/{ticket_id}/serve", auth=API_AUTH, response={200: TicketOut, **ERRORS})
def ticket_serve(request: HttpRequest, ticket_id: int) -> TicketOut:
    """Mark the customer at the desk served."""
    return _ticket_action(request, ticket_id, "serve")


@router.post("/tickets/{ticket_id}/no-show", auth=API_AUTH, response={200: TicketOut, **ERRORS})
def ticket_no_show(request: HttpRequest, ticket_id: int) -> TicketOut:
    """Mark the summoned customer as not having come."""
    return _ticket_action(request, ticket_id, "no-show")


@router.post("/tickets/{ticket_id}/remove", auth=API_AUTH, response={200: TicketOut, **ERRORS})
def ticket_remove(request: HttpRequest, ticket_id: int) -> TicketOut:
    """Take the customer off the queue."""
    return _ticket_action(request, ticket_id, "remove")


def _set_active(request: HttpRequest, queue_id: int, *, active: bool) -> QueueOut:
    require_scope(request, "queues:write")
    queue = _fetch(Queue.objects.select_related("location"), request, caps.QUEUE_ACTIVATE, queue_id)
    change = services.queue_activate if active else services.queue_deactivate
    try:
        changed = change(actor=request.user, queue=queue)
    except QueueError as error:
        raise HttpError(error.status_code, str(error)) from None
    changed.location = queue.location
    return _queue_out(request, changed)


@router.post("/{queue_id}/activate", auth=API_AUTH, response={200: QueueOut, **ERRORS})
def queue_activate(request: HttpRequest, queue_id: int) -> QueueOut:
    """Open the queue to new customers."""
    return _set_active(request, queue_id, active=True)


@router.post("/{queue_id}/deactivate", auth=API_AUTH, response={200: QueueOut, **ERRORS})
def queue_deactivate(request: HttpRequest, queue_id: int) -> QueueOut:
    """Close the queue to new customers."""
    return _set_active(request, queue_id, active=False)


@router.get("/{queue_id}/report", auth=API_AUTH, response={200: ReportOut, **ERRORS})
def queue_report(
    request: HttpRequest, queue_id: int, start: date | None = None, end: date | None = None
) -> ReportOut:
    """Figures over the customers who joined from `start` to `end` (dates, both included;
    the last 7 days by default). Audited."""
    require_scope(request, "queues:read")
    queue = _fetch(Queue.objects.select_related("location"), request, caps.QUEUE_REPORTS, queue_id)
    default = Period.last_days(7)
    period = Period(first=start or default.first, last=end or default.last)
    if period.last < period.first or (period.last - period.first).days >= MAX_DAYS:
        raise HttpError(400, f"Give start <= end, at most {MAX_DAYS} days apart.")
    report = services.queue_report_open(
        actor=request.user, queues=[queue], period=period, subject=queue
    )
    return ReportOut(
        queue_ids=[queue.pk],
        start=period.first,
        end=period.last,
        joined=report.joined,
        served=report.served,
        no_shows=report.no_shows,
        left=report.left,
        removed=report.removed,
        avg_wait_seconds=report.avg_wait_seconds,
        p90_wait_seconds=report.p90_wait_seconds,
        avg_service_seconds=report.avg_service_seconds,
        arrivals_by_hour=report.arrivals_by_hour,
    )


router.add_router("/public/", public.router)
