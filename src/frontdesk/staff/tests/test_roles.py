"""Roles: named sets of capabilities, changed only through audited services (QL-17, QL-18)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from frontdesk.access import capabilities as caps
from frontdesk.access import services as access
from frontdesk.access.models import Role
from frontdesk.audit.models import AuditEvent


def _roles(organisation) -> str:
    return reverse("staff:roles", args=[organisation.pk])


def _role(organisation, role) -> str:
    return reverse("staff:role", args=[organisation.pk, role.pk])


def _last(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).latest("seq")


@pytest.mark.promise("QL-15")
@pytest.mark.parametrize(
    ("who", "status"),
    [("owner", 200), ("member", 403), ("auditor", 403), ("clerk", 403), ("outsider", 404)],
)
def test_roles_pages_are_404_for_outsiders_403_for_members(
    request, login, organisation, who, status
):
    # given
    role = request.getfixturevalue("clerk_role")
    client = login(request.getfixturevalue(who))
    # when
    statuses = {
        client.get(_roles(organisation)).status_code,
        client.get(_role(organisation, role)).status_code,
    }
    # then
    assert statuses == {status}


@pytest.mark.promise("QL-17")
def test_the_roles_page_offers_every_capability(login, organisation, owner):
    # when
    page = login(owner).get(_roles(organisation)).content.decode()
    # then
    for code, description in caps.CAPABILITIES.items():
        assert f'value="{code}"' in page
        assert description in page


@pytest.mark.promise("QL-17", "QL-18")
def test_creating_a_role_is_audited(login, organisation, owner):
    # when
    response = login(owner).post(
        _roles(organisation),
        {"name": " Greeter ", "capabilities": [caps.QUEUE_ARRIVE, caps.QUEUE_CUSTOMERS]},
    )
    # then
    assert response.status_code == 302
    role = Role.objects.get(organisation=organisation, name="Greeter")
    assert role.capabilities == sorted([caps.QUEUE_ARRIVE, caps.QUEUE_CUSTOMERS])
    event = _last("access.role.created")
    assert (event.actor_id, event.target_id) == (owner.pk, str(role.pk))
    assert event.organisation_id == organisation.pk


@pytest.mark.promise("FD-8")
def test_a_duplicate_role_name_or_unknown_capability_changes_nothing(login, organisation, owner):
    # given
    client = login(owner)
    before = (Role.objects.count(), AuditEvent.objects.count())
    # when
    duplicate = client.post(_roles(organisation), {"name": "owner", "capabilities": []})
    unknown = client.post(_roles(organisation), {"name": "Root", "capabilities": ["root.all"]})
    # then
    assert duplicate.status_code == 400
    assert "already a role" in duplicate.content.decode()
    assert unknown.status_code == 400
    assert (Role.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.promise("QL-17", "QL-18")
def test_changing_capabilities_is_audited_with_before_and_after(login, organisation, owner, member):
    # given
    role = member.grants.get().role
    before = list(role.capabilities)
    # when
    response = login(owner).post(_role(organisation, role), {"capabilities": [caps.QUEUE_REPORTS]})
    # then
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.capabilities == [caps.QUEUE_REPORTS]
    event = _last("access.role.changed")
    assert (event.actor_id, event.target_id) == (owner.pk, str(role.pk))
    assert event.details == {"before": before, "after": [caps.QUEUE_REPORTS]}


@pytest.mark.promise("QL-15", "QL-17")
def test_a_capability_change_takes_effect_for_holders(login, organisation, owner, member):
    # given
    role = member.grants.get().role
    client = login(member)
    assert client.get(reverse("staff:audit", args=[organisation.pk])).status_code == 403
    # when
    login(owner).post(_role(organisation, role), {"capabilities": [caps.AUDIT_READ]})
    # then
    assert client.get(reverse("staff:audit", args=[organisation.pk])).status_code == 200


def test_taking_staff_manage_from_the_only_managers_role_is_refused(login, organisation, owner):
    # given
    role = owner.grants.get().role
    # when
    response = login(owner).post(_role(organisation, role), {"capabilities": [caps.AUDIT_READ]})
    # then
    assert response.status_code == 400
    assert "manage staff" in response.content.decode()
    role.refresh_from_db()
    assert caps.STAFF_MANAGE in role.capabilities


@pytest.mark.promise("QL-18")
def test_deleting_an_unused_role_is_audited(login, organisation, owner):
    # given
    client = login(owner)
    client.post(_roles(organisation), {"name": "Temp", "capabilities": []})
    role = Role.objects.get(name="Temp")
    # when
    response = client.post(reverse("staff:role_delete", args=[organisation.pk, role.pk]))
    # then
    assert response.status_code == 302
    assert not Role.objects.filter(pk=role.pk).exists()
    event = _last("access.role.deleted")
    assert (event.actor_id, event.target_id) == (owner.pk, str(role.pk))
    assert event.details["name"] == "Temp"


@pytest.mark.promise("FD-8")
def test_a_role_still_granted_is_not_deleted(login, organisation, owner, member):
    # given
    role = member.grants.get().role
    # when
    response = login(owner).post(
        reverse("staff:role_delete", args=[organisation.pk, role.pk]), follow=True
    )
    # then
    assert Role.objects.filter(pk=role.pk).exists()
    assert member.grants.exists()
    assert "still granted" in response.content.decode()
    assert not AuditEvent.objects.filter(action="access.role.deleted").exists()


@pytest.mark.promise("QL-15")
def test_a_role_of_another_organisation_is_not_found(
    login, organisation, owner, other_organisation
):
    # given
    foreign = access.role_create(
        actor=None, organisation=other_organisation, name="Boss", capabilities=[]
    )
    client = login(owner)
    # when
    edit = client.post(_role(organisation, foreign), {"capabilities": [caps.STAFF_MANAGE]})
    delete = client.post(reverse("staff:role_delete", args=[organisation.pk, foreign.pk]))
    # then
    assert (edit.status_code, delete.status_code) == (404, 404)
    foreign.refresh_from_db()
    assert foreign.capabilities == []
