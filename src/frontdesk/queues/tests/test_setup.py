"""Setting up queues: the services, and the API (POST /api/queues/, PATCH /api/queues/{id}) for
holders of SETUP_MANAGE only (QL-15); audited (QL-18); bad input refused, nothing changed (FD-8)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from frontdesk.access import capabilities as caps
from frontdesk.access.models import Location
from frontdesk.audit.models import AuditEvent
from frontdesk.identity import services as identity
from frontdesk.queues import services
from frontdesk.queues.models import Queue

JSON = "application/json"


def _state() -> tuple[object, ...]:
    rows = Queue.objects.order_by("pk").values_list("name", "expected_service_minutes", "version")
    return list(rows), AuditEvent.objects.count()


def _create(client: Client, location: Location, **fields: object) -> Any:
    body = {"location_id": location.pk, "name": "Parcels", **fields}
    return client.post("/api/queues/", body, content_type=JSON)


def _patch(client: Client, queue: Queue, **fields: object) -> Any:
    return client.patch(f"/api/queues/{queue.pk}", fields, content_type=JSON)


def test_queues_of_the_same_name_at_a_location_get_numbered_slugs(location, other_location):
    # when
    first, second, third = (
        services.queue_create(actor=None, location=location, name="Passports") for _ in range(3)
    )
    elsewhere = services.queue_create(actor=None, location=other_location, name="Passports")
    odd = services.queue_create(actor=None, location=location, name="!!!")
    # then
    assert [first.slug, second.slug, third.slug] == ["passports", "passports-2", "passports-3"]
    assert elsewhere.slug == "passports"
    assert odd.slug == "queue"


def test_an_update_that_changes_nothing_records_nothing(queue, owner):
    # given
    before = _state()
    # when
    same = services.queue_update(
        actor=owner, queue=queue, name=" Passports ", expected_service_minutes=5
    )
    # then
    assert (same.name, same.version) == ("Passports", queue.version)
    assert _state() == before


@pytest.fixture
def owner_client(owner, staff_client):
    return staff_client(owner)


@pytest.mark.promise("QL-18")
def test_owner_creates_a_queue(location, owner, staff_client):
    # when
    response = _create(staff_client(owner), location, expected_service_minutes=7)
    # then
    assert response.status_code == 201
    body = response.json()
    queue = Queue.objects.get(pk=body["id"])
    assert (queue.location_id, queue.name, queue.expected_service_minutes) == (
        location.pk,
        "Parcels",
        7,
    )
    assert body["public_url"] == f"/q/{queue.public_token}/"
    assert (body["is_active"], body["expected_service_minutes"]) == (True, 7)
    assert "edit" in body["allowed_actions"]
    event = AuditEvent.objects.get(action="queues.queue.created", target_id=str(queue.pk))
    assert (event.actor_id, event.organisation_id) == (owner.pk, location.organisation_id)


@pytest.mark.promise("QL-18")
def test_owner_patches_only_the_fields_given(queue, owner, staff_client):
    # given
    client = staff_client(owner)
    # when
    renamed = _patch(client, queue, name="Passports and visas")
    timed = _patch(client, queue, expected_service_minutes=9)
    # then
    assert (renamed.status_code, timed.status_code) == (200, 200)
    assert timed.json()["name"] == "Passports and visas"
    queue.refresh_from_db()
    assert (queue.name, queue.expected_service_minutes) == ("Passports and visas", 9)
    events = AuditEvent.objects.filter(action="queues.queue.changed").order_by("seq")
    assert [(e.actor_id, e.target_id) for e in events] == [(owner.pk, str(queue.pk))] * 2
    assert [e.details["after"] for e in events] == [
        {"name": "Passports and visas"},
        {"expected_service_minutes": 9},
    ]


@pytest.mark.promise("QL-15")
def test_members_without_setup_manage_get_403_and_change_nothing(
    queue, location, organisation, make_member, staff_client
):
    # given: a manager of every queue, but not of the setup
    manager = make_member([caps.QUEUE_ACTIVATE, caps.QUEUE_REPORTS], on=organisation)
    client = staff_client(manager)
    before = _state()
    # when
    created = _create(client, location)
    patched = _patch(client, queue, name="Mine")
    # then
    assert (created.status_code, patched.status_code) == (403, 403)
    assert "lack the capability" in created.json()["detail"]
    listed = client.get("/api/queues/").json()
    assert [q["id"] for q in listed if "edit" in q["allowed_actions"]] == []
    assert _state() == before


@pytest.mark.promise("QL-15")
def test_outsiders_get_404_and_change_nothing(queue, location, outsider, staff_client):
    # given
    client = staff_client(outsider)
    before = _state()
    # when
    created = _create(client, location)
    patched = _patch(client, queue, name="Mine")
    unknown = staff_client(outsider).post(
        "/api/queues/", {"location_id": 999_999, "name": "X"}, content_type=JSON
    )
    # then
    assert (created.status_code, patched.status_code, unknown.status_code) == (404, 404, 404)
    assert _state() == before


@pytest.mark.promise("QL-15")
def test_setup_manage_on_one_location_covers_only_that_location(
    location, other_location, far_queue, make_member, staff_client
):
    # given
    builder = make_member([caps.SETUP_MANAGE], on=location)
    client = staff_client(builder)
    # when
    here = _create(client, location)
    there = _create(client, other_location)
    far = _patch(client, far_queue, name="Mine")
    # then
    assert (here.status_code, there.status_code, far.status_code) == (201, 404, 404)
    assert not Queue.objects.filter(location=other_location, name="Parcels").exists()


@pytest.mark.promise("QL-15")
def test_an_api_token_needs_the_write_scope(queue, location, owner, client):
    # given
    _, reader = identity.apitoken_create(
        actor=owner, user=owner, name="screen", scopes=["queues:read"]
    )
    _, writer = identity.apitoken_create(
        actor=owner, user=owner, name="setup", scopes=["queues:write"]
    )
    before = _state()
    # when
    refused = [
        client.post(
            "/api/queues/",
            {"location_id": location.pk, "name": "Parcels"},
            content_type=JSON,
            HTTP_AUTHORIZATION=f"Bearer {reader}",
        ),
        client.patch(
            f"/api/queues/{queue.pk}",
            {"name": "Mine"},
            content_type=JSON,
            HTTP_AUTHORIZATION=f"Bearer {reader}",
        ),
    ]
    after_refusal = _state()
    accepted = client.patch(
        f"/api/queues/{queue.pk}",
        {"name": "Mine"},
        content_type=JSON,
        HTTP_AUTHORIZATION=f"Bearer {writer}",
    )
    # then
    assert [response.status_code for response in refused] == [403, 403]
    assert "queues:write" in refused[0].json()["detail"]
    assert after_refusal == before
    assert accepted.status_code == 200
    assert accepted.json()["name"] == "Mine"


@pytest.mark.promise("FD-8")
@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "  "}, "name"),
        ({"expected_service_minutes": 0}, "expected_service_minutes"),
        ({"expected_service_minutes": 500}, "expected_service_minutes"),
    ],
)
def test_bad_input_is_a_400_per_field_and_changes_nothing(
    queue, location, owner_client, fields, field
):
    # given
    client = owner_client
    before = _state()
    # when
    created = _create(client, location, **fields)
    patched = _patch(client, queue, **fields)
    # then
    for response in (created, patched):
        assert response.status_code == 400
        assert response.json()["errors"][field]
        assert response.json()["detail"]
    assert _state() == before


@pytest.mark.promise("FD-8")
def test_malformed_or_misspelt_fields_are_a_422_and_change_nothing(
    queue, location, owner, staff_client
):
    # given
    client = staff_client(owner)
    before = _state()
    # when
    responses = [
        _create(client, location, expected_service_minutes="soon"),
        client.post("/api/queues/", {"name": "No location"}, content_type=JSON),
        _patch(client, queue, expected_minutes=9),
    ]
    # then
    assert [response.status_code for response in responses] == [422, 422, 422]
    assert _state() == before
