"""Changing queues and tickets.

Rules for every function here: it runs in one transaction; it locks the queue row first (then
the ticket row), so concurrent changes queue up instead of overwriting each other; it records
its audit event in that transaction (actor = the staff member, or None for the customer); and
it bumps the queue's version, published to watchers on commit. SMS go out only on commit, and
only to customers who ticked "Send me SMS updates" (QL-1).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.text import slugify

from frontdesk.access.models import Location
from frontdesk.audit.services import audit_record
from frontdesk.core import clock
from frontdesk.messaging.services import sms_send
from frontdesk.queues import live
from frontdesk.queues.errors import QueueClosedError, QueueError
from frontdesk.queues.models import Queue, Ticket
from frontdesk.queues.phones import normalise_phone
from frontdesk.queues.reports import Period, QueueReport, queue_report
from frontdesk.queues.selectors import Board, queue_board
from frontdesk.queues.states import State

NAME_MAX = 80
PHONE_WITHOUT_OPT_IN = (
    "We only keep a phone number to send SMS updates: tick “Send me SMS updates”, "
    "or leave the phone number empty."
)
OPT_IN_WITHOUT_PHONE = "Enter a phone number for the SMS updates, or untick the box."


# --- queues -----------------------------------------------------------------------------------


QUEUE_NAME_MAX = 120
MINUTES_MAX = 240  # four hours: a longer "expected service" is a typing mistake


def _queue_fields(*, name: str, expected_service_minutes: int) -> str:
    """The cleaned name; ValidationError naming every bad field."""
    name = name.strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Enter a name for the queue."
    elif len(name) > QUEUE_NAME_MAX:
        errors["name"] = f"Keep the name to {QUEUE_NAME_MAX} characters."
    if not 1 <= expected_service_minutes <= MINUTES_MAX:
        errors["expected_service_minutes"] = (
            f"Enter the expected service time in whole minutes, from 1 to {MINUTES_MAX}."
        )
    if errors:
        raise ValidationError(errors)
    return name


@transaction.atomic
def queue_create(
    *, actor: Any, location: Location, name: str, expected_service_minutes: int = 5
) -> Queue:
    """A new, active queue at `location` (of the location's organisation).

    Rules: a name (1-120 characters) and an expected service time of 1-240 minutes, else
    ValidationError and nothing created; the slug comes from the name, unique within the
    location (the location's row is locked first, so two queues created at once never pick
    the same one).
    """
    name = _queue_fields(name=name, expected_service_minutes=expected_service_minutes)
    Location.objects.select_for_update().get(pk=location.pk)
    queue = Queue.objects.create(
        organisation_id=location.organisation_id,
        location=location,
        name=name,
        slug=_free_slug(location_id=location.pk, name=name),
        expected_service_minutes=expected_service_minutes,
    )
    audit_record(
        actor=actor,
        action="queues.queue.created",
        target=queue,
        details={
            "name": name,
            "location_id": location.pk,
            "expected_service_minutes": expected_service_minutes,
        },
    )
    return queue


@transaction.atomic
def queue_update(*, actor: Any, queue: Queue, name: str, expected_service_minutes: int) -> Queue:
    """Rename the queue and/or change its expected service time (used for wait estimates
    until customers have been served). Same rules as `queue_create`; the slug and the public
    page's address stay. Audited with the fields before and after; watchers refresh."""
    name = _queue_fields(name=name, expected_service_minutes=expected_service_minutes)
    locked = _lock_queue(queue.pk)
    after = {"name": name, "expected_service_minutes": expected_service_minutes}
    before = {field: getattr(locked, field) for field in after}
    changed = [field for field in after if before[field] != after[field]]
    if not changed:
        return locked
    for field in changed:
        setattr(locked, field, after[field])
    _bump(locked, *changed)
    audit_record(
        actor=actor,
        action="queues.queue.changed",
        target=locked,
        details={
            "before": {field: before[field] for field in changed},
            "after": {field: after[field] for field in changed},
        },
    )
    return locked


def _free_slug(*, location_id: int, name: str) -> str:
    base = slugify(name)[:40] or "queue"
    taken = set(
        Queue.objects.filter(location_id=location_id, slug__startswith=base).values_list(
            "slug", flat=True
        )
    )
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


@transaction.atomic
def queue_activate(*, actor: Any, queue: Queue) -> Queue:
    """Open the queue to new customers."""
    return _set_active(actor=actor, queue=queue, active=True)


@transaction.atomic
def queue_deactivate(*, actor: Any, queue: Queue) -> Queue:
    """Close the queue to new customers; those already in it stay."""
    return _set_active(actor=actor, queue=queue, active=False)


def _set_active(*, actor: Any, queue: Queue, active: bool) -> Queue:
    locked = _lock_queue(queue.pk)
    if locked.is_active == active:
        raise QueueError(f"This queue is already {'open' if active else 'closed'}.")
    locked.is_active = active
    _bump(locked, "is_active")
    audit_record(
        actor=actor,
        action="queues.queue.activated" if active else "queues.queue.deactivated",
        target=locked,
    )
    return locked


def _lock_queue(queue_id: int) -> Queue:
    return Queue.objects.select_for_update().get(pk=queue_id)


def _bump(queue: Queue, *fields: str) -> None:
    """Count a change of the (locked) queue and tell watchers once it is committed."""
    queue.version += 1
    queue.save(update_fields=["version", *fields])
    transaction.on_commit(partial(live.publish_version, queue.pk), robust=True)


# --- joining ----------------------------------------------------------------------------------


@transaction.atomic
def ticket_join(
    *, queue: Queue, name: str, phone: str, sms_opt_in: bool, user: Any = None
) -> Ticket:
    """A customer joins the queue online (actor: nobody). Refused while the queue is inactive;
    a phone number is taken only with the SMS tick box (ValidationError otherwise). A signed-in
    customer's ticket belongs to their account: it shows in their data and goes with it."""
    ticket = _ticket_create(
        queue=queue,
        name=name,
        phone=phone,
        sms_opt_in=sms_opt_in,
        source=Ticket.Source.ONLINE,
        user_id=user.pk if user is not None and user.is_authenticated else None,
    )
    _audit_ticket(actor=None, action="queues.ticket.joined", ticket=ticket)
    return ticket


@transaction.atomic
def ticket_add_walk_in(
    *, actor: Any, queue: Queue, name: str, phone: str, sms_opt_in: bool
) -> Ticket:
    """Staff add a customer standing at the desk; same rules as joining online."""
    ticket = _ticket_create(
        queue=queue,
        name=name,
        phone=phone,
        sms_opt_in=sms_opt_in,
        source=Ticket.Source.WALK_IN,
        added_by_id=actor.pk,
    )
    _audit_ticket(actor=actor, action="queues.ticket.added", ticket=ticket)
    return ticket


def customer_details(*, name: str, phone: str, sms_opt_in: bool) -> tuple[str, str]:
    """Check and clean a customer's name and phone; raise ValidationError per field."""
    errors: dict[str, str] = {}
    clean_name = " ".join(name.split())
    if not clean_name:
        errors["name"] = "Enter your name, so staff can call you."
    elif len(clean_name) > NAME_MAX:
        errors["name"] = f"Use at most {NAME_MAX} characters."
    clean_phone = ""
    if phone.strip() and not sms_opt_in:
        errors["phone"] = PHONE_WITHOUT_OPT_IN
    elif sms_opt_in and not phone.strip():
        errors["phone"] = OPT_IN_WITHOUT_PHONE
    elif sms_opt_in:
        try:
            clean_phone = normalise_phone(phone)
        except ValidationError as error:
            errors["phone"] = error.messages[0]
    if errors:
        raise ValidationError(errors)
    return clean_name, clean_phone


def _ticket_create(
    *,
    queue: Queue,
    name: str,
    phone: str,
    sms_opt_in: bool,
    source: str,
    added_by_id: int | None = None,
    user_id: int | None = None,
) -> Ticket:
    clean_name, clean_phone = customer_details(name=name, phone=phone, sms_opt_in=sms_opt_in)
    locked = _lock_queue(queue.pk)
    if not locked.is_active:
        raise QueueClosedError(
            "This queue is closed at the moment: it is not taking new customers."
        )
    now = clock.now()
    ticket = Ticket.objects.create(
        queue=locked,
        number=locked.take_number(timezone.localdate(now)),
        name=clean_name,
        phone=clean_phone,
        sms_opt_in=sms_opt_in,
        source=source,
        joined_at=now,
        added_by_id=added_by_id,
        user_id=user_id,
    )
    _bump(locked, "numbering_date", "last_number")
    return ticket


# --- moving tickets ---------------------------------------------------------------------------


@transaction.atomic
def ticket_summon(*, actor: Any, ticket: Ticket) -> Ticket:
    """Call the customer to the desk; an SMS goes out only if they chose SMS updates (QL-1)."""
    moved = _move(
        actor=actor, ticket=ticket, target=State.SUMMONED, action="queues.ticket.summoned"
    )
    if moved.sms_opt_in and moved.phone:
        transaction.on_commit(
            partial(
                sms_send,
                phone=moved.phone,
                body=f"{moved.queue.name}: it is your turn (ticket {moved.number}). "
                "Please go to the desk.",
                organisation_id=moved.queue.organisation_id,
                queue_id=moved.queue_id,
                reference=f"queues.ticket:{moved.pk}",
                user_id=moved.user_id,
            ),
            robust=True,
        )
    return moved


@transaction.atomic
def ticket_arrive(*, actor: Any, ticket: Ticket) -> Ticket:
    """The summoned customer is at the desk."""
    return _move(actor=actor, ticket=ticket, target=State.ARRIVED, action="queues.ticket.arrived")


@transaction.atomic
def ticket_serve(*, actor: Any, ticket: Ticket) -> Ticket:
    """The customer at the desk has been served (their service time feeds wait estimates)."""
    return _move(actor=actor, ticket=ticket, target=State.SERVED, action="queues.ticket.served")


@transaction.atomic
def ticket_no_show(*, actor: Any, ticket: Ticket) -> Ticket:
    """The summoned customer did not come."""
    return _move(actor=actor, ticket=ticket, target=State.NO_SHOW, action="queues.ticket.no_show")


@transaction.atomic
def ticket_remove(*, actor: Any, ticket: Ticket) -> Ticket:
    """Staff take the customer off the queue."""
    return _move(actor=actor, ticket=ticket, target=State.REMOVED, action="queues.ticket.removed")


@transaction.atomic
def ticket_leave(*, ticket: Ticket) -> Ticket:
    """The customer leaves the queue on their own, from their ticket page (actor: nobody)."""
    return _move(actor=None, ticket=ticket, target=State.LEFT, action="queues.ticket.left")


# The staff changes by their action name (as in URLs, board buttons and the API).
TICKET_CHANGES: dict[str, Callable[..., Ticket]] = {
    "summon": ticket_summon,
    "arrive": ticket_arrive,
    "serve": ticket_serve,
    "no-show": ticket_no_show,
    "remove": ticket_remove,
}


def _move(*, actor: Any, ticket: Ticket, target: str, action: str) -> Ticket:
    queue = _lock_queue(ticket.queue_id)
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    before = locked.state
    locked.set_state(target, at=clock.now())  # raises InvalidTransitionError: nothing written yet
    locked.save(
        update_fields=["state", "summoned_at", "arrived_at", "served_at", "ended_at", "phone"]
    )
    locked.queue = queue
    _bump(queue)
    _audit_ticket(actor=actor, action=action, ticket=locked, details={"from": before})
    return locked


def _audit_ticket(
    *, actor: Any, action: str, ticket: Ticket, details: dict[str, Any] | None = None
) -> None:
    # Names and phones stay out of the audit log: the ticket is referred to by id and number.
    audit_record(
        actor=actor,
        action=action,
        target=ticket,
        organisation_id=ticket.queue.organisation_id,
        details={
            "queue_id": ticket.queue_id,
            "number": ticket.number,
            "state": ticket.state,
            **(details or {}),
        },
    )


# --- audited reads ----------------------------------------------------------------------------


@transaction.atomic
def queue_board_open(*, actor: Any, queue: Queue) -> Board:
    """The board (customer names) for a staff member, recorded as read (QL-18, FD-3)."""
    board = queue_board(queue=queue)
    audit_record(
        actor=actor,
        action="queues.board.viewed",
        target=queue,
        details={"tickets": board.ticket_count},
    )
    return board


@transaction.atomic
def ticket_contact_view(*, actor: Any, ticket: Ticket) -> str:
    """Reveal a customer's phone number to a staff member, recorded as read."""
    phone = Ticket.objects.filter(pk=ticket.pk).values_list("phone", flat=True).first() or ""
    audit_record(
        actor=actor,
        action="queues.ticket.contact_viewed",
        target=ticket,
        organisation_id=ticket.queue.organisation_id,
        details={"queue_id": ticket.queue_id, "number": ticket.number, "had_phone": bool(phone)},
    )
    return phone


@transaction.atomic
def queue_report_open(
    *, actor: Any, queues: list[Queue], period: Period, subject: Model
) -> QueueReport:
    """A report over `queues` for a staff member, recorded as read; `subject` is the queue or
    location the report was asked for."""
    report = queue_report(queues=queues, start=period.start, end=period.end)
    audit_record(
        actor=actor,
        action="queues.report.viewed",
        target=subject,
        details={
            "queue_ids": [queue.pk for queue in queues],
            "first_day": period.first.isoformat(),
            "last_day": period.last.isoformat(),
        },
    )
    return report
