from __future__ import annotations

import re

import pytest
from django.test import Client

from frontdesk.access import capabilities as caps
from frontdesk.identity import services as identity
from frontdesk.queues import services
from frontdesk.queues.models import Queue, Ticket
from frontdesk.queues.tests.factories import join


def _csrf_token(client: Client, queue: Queue) -> str:
    page = client.get(f"/staff/queues/{queue.pk}/").content.decode()
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


@pytest.mark.promise("QL-16")
def test_the_queue_list_gives_each_queue_the_callers_allowed_actions(
    queue, far_queue, make_member, location, staff_client
):
    # given
    member = make_member([caps.QUEUE_BOARD, caps.QUEUE_SUMMON, caps.QUEUE_REPORTS], on=location)
    # when
    response = staff_client(member).get("/api/queues/")
    # then
    assert response.status_code == 200
    [listed] = response.json()
    assert listed["id"] == queue.pk
    assert listed["allowed_actions"] == ["view", "reports"]
    assert listed["public_url"] == f"/q/{queue.public_token}/"


@pytest.mark.promise("QL-16")
def test_the_board_lists_tickets_with_the_actions_their_state_and_grants_allow(
    queue, make_member, owner, staff_client
):
    # given
    join(queue, "Ada", phone="+447700900123", sms=True)
    services.ticket_summon(actor=owner, ticket=join(queue, "Bram"))
    member = make_member([caps.QUEUE_BOARD, caps.QUEUE_SUMMON, caps.QUEUE_ARRIVE], on=queue)
    # when
    body = staff_client(member).get(f"/api/queues/{queue.pk}/board").json()
    # then
    [waiting] = body["waiting"]
    [called] = body["called"]
    assert (waiting["name"], waiting["position"], waiting["sms_opt_in"]) == ("Ada", 1, True)
    assert waiting["allowed_actions"] == ["summon", "show_phone"]
    assert called["allowed_actions"] == ["arrive", "no-show"]
    assert "phone" not in waiting
    assert "7700900123" not in str(body)


@pytest.mark.promise("QL-5")
def test_session_calls_that_change_state_need_the_csrf_token(queue, owner, staff_client):
    # given
    ticket = join(queue)
    client = staff_client(owner, csrf=True)
    url = f"/api/queues/tickets/{ticket.pk}/summon"
    # when
    refused = client.post(url)
    accepted = client.post(url, HTTP_X_CSRFTOKEN=_csrf_token(client, queue))
    # then
    assert refused.status_code == 403
    assert accepted.status_code == 200
    assert accepted.json()["state"] == "summoned"


@pytest.mark.promise("FD-8")
def test_an_invalid_transition_is_a_409_with_the_reason(queue, owner, staff_client):
    # given
    ticket = join(queue)
    # when
    response = staff_client(owner).post(f"/api/queues/tickets/{ticket.pk}/serve")
    # then
    assert response.status_code == 409
    assert response.json()["detail"] == "Ticket 1 is still waiting, so it cannot be marked served."
    ticket.refresh_from_db()
    assert ticket.state == Ticket.State.WAITING


def test_the_whole_path_through_the_api(queue, owner, staff_client):
    # given
    client = staff_client(owner)
    added = client.post(
        f"/api/queues/{queue.pk}/tickets",
        {"name": "Walk In"},
        content_type="application/json",
    )
    ticket_id = added.json()["id"]
    # when
    states = [
        client.post(f"/api/queues/tickets/{ticket_id}/{action}").json()["state"]
        for action in ("summon", "arrive", "serve")
    ]
    # then
    assert added.status_code == 201
    assert added.json()["source"] == "walk_in"
    assert states == ["summoned", "arrived", "served"]


@pytest.mark.promise("FD-8")
def test_a_bad_walk_in_is_a_400_per_field_and_adds_nobody(queue, owner, staff_client):
    # when
    response = staff_client(owner).post(
        f"/api/queues/{queue.pk}/tickets",
        {"name": "Walk In", "phone": "+447700900123", "sms_opt_in": False},
        content_type="application/json",
    )
    # then
    assert response.status_code == 400
    assert "Send me SMS updates" in response.json()["errors"]["phone"][0]
    assert not Ticket.objects.exists()


def test_activation_through_the_api(queue, owner, staff_client):
    # given
    client = staff_client(owner)
    # when
    closed = client.post(f"/api/queues/{queue.pk}/deactivate")
    again = client.post(f"/api/queues/{queue.pk}/deactivate")
    # then
    assert closed.status_code == 200
    assert closed.json()["is_active"] is False
    assert "activate" in closed.json()["allowed_actions"]
    assert again.status_code == 409
    assert again.json()["detail"] == "This queue is already closed."


def test_the_report_endpoint(queue, owner, staff_client):
    # given
    join(queue)
    # when
    response = staff_client(owner).get(f"/api/queues/{queue.pk}/report")
    bad = staff_client(owner).get(f"/api/queues/{queue.pk}/report?start=2025-02-01&end=2025-01-01")
    # then
    assert response.status_code == 200
    assert response.json()["joined"] == 1
    assert len(response.json()["arrivals_by_hour"]) == 24
    assert bad.status_code == 400


def test_api_calls_without_a_login_are_refused(queue, client):
    # then
    assert client.get("/api/queues/").status_code == 401
    assert client.get(f"/api/queues/{queue.pk}/board").status_code == 401


@pytest.mark.promise("QL-15")
def test_an_api_token_does_only_what_its_scopes_allow(queue, owner, client):
    # given
    _, plaintext = identity.apitoken_create(
        actor=owner, user=owner, name="display screen", scopes=["queues:read"]
    )
    ticket = join(queue)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}
    # when
    read = client.get(f"/api/queues/{queue.pk}/board", **auth)
    write = client.post(f"/api/queues/tickets/{ticket.pk}/summon", **auth)
    # then
    assert read.status_code == 200
    assert write.status_code == 403
    ticket.refresh_from_db()
    assert ticket.state == Ticket.State.WAITING


@pytest.mark.promise("QL-7")
def test_customers_join_and_follow_their_ticket_by_opaque_tokens(queue, client):
    # when
    joined = client.post(
        f"/api/queues/public/{queue.public_token}/join",
        {"name": "Ada", "phone": "+447700900123", "sms_opt_in": True},
        content_type="application/json",
    )
    url = joined.json()["url"]
    token = url.strip("/").split("/")[-1]
    followed = client.get(f"/api/queues/public/tickets/{token}")
    # then
    assert joined.status_code == 201
    assert url == f"/t/{Ticket.objects.get().token}/"
    assert "7700900123" not in url
    assert followed.json()["state"] == "waiting"
    assert followed.json()["position"] == 1
    assert "name" not in followed.json()


def test_the_public_join_is_refused_on_a_closed_queue(queue, owner, client):
    # given
    services.queue_deactivate(actor=owner, queue=queue)
    # when
    response = client.post(
        f"/api/queues/public/{queue.public_token}/join",
        {"name": "Ada"},
        content_type="application/json",
    )
    # then
    assert response.status_code == 409
    assert "closed" in response.json()["detail"]
    assert not Ticket.objects.exists()


def test_unknown_public_tokens_are_not_found(db, client):
    # then
    assert client.get("/api/queues/public/tickets/nope").status_code == 404
    unknown = client.post(
        "/api/queues/public/nope/join", {"name": "Ada"}, content_type="application/json"
    )
    assert unknown.status_code == 404
