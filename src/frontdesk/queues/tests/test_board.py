from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from frontdesk.access import capabilities as caps
from frontdesk.audit.models import AuditEvent
from frontdesk.queues import selectors, services
from frontdesk.queues.models import Queue, Ticket
from frontdesk.queues.tests.factories import TicketFactory, join, press


def _board_url(queue: Queue) -> str:
    return reverse("queues:board", kwargs={"queue_id": queue.pk})


@pytest.mark.parametrize("count", [5, 200])
def test_the_board_is_read_in_a_constant_number_of_queries(queue, count, django_assert_num_queries):
    # given
    TicketFactory.create_batch(count, queue=queue)
    TicketFactory.create(queue=queue, state=Ticket.State.SUMMONED)
    # when
    with django_assert_num_queries(2):
        board = selectors.queue_board(queue=queue)
    # then
    assert len(board.waiting) == count
    assert [entry.position for entry in board.waiting[:3]] == [1, 2, 3]


def test_the_board_page_costs_the_same_queries_for_5_or_200_customers(
    queue, sibling_queue, owner, staff_client
):
    # given
    TicketFactory.create_batch(5, queue=queue)
    TicketFactory.create_batch(200, queue=sibling_queue)
    client = staff_client(owner)
    client.get(_board_url(queue))  # warm the session, as a signed-in member's would be
    # when
    counts = []
    for each in (queue, sibling_queue):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(_board_url(each))
        assert response.status_code == 200
        counts.append(len(queries))
    # then
    assert counts[0] == counts[1]


@pytest.mark.promise("QL-18", "FD-3")
def test_reading_the_board_is_recorded_with_the_ticket_count(queue, owner, staff_client):
    # given
    join(queue, "Ada")
    join(queue, "Bram")
    # when
    response = staff_client(owner).get(_board_url(queue))
    # then
    assert response.status_code == 200
    event = AuditEvent.objects.filter(action="queues.board.viewed").get()
    assert (event.actor_id, event.target_id, event.details) == (
        owner.pk,
        str(queue.pk),
        {"tickets": 2},
    )


def _actions_on(html: str) -> set[str]:
    return {
        action
        for action in ("summon", "arrive", "serve", "no-show", "remove", "activate", "deactivate")
        if f'data-action="{action}"' in html
    }


@pytest.mark.promise("QL-16", "QL-17")
@pytest.mark.parametrize(
    "case",
    [
        (caps.QUEUE_SUMMON, {"summon", "no-show"}),
        (caps.QUEUE_ARRIVE, {"arrive", "serve"}),
        (caps.QUEUE_CUSTOMERS, {"remove"}),
        (caps.QUEUE_ACTIVATE, {"deactivate"}),
        (caps.QUEUE_REPORTS, set()),
    ],
)
def test_each_control_is_on_the_board_only_with_its_capability(
    queue, owner, make_member, staff_client, case
):
    # given: one customer waiting, one summoned, one at the desk
    capability, expected = case
    join(queue, "Ada")
    services.ticket_summon(actor=owner, ticket=join(queue, "Bram"))
    at_desk = services.ticket_summon(actor=owner, ticket=join(queue, "Chloe"))
    services.ticket_arrive(actor=owner, ticket=at_desk)
    member = make_member([caps.QUEUE_BOARD, capability], on=queue)
    # when
    html = staff_client(member).get(_board_url(queue)).content.decode()
    # then
    assert _actions_on(html) == expected
    assert ("Add a walk-in customer" in html) == (capability == caps.QUEUE_CUSTOMERS)
    report_url = reverse("queues:queue_report", kwargs={"queue_id": queue.pk})
    assert (report_url in html) == (capability == caps.QUEUE_REPORTS)


@pytest.mark.promise("QL-16")
def test_an_agent_without_reports_sees_no_report_link_and_is_refused_the_report(
    queue, make_member, staff_client
):
    # given
    agent = make_member(
        [caps.QUEUE_BOARD, caps.QUEUE_SUMMON, caps.QUEUE_ARRIVE, caps.QUEUE_CUSTOMERS], on=queue
    )
    client = staff_client(agent)
    report_url = reverse("queues:queue_report", kwargs={"queue_id": queue.pk})
    # when
    page = client.get(_board_url(queue))
    board = page.content.decode()
    report = client.get(report_url)
    # then
    assert page.status_code == 200
    assert report_url not in board
    assert "Reports" not in board
    assert report.status_code == 403


@pytest.mark.promise("QL-7", "JF-6")
def test_the_board_never_shows_the_phone_and_showing_it_is_an_audited_action(
    queue, owner, staff_client
):
    # given
    ticket = join(queue, "Ada", phone="+447700900123", sms=True)
    client = staff_client(owner)
    # when
    board = client.get(_board_url(queue)).content.decode()
    shown = press(client, ticket, "show_phone")
    # then
    assert "7700900123" not in board
    assert "Show phone" in board
    assert "+447700900123" in shown.content.decode()
    event = AuditEvent.objects.filter(action="queues.ticket.contact_viewed").get()
    assert (event.actor_id, event.target_id) == (owner.pk, str(ticket.pk))


@pytest.mark.promise("QL-17")
def test_showing_the_phone_needs_the_summon_capability(queue, make_member, staff_client):
    # given
    ticket = join(queue, "Ada", phone="+447700900123", sms=True)
    arriver = make_member([caps.QUEUE_ARRIVE], on=queue)
    # when
    response = press(staff_client(arriver), ticket, "show_phone")
    # then
    assert response.status_code == 403
    assert "7700900123" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="queues.ticket.contact_viewed").exists()


def test_staff_add_a_walk_in_from_the_board(queue, owner, staff_client):
    # when
    response = staff_client(owner).post(
        reverse("queues:walk_in", kwargs={"queue_id": queue.pk}),
        {"name": "Walk In", "phone": "", "sms_opt_in": ""},
        follow=True,
    )
    # then
    ticket = Ticket.objects.get()
    assert (ticket.name, ticket.source, ticket.added_by_id) == ("Walk In", "walk_in", owner.pk)
    assert f"Added ticket {ticket.number}." in response.content.decode()


@pytest.mark.promise("FD-8")
def test_a_bad_walk_in_shows_the_error_and_adds_nobody(queue, owner, staff_client):
    # when
    response = staff_client(owner).post(
        reverse("queues:walk_in", kwargs={"queue_id": queue.pk}),
        {"name": "Walk In", "phone": "+447700900123"},
    )
    # then
    assert response.status_code == 400
    assert "Send me SMS updates" in response.content.decode()
    assert "We only keep a phone number to send SMS updates" in response.content.decode()
    assert not Ticket.objects.exists()


def test_a_board_button_moves_the_ticket(queue, owner, staff_client):
    # given
    ticket = join(queue)
    # when
    response = press(staff_client(owner), ticket, "summon", follow=True)
    # then
    assert response.redirect_chain == [(_board_url(queue), 302)]
    assert "Ticket 1 summoned." in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.state == Ticket.State.SUMMONED


@pytest.mark.promise("FD-8")
def test_an_invalid_board_action_says_why_and_changes_nothing(queue, owner, staff_client):
    # given
    ticket = join(queue)
    client = staff_client(owner)
    # when
    response = press(client, ticket, "serve", follow=True)
    # then
    assert "Ticket 1 is still waiting, so it cannot be marked served." in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.state == Ticket.State.WAITING


def test_an_unknown_board_action_is_a_bad_request(queue, owner, staff_client):
    # given
    ticket = join(queue)
    # when
    response = press(staff_client(owner), ticket, "teleport")
    # then
    assert response.status_code == 400
    ticket.refresh_from_db()
    assert ticket.state == Ticket.State.WAITING


def test_staff_close_and_reopen_the_queue_from_the_board(queue, owner, staff_client):
    # given
    client = staff_client(owner)
    # when
    closed = client.post(reverse("queues:deactivate", kwargs={"queue_id": queue.pk}), follow=True)
    queue.refresh_from_db()
    was_active = queue.is_active
    client.post(reverse("queues:activate", kwargs={"queue_id": queue.pk}))
    queue.refresh_from_db()
    # then
    assert not was_active
    assert "The queue is closed." in closed.content.decode()
    assert queue.is_active


def test_signed_out_visitors_are_sent_to_sign_in(queue, client):
    # when
    response = client.get(_board_url(queue))
    # then
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]
