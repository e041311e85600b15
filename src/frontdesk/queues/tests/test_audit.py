"""QL-18, QL-10: every action staff perform on queues is recorded permanently with who did it,
to what, from which address and in which request."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse

from frontdesk.audit.models import AuditEvent
from frontdesk.audit.selectors import audit_chain_verify
from frontdesk.identity.models import User
from frontdesk.queues import services
from frontdesk.queues.models import Queue, Ticket
from frontdesk.vault.blind import blind_index

REQUEST_ID = "req-queues-0001"


def _ticket_in(queue: Queue, owner: User, state: str) -> Ticket:
    ticket = services.ticket_join(queue=queue, name="Ada", phone="+447700900123", sms_opt_in=True)
    path = {"waiting": [], "summoned": ["summon"], "arrived": ["summon", "arrive"], "closed": []}
    for step in path[state]:
        ticket = getattr(services, f"ticket_{step}")(actor=owner, ticket=ticket)
    if state == "closed":
        services.queue_deactivate(actor=owner, queue=queue)
    return ticket


Request = Callable[[Queue, Ticket], tuple[str, dict[str, str]]]


def _action(name: str) -> Request:
    """A board button: the one board form, with the pressed button's value."""
    return lambda q, t: (
        reverse("queues:ticket_action", kwargs={"queue_id": q.pk}),
        {"do": f"{name}:{t.pk}"},
    )


def _to(url_name: str, **data: str) -> Request:
    return lambda q, t: (reverse(url_name, kwargs={"queue_id": q.pk}), data)


# (HTTP method, URL and data, ticket state beforehand, audit action, what the event points at)
CASES = {
    "summon": ("post", _action("summon"), "waiting", "queues.ticket.summoned", "ticket"),
    "arrive": ("post", _action("arrive"), "summoned", "queues.ticket.arrived", "ticket"),
    "serve": ("post", _action("serve"), "arrived", "queues.ticket.served", "ticket"),
    "no-show": ("post", _action("no-show"), "summoned", "queues.ticket.no_show", "ticket"),
    "remove": ("post", _action("remove"), "waiting", "queues.ticket.removed", "ticket"),
    "show phone": (
        "post",
        _action("show_phone"),
        "waiting",
        "queues.ticket.contact_viewed",
        "ticket",
    ),
    "walk-in": (
        "post",
        _to("queues:walk_in", name="Walk In"),
        "waiting",
        "queues.ticket.added",
        "new ticket",
    ),
    "close": (
        "post",
        _to("queues:deactivate"),
        "waiting",
        "queues.queue.deactivated",
        "queue",
    ),
    "open": (
        "post",
        _to("queues:activate"),
        "closed",
        "queues.queue.activated",
        "queue",
    ),
    "board": (
        "get",
        _to("queues:board"),
        "waiting",
        "queues.board.viewed",
        "queue",
    ),
    "report": (
        "get",
        _to("queues:queue_report"),
        "waiting",
        "queues.report.viewed",
        "queue",
    ),
    "api summon": (
        "post",
        lambda q, t: (f"/api/queues/tickets/{t.pk}/summon", {}),
        "waiting",
        "queues.ticket.summoned",
        "ticket",
    ),
    "api board": (
        "get",
        lambda q, t: (f"/api/queues/{q.pk}/board", {}),
        "waiting",
        "queues.board.viewed",
        "queue",
    ),
}


@pytest.mark.promise("QL-18", "QL-10", "FD-3")
@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_each_staff_action_is_recorded_with_actor_target_address_and_request(
    queue, owner, staff_client, case
):
    # given
    method, request, state, action, target = case
    ticket = _ticket_in(queue, owner, state)
    client = staff_client(owner)
    before = AuditEvent.objects.filter(action=action).count()
    # when
    path, data = request(queue, ticket)
    response = getattr(client, method)(path, data, HTTP_X_REQUEST_ID=REQUEST_ID)
    # then
    assert response.status_code in {200, 302}
    assert AuditEvent.objects.filter(action=action).count() == before + 1
    event = AuditEvent.objects.filter(action=action).latest("seq")
    expected_target = {
        "ticket": ("queues.ticket", str(ticket.pk)),
        "new ticket": ("queues.ticket", str(Ticket.objects.latest("pk").pk)),
        "queue": ("queues.queue", str(queue.pk)),
    }[target]
    assert (event.target_type, event.target_id) == expected_target
    assert event.actor_id == owner.pk
    assert event.organisation_id == queue.organisation_id
    assert (event.ip_index, event.request_id) == (blind_index("ip", "203.0.113.7"), REQUEST_ID)
    assert event.ip is None  # never in the clear (FD-2)
    assert "Ada" not in str(event.details)
    assert "7700900123" not in str(event.details)
    assert audit_chain_verify()[1] is None
