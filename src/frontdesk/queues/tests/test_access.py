"""QL-15: grants on a queue, a location or the organisation decide which queues a member sees;
outsiders get 404 (they learn nothing), members lacking the capability 403."""

from __future__ import annotations

import pytest
from django.urls import reverse

from frontdesk.access import capabilities as caps
from frontdesk.audit.models import AuditEvent
from frontdesk.queues import selectors, services
from frontdesk.queues.models import Queue
from frontdesk.queues.tests.factories import press

ALL_QUEUE_CAPS = [
    caps.QUEUE_BOARD,
    caps.QUEUE_CUSTOMERS,
    caps.QUEUE_SUMMON,
    caps.QUEUE_ARRIVE,
    caps.QUEUE_ACTIVATE,
    caps.QUEUE_REPORTS,
]


def _board(queue: Queue) -> str:
    return reverse("queues:board", kwargs={"queue_id": queue.pk})


def _api_board(queue: Queue) -> str:
    return f"/api/queues/{queue.pk}/board"


@pytest.mark.promise("QL-15")
def test_a_grant_on_one_queue_gives_nothing_on_another(
    queue, sibling_queue, make_member, staff_client
):
    # given
    member = make_member(ALL_QUEUE_CAPS, on=queue)
    client = staff_client(member)
    # then
    assert client.get(_board(queue)).status_code == 200
    assert client.get(_board(sibling_queue)).status_code == 404
    assert client.get(_api_board(queue)).status_code == 200
    assert client.get(_api_board(sibling_queue)).status_code == 404
    report = reverse("queues:queue_report", kwargs={"queue_id": sibling_queue.pk})
    assert client.get(report).status_code == 404
    assert list(selectors.queues_for(user=member)) == [queue]


@pytest.mark.promise("QL-15")
def test_a_grant_on_a_location_covers_its_queues_only(
    queue, sibling_queue, far_queue, make_member, staff_client
):
    # given
    member = make_member(ALL_QUEUE_CAPS, on=queue.location)
    client = staff_client(member)
    # then
    assert client.get(_board(queue)).status_code == 200
    assert client.get(_board(sibling_queue)).status_code == 200
    assert client.get(_board(far_queue)).status_code == 404
    assert client.get(_api_board(far_queue)).status_code == 404
    assert set(selectors.queues_for(user=member)) == {queue, sibling_queue}


@pytest.mark.promise("QL-15")
def test_an_organisation_grant_covers_every_queue(
    queue, sibling_queue, far_queue, owner, staff_client
):
    # given
    client = staff_client(owner)
    # then
    for each in (queue, sibling_queue, far_queue):
        assert client.get(_board(each)).status_code == 200
        assert client.get(_api_board(each)).status_code == 200
    assert set(selectors.queues_for(user=owner)) == {queue, sibling_queue, far_queue}


@pytest.mark.promise("QL-15")
def test_outsiders_get_not_found_everywhere(queue, outsider, owner, staff_client):
    # given
    ticket = services.ticket_join(queue=queue, name="Ada", phone="", sms_opt_in=False)
    client = staff_client(outsider)
    # then
    assert client.get(_board(queue)).status_code == 404
    assert (
        client.get(reverse("queues:board_wait", kwargs={"queue_id": queue.pk}) + "?v=1").status_code
        == 404
    )
    assert press(client, ticket, "summon").status_code == 404
    assert client.post(f"/api/queues/tickets/{ticket.pk}/summon").status_code == 404
    location_report = reverse("queues:location_report", kwargs={"location_id": queue.location_id})
    assert client.get(location_report).status_code == 404
    assert list(selectors.queues_for(user=outsider)) == []


@pytest.mark.promise("QL-15", "QL-17")
@pytest.mark.parametrize(
    ("action", "capability"),
    [
        ("summon", caps.QUEUE_SUMMON),
        ("remove", caps.QUEUE_CUSTOMERS),
    ],
)
def test_members_lacking_the_capability_are_refused_and_nothing_changes(
    queue, make_member, staff_client, action, capability
):
    # given: every queue capability but the one needed
    ticket = services.ticket_join(queue=queue, name="Ada", phone="", sms_opt_in=False)
    member = make_member([c for c in ALL_QUEUE_CAPS if c != capability], on=queue)
    client = staff_client(member)
    # when
    page = press(client, ticket, action)
    api = client.post(f"/api/queues/tickets/{ticket.pk}/{action}")
    # then
    assert (page.status_code, api.status_code) == (403, 403)
    ticket.refresh_from_db()
    assert ticket.state == "waiting"


@pytest.mark.promise("QL-17")
def test_activation_needs_its_capability(queue, make_member, staff_client):
    # given
    member = make_member([caps.QUEUE_SUMMON], on=queue)
    client = staff_client(member)
    # then
    assert (
        client.post(reverse("queues:deactivate", kwargs={"queue_id": queue.pk})).status_code == 403
    )
    assert client.post(f"/api/queues/{queue.pk}/deactivate").status_code == 403
    queue.refresh_from_db()
    assert queue.is_active


@pytest.mark.promise("QL-17")
def test_a_report_grant_on_a_location_opens_the_location_report(
    location, queue, make_member, staff_client
):
    # given
    manager = make_member([caps.QUEUE_REPORTS], on=location)
    agent = make_member([caps.QUEUE_SUMMON], on=location)
    url = reverse("queues:location_report", kwargs={"location_id": location.pk})
    # then
    assert staff_client(manager).get(url).status_code == 200
    assert staff_client(agent).get(url).status_code == 403


@pytest.mark.promise("QL-16", "QL-17")
def test_reading_the_board_needs_its_own_capability(queue, organisation, make_member, staff_client):
    # given: an auditor (the audit log only, on the whole organisation) and a reporter; a
    # customer waiting
    ada = services.ticket_join(queue=queue, name="Ada", phone="", sms_opt_in=False)
    auditor = make_member([caps.AUDIT_READ], on=organisation)
    reporter = make_member([caps.QUEUE_REPORTS, caps.QUEUE_ACTIVATE], on=queue)
    wait = reverse("queues:board_wait", kwargs={"queue_id": queue.pk}) + "?v=1"
    for person in (auditor, reporter):
        client = staff_client(person)
        # when
        answers = [client.get(_board(queue)), client.get(_api_board(queue)), client.get(wait)]
        # then: refused (they are members), and no name is shown
        assert [answer.status_code for answer in answers] == [403, 403, 403]
        assert all(ada.name not in answer.content.decode() for answer in answers)
        listed = client.get("/api/queues/").json()
        assert all("view" not in entry["allowed_actions"] for entry in listed)
    assert not AuditEvent.objects.filter(action="queues.board.viewed").exists()


@pytest.mark.promise("QL-16")
def test_an_agent_holding_the_board_capability_reads_the_board(queue, make_member, staff_client):
    # given
    agent = make_member([caps.QUEUE_BOARD], on=queue)
    services.ticket_join(queue=queue, name="Ada", phone="", sms_opt_in=False)
    client = staff_client(agent)
    # when
    page, api = client.get(_board(queue)), client.get(_api_board(queue))
    # then
    assert (page.status_code, api.status_code) == (200, 200)
    assert "Ada" in page.content.decode()
    assert [entry["name"] for entry in api.json()["waiting"]] == ["Ada"]
