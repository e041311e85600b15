"""A queue is its business's (FD-16): on another business's host its board, its public page and
its tickets are not found (404), for that business's staff and for anyone, however the token or
id was learnt; and whatever was cached on its own host is not served there."""

from __future__ import annotations

import pytest
from conftest import business, host_client, make_user
from django.urls import reverse

from frontdesk.access import capabilities as caps
from frontdesk.access import services as access
from frontdesk.access.scopes import Scope
from frontdesk.audit.models import AuditEvent
from frontdesk.queues.models import Ticket
from frontdesk.queues.tests.factories import join


@pytest.fixture
def other(db):
    return business("Other Ltd", "other")


@pytest.fixture
def their_owner(other):
    """The other business's owner: every capability on all of it."""
    role = access.role_create(
        actor=None, organisation=other, name="Owner", capabilities=list(caps.CAPABILITIES)
    )
    person = make_user("owner@other.test", staff=True, organisation=other)
    access.grant_add(actor=None, user=person, role=role, scope=Scope("organisation", other.pk))
    return person


@pytest.mark.promise("FD-16", "QL-15")
def test_a_queues_board_is_not_found_by_another_business_staff(queue, their_owner, staff_client):
    # given: a customer waiting in this business's queue
    join(queue, "Ada")
    client = staff_client(their_owner)  # on their own business's host
    board = reverse("queues:board", kwargs={"queue_id": queue.pk})
    # when
    answers = [
        client.get(board).status_code,
        client.get(
            reverse("queues:board_wait", kwargs={"queue_id": queue.pk}) + "?v=1"
        ).status_code,
        client.get(f"/api/queues/{queue.pk}/board").status_code,
        client.get(reverse("queues:queue_report", kwargs={"queue_id": queue.pk})).status_code,
    ]
    # then
    assert answers == [404, 404, 404, 404]
    assert not AuditEvent.objects.filter(action="queues.board.viewed").exists()


@pytest.mark.promise("FD-16", "QL-7")
def test_a_queues_public_page_and_tickets_are_not_found_on_another_business_host(
    queue, organisation, other
):
    # given: a ticket, looked up on its own host first (its reference is cached there)
    ticket = join(queue, "Ada")
    home = host_client(organisation)
    assert home.get(f"/t/{ticket.token}/").status_code == 200
    assert home.get(f"/api/queues/public/tickets/{ticket.token}").status_code == 200
    elsewhere = host_client(other)
    # when
    answers = [
        elsewhere.get(reverse("queues:join", kwargs={"public_token": queue.public_token})),
        elsewhere.post(
            f"/api/queues/public/{queue.public_token}/join", {"name": "Eve"}, "application/json"
        ),
        elsewhere.get(f"/t/{ticket.token}/"),
        elsewhere.get(f"/t/{ticket.token}/wait?v=1"),
        elsewhere.post(f"/t/{ticket.token}/leave"),
        elsewhere.get(f"/api/queues/public/tickets/{ticket.token}"),
    ]
    # then
    assert [answer.status_code for answer in answers] == [404] * 6
    assert list(Ticket.objects.values_list("pk", "state")) == [(ticket.pk, Ticket.State.WAITING)]
