"""Test data for the queue service. Queues and customers who join go through the services;
tickets in any state and with any times are written directly, for report and wait data sets."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.test import Client
from django.urls import reverse
from factory.declarations import LazyFunction, Sequence
from factory.django import DjangoModelFactory

from frontdesk.core import clock
from frontdesk.queues import live, services
from frontdesk.queues.models import Queue, Ticket


def make_queue(location: Any, name: str = "Passports", **extra: Any) -> Queue:
    return services.queue_create(actor=None, location=location, name=name, **extra)


def join(queue: Queue, name: str = "Ada", phone: str = "", sms: bool = False) -> Ticket:
    """A customer joins online, through the service."""
    return services.ticket_join(queue=queue, name=name, phone=phone, sms_opt_in=sms)


def ref_of(ticket: Ticket) -> live.TicketRef:
    ref = live.ticket_ref(ticket.token)
    assert ref is not None
    return ref


def press(client: Client, ticket: Ticket, action: str, **extra: Any) -> Any:
    """Press a ticket's button on the staff board (one form; the button names the action)."""
    url = reverse("queues:ticket_action", kwargs={"queue_id": ticket.queue_id})
    return client.post(url, {"do": f"{action}:{ticket.pk}"}, **extra)


class TicketFactory(DjangoModelFactory[Ticket]):
    """A ticket written straight to the table (its queue's version is not bumped)."""

    class Meta:
        model = Ticket

    # factory_boy's declarations carry no annotations
    number = Sequence(lambda n: n + 1)  # type: ignore[no-untyped-call]
    name = Sequence(lambda n: f"Customer {n + 1}")  # type: ignore[no-untyped-call]
    joined_at = LazyFunction(clock.now)  # type: ignore[no-untyped-call]


def served_ticket(
    queue: Queue, *, joined: datetime, wait: timedelta, walk: timedelta, service: timedelta
) -> Ticket:
    """A customer who waited `wait` to be summoned, took `walk` to the desk, was served in
    `service`."""
    summoned = joined + wait
    arrived = summoned + walk
    served = arrived + service
    return TicketFactory.create(
        queue=queue,
        state=Ticket.State.SERVED,
        joined_at=joined,
        summoned_at=summoned,
        arrived_at=arrived,
        served_at=served,
        ended_at=served,
    )
