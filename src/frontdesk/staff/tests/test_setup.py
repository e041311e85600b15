"""Locations and queues, set up from the staff area by holders of SETUP_MANAGE: every change
audited (QL-18), bad input refused with nothing changed (FD-8), others kept out (QL-15)."""

from __future__ import annotations

import pytest
from conftest import make_user
from django.urls import reverse

from frontdesk.access import capabilities as caps
from frontdesk.access import services as access
from frontdesk.access.models import Location
from frontdesk.access.scopes import Scope
from frontdesk.audit.models import AuditEvent
from frontdesk.queues import services as queues
from frontdesk.queues.models import Queue


def _setup(organisation) -> str:
    return reverse("staff:setup", args=[organisation.pk])


def _last(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).latest("seq")


def _state() -> tuple[object, ...]:
    """Everything a setup form could change, to prove that a refused one changed nothing."""
    return (
        list(Location.objects.order_by("pk").values_list("name", "slug")),
        list(
            Queue.objects.order_by("pk").values_list("name", "expected_service_minutes", "version")
        ),
        AuditEvent.objects.count(),
    )


def _posts(organisation, location, queue) -> list[tuple[str, dict[str, str]]]:
    """Every setup form, filled in with valid input."""
    return [
        (_setup(organisation), {"new-location-name": "Harbour"}),
        (
            reverse("staff:setup_location", args=[organisation.pk, location.pk]),
            {f"location-{location.pk}-name": "Main Street"},
        ),
        (
            reverse("staff:setup_queue_add", args=[organisation.pk, location.pk]),
            {
                f"add-queue-{location.pk}-name": "Parcels",
                f"add-queue-{location.pk}-expected_service_minutes": "4",
            },
        ),
        (
            reverse("staff:setup_queue", args=[organisation.pk, queue.pk]),
            {f"queue-{queue.pk}-name": "Desk", f"queue-{queue.pk}-expected_service_minutes": "9"},
        ),
    ]


@pytest.fixture
def owner_client(login, owner):
    return login(owner)


@pytest.fixture
def setup_forms(organisation, location, queue) -> dict[str, tuple[str, str]]:
    """The URL and field prefix of each setup form."""
    return {
        "new_location": (_setup(organisation), "new-location"),
        "rename": (
            reverse("staff:setup_location", args=[organisation.pk, location.pk]),
            f"location-{location.pk}",
        ),
        "add_queue": (
            reverse("staff:setup_queue_add", args=[organisation.pk, location.pk]),
            f"add-queue-{location.pk}",
        ),
        "edit_queue": (
            reverse("staff:setup_queue", args=[organisation.pk, queue.pk]),
            f"queue-{queue.pk}",
        ),
    }


@pytest.mark.promise("QL-15")
@pytest.mark.parametrize(
    ("who", "status"), [("member", 403), ("auditor", 403), ("clerk", 403), ("outsider", 404)]
)
def test_setup_is_404_for_outsiders_and_403_for_members_without_the_capability(
    request, login, organisation, who, status
):
    # given
    location, queue = request.getfixturevalue("location"), request.getfixturevalue("queue")
    client = login(request.getfixturevalue(who))
    before = _state()
    # when
    statuses = {client.get(_setup(organisation)).status_code} | {
        client.post(url, data).status_code for url, data in _posts(organisation, location, queue)
    }
    # then
    assert statuses == {status}
    assert _state() == before


@pytest.mark.promise("QL-16")
def test_the_page_lists_each_location_with_its_queues(login, organisation, owner, location, queue):
    # given
    queues.queue_deactivate(actor=None, queue=queue)
    empty = access.location_create(actor=None, organisation=organisation, name="Quayside")
    # when
    response = login(owner).get(_setup(organisation))
    # then
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("High Street") < page.index("Counter") < page.index("Quayside")
    assert "Closed" in page
    assert f"{queue.expected_service_minutes} min" in page
    assert f'href="/q/{queue.public_token}/"' in page
    assert reverse("staff:setup_queue", args=[organisation.pk, queue.pk]) in page
    assert reverse("staff:setup_queue_add", args=[organisation.pk, empty.pk]) in page
    assert reverse("staff:setup_location", args=[organisation.pk, location.pk]) in page


@pytest.mark.promise("QL-18")
def test_adding_a_location_is_audited(login, organisation, owner, location):
    # when
    response = login(owner).post(_setup(organisation), {"new-location-name": " High  Street "})
    # then
    assert response.status_code == 302
    added = Location.objects.get(organisation=organisation, name="High  Street")
    assert added.slug == "high-street-2"  # "high-street" is the existing location's
    event = _last("access.location.created")
    assert (event.actor_id, event.target_id) == (owner.pk, str(added.pk))
    assert event.organisation_id == organisation.pk


@pytest.mark.promise("QL-18")
def test_renaming_a_location_is_audited_and_keeps_its_slug(login, organisation, owner, location):
    # given
    url = reverse("staff:setup_location", args=[organisation.pk, location.pk])
    # when
    response = login(owner).post(url, {f"location-{location.pk}-name": "Main Street"})
    # then
    assert response.status_code == 302
    location.refresh_from_db()
    assert (location.name, location.slug) == ("Main Street", "high-street")
    event = _last("access.location.changed")
    assert (event.actor_id, event.target_id) == (owner.pk, str(location.pk))
    assert event.details == {"before": {"name": "High Street"}, "after": {"name": "Main Street"}}


@pytest.mark.promise("QL-18")
def test_adding_a_queue_is_audited(login, organisation, owner, location):
    # given
    url = reverse("staff:setup_queue_add", args=[organisation.pk, location.pk])
    prefix = f"add-queue-{location.pk}"
    # when
    response = login(owner).post(
        url, {f"{prefix}-name": "Parcels", f"{prefix}-expected_service_minutes": "4"}
    )
    # then
    assert response.status_code == 302
    queue = Queue.objects.get(location=location, name="Parcels")
    assert (queue.organisation_id, queue.expected_service_minutes) == (organisation.pk, 4)
    assert queue.is_active
    event = _last("queues.queue.created")
    assert (event.actor_id, event.target_id) == (owner.pk, str(queue.pk))
    assert event.details["expected_service_minutes"] == 4


@pytest.mark.promise("QL-18")
def test_editing_a_queue_is_audited_and_keeps_its_public_address(login, organisation, owner, queue):
    # given
    url = reverse("staff:setup_queue", args=[organisation.pk, queue.pk])
    token, version = queue.public_token, queue.version
    prefix = f"queue-{queue.pk}"
    # when
    response = login(owner).post(
        url, {f"{prefix}-name": "Front desk", f"{prefix}-expected_service_minutes": "12"}
    )
    # then
    assert response.status_code == 302
    queue.refresh_from_db()
    assert (queue.name, queue.expected_service_minutes) == ("Front desk", 12)
    assert queue.public_token == token
    assert queue.version > version  # watchers of the queue refresh
    event = _last("queues.queue.changed")
    assert (event.actor_id, event.target_id) == (owner.pk, str(queue.pk))
    assert event.details == {
        "before": {"name": "Counter", "expected_service_minutes": 5},
        "after": {"name": "Front desk", "expected_service_minutes": 12},
    }


@pytest.mark.promise("FD-8")
@pytest.mark.parametrize(
    ("form", "data", "message"),
    [
        ("new_location", {"name": "  "}, "Enter a name for the location."),
        ("rename", {"name": ""}, "Enter a name for the location."),
        ("add_queue", {"name": "", "expected_service_minutes": "5"}, "Enter a name for the queue"),
        ("add_queue", {"name": "Parcels", "expected_service_minutes": "0"}, "from 1 to 240"),
        ("add_queue", {"name": "Parcels", "expected_service_minutes": "500"}, "from 1 to 240"),
        ("add_queue", {"name": "Parcels", "expected_service_minutes": "soon"}, "from 1 to 240"),
        ("edit_queue", {"name": "", "expected_service_minutes": "5"}, "Enter a name for the queue"),
        ("edit_queue", {"name": "Desk", "expected_service_minutes": "0"}, "from 1 to 240"),
        ("edit_queue", {"name": "Desk", "expected_service_minutes": "500"}, "from 1 to 240"),
    ],
)
def test_bad_input_gets_a_clear_error_and_changes_nothing(
    owner_client, setup_forms, form, data, message
):
    # given
    url, prefix = setup_forms[form]
    before = _state()
    # when
    response = owner_client.post(url, {f"{prefix}-{key}": value for key, value in data.items()})
    # then
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _state() == before


@pytest.mark.promise("QL-15")
def test_locations_and_queues_of_another_organisation_are_not_found(
    login, organisation, owner, other_organisation
):
    # given
    foreign = access.location_create(actor=None, organisation=other_organisation, name="Elsewhere")
    foreign_queue = queues.queue_create(actor=None, location=foreign, name="Theirs")
    client = login(owner)
    before = _state()
    # when
    statuses = {
        client.post(
            reverse("staff:setup_location", args=[organisation.pk, foreign.pk]),
            {f"location-{foreign.pk}-name": "Mine"},
        ).status_code,
        client.post(
            reverse("staff:setup_queue_add", args=[organisation.pk, foreign.pk]),
            {
                f"add-queue-{foreign.pk}-name": "Mine",
                f"add-queue-{foreign.pk}-expected_service_minutes": "5",
            },
        ).status_code,
        client.post(
            reverse("staff:setup_queue", args=[organisation.pk, foreign_queue.pk]),
            {
                f"queue-{foreign_queue.pk}-name": "Mine",
                f"queue-{foreign_queue.pk}-expected_service_minutes": "5",
            },
        ).status_code,
        client.get(_setup(other_organisation)).status_code,
    }
    # then
    assert statuses == {404}
    assert _state() == before


@pytest.mark.promise("QL-16")
def test_the_setup_link_appears_only_for_holders_of_the_capability(
    login, organisation, owner, member, queue
):
    # given
    setup = _setup(organisation)
    builder = make_user("builder@acme.test", staff=True)
    role = access.role_create(
        actor=None, organisation=organisation, name="Builder", capabilities=[caps.SETUP_MANAGE]
    )
    access.grant_add(
        actor=None, user=builder, role=role, scope=Scope("organisation", organisation.pk)
    )
    # when
    owner_home = login(owner).get(reverse("staff:home")).content.decode()
    member_home = login(member).get(reverse("staff:home")).content.decode()
    builder_client = login(builder)
    builder_home = builder_client.get(reverse("staff:home")).content.decode()
    builder_page = builder_client.get(setup)
    # then
    assert setup in owner_home
    assert setup in builder_home
    assert "Locations and queues" in builder_home
    assert setup not in member_home
    assert builder_page.status_code == 200
    assert reverse("staff:people", args=[organisation.pk]) not in builder_page.content.decode()


def test_the_edit_forms_refuse_a_get(login, organisation, owner, location, queue):
    # given
    client = login(owner)
    # when
    statuses = {
        client.get(
            reverse("staff:setup_location", args=[organisation.pk, location.pk])
        ).status_code,
        client.get(reverse("staff:setup_queue", args=[organisation.pk, queue.pk])).status_code,
    }
    # then
    assert statuses == {405}
