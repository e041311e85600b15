"""People: staff accounts and their grants, managed through audited services (QL-15, QL-17,
QL-18, QL-10), shown only to STAFF_MANAGE holders (QL-16)."""

from __future__ import annotations

import re

import pytest
from conftest import make_user
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdesk.access import capabilities as caps
from frontdesk.access import services as access
from frontdesk.access.models import Grant
from frontdesk.access.scopes import Scope
from frontdesk.audit.models import AuditEvent
from frontdesk.identity.models import User


def _people(organisation) -> str:
    return reverse("staff:people", args=[organisation.pk])


def _person(organisation, user) -> str:
    return reverse("staff:person", args=[organisation.pk, user.pk])


def _last(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).latest("seq")


@pytest.mark.promise("QL-15")
@pytest.mark.parametrize(
    ("who", "status"), [("owner", 200), ("member", 403), ("clerk", 403), ("outsider", 404)]
)
def test_people_page_is_404_for_outsiders_403_for_members_200_for_managers(
    request, login, organisation, who, status
):
    # given
    client = login(request.getfixturevalue(who))
    # when
    response = client.get(_people(organisation))
    # then
    assert response.status_code == status


@pytest.mark.promise("QL-15", "QL-16")
def test_auditor_gets_403_on_people_and_sees_no_people_link(login, organisation, auditor, owner):
    # given
    client = login(auditor)
    # when
    people_status = client.get(_people(organisation)).status_code
    person_status = client.get(_person(organisation, owner)).status_code
    audit_page = client.get(reverse("staff:audit", args=[organisation.pk]))
    # then
    assert people_status == 403
    assert person_status == 403
    assert audit_page.status_code == 200
    assert _people(organisation) not in audit_page.content.decode()


def test_people_page_lists_staff_with_their_grants(login, organisation, owner, clerk, location):
    # when
    page = login(owner).get(_people(organisation)).content.decode()
    # then
    assert "Olivia Owner" in page
    assert "owner@acme.test" in page
    assert "Carl Clerk" in page
    assert "Location: High Street" in page


@pytest.mark.promise("QL-7")
def test_no_link_or_form_of_the_staff_pages_carries_an_e_mail_address(
    login, organisation, owner, clerk
):
    # given
    client = login(owner)
    # when
    pages = [client.get(_people(organisation)), client.get(_person(organisation, clerk))]
    # then
    for page in pages:
        targets = re.findall(r'(?:href|action)="([^"]*)"', page.content.decode())
        assert targets
        assert not [target for target in targets if "@" in target or "%40" in target]


@pytest.mark.promise("QL-10", "QL-14", "QL-18")
def test_creating_staff_shows_the_temporary_password_once_and_is_audited(
    login, organisation, owner, location
):
    # given
    client = login(owner)
    clerk_role = access.role_create(
        actor=None, organisation=organisation, name="Clerk", capabilities=[caps.QUEUE_SUMMON]
    )
    # when
    response = client.post(
        _people(organisation),
        {
            "email": "New.Hire@Acme.test",
            "full_name": "Nina New",
            "role": clerk_role.pk,
            "scope": f"location:{location.pk}",
        },
    )
    # then
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    user = User.objects.with_email("new.hire@acme.test").get()
    shown = re.search(r'<code class="secret">([^<]+)</code>', response.content.decode())
    assert shown is not None
    assert user.check_password(shown.group(1))
    assert user.is_staff
    assert user.must_change_password
    assert user.grants.get().scope == Scope("location", location.pk)
    created, granted = _last("identity.staff.created"), _last("access.grant.added")
    assert (created.actor_id, created.target_id) == (owner.pk, str(user.pk))
    assert granted.actor_id == owner.pk
    assert granted.organisation_id == organisation.pk
    assert granted.details["user_id"] == user.pk
    assert shown.group(1) not in client.get(_people(organisation)).content.decode()


@pytest.mark.promise("FD-8")
def test_creating_staff_with_a_taken_e_mail_changes_nothing(login, organisation, owner, member):
    # given
    client = login(owner)
    role = member.grants.get().role
    before = (User.objects.count(), Grant.objects.count(), AuditEvent.objects.count())
    # when
    response = client.post(
        _people(organisation),
        {
            "email": "MEMBER@acme.test",
            "full_name": "Twin",
            "role": role.pk,
            "scope": f"organisation:{organisation.pk}",
        },
    )
    # then
    assert response.status_code == 400
    assert "already exists" in response.content.decode()
    assert (User.objects.count(), Grant.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.promise("QL-15", "QL-17", "QL-18")
def test_adding_a_grant_on_a_queue_is_audited(login, organisation, owner, clerk, other_queue):
    # given
    client = login(owner)
    role = clerk.grants.get().role
    # when
    response = client.post(
        reverse("staff:grant_add", args=[organisation.pk, clerk.pk]),
        {"role": role.pk, "scope": f"queue:{other_queue.pk}"},
    )
    # then
    assert response.status_code == 302
    grant = Grant.objects.get(user=clerk, scope_kind="queue")
    assert grant.scope_id == other_queue.pk
    event = _last("access.grant.added")
    assert (event.actor_id, event.target_id) == (owner.pk, str(grant.pk))
    assert event.details["scope"] == ["queue", other_queue.pk]


@pytest.mark.promise("QL-15", "FD-8")
def test_a_scope_or_role_of_another_organisation_is_refused(
    login, organisation, owner, clerk, other_organisation
):
    # given
    client = login(owner)
    foreign_location = access.location_create(
        actor=None, organisation=other_organisation, name="Elsewhere", slug="elsewhere"
    )
    foreign_role = access.role_create(
        actor=None, organisation=other_organisation, name="Boss", capabilities=[caps.STAFF_MANAGE]
    )
    own_role = clerk.grants.get().role
    url = reverse("staff:grant_add", args=[organisation.pk, clerk.pk])
    # when
    bad_scope = client.post(url, {"role": own_role.pk, "scope": f"location:{foreign_location.pk}"})
    bad_role = client.post(
        url, {"role": foreign_role.pk, "scope": f"organisation:{organisation.pk}"}
    )
    # then
    assert bad_scope.status_code == 400
    assert bad_role.status_code == 400
    assert clerk.grants.count() == 1


def test_granting_the_same_role_twice_says_so(login, organisation, owner, clerk, location):
    # given
    role = clerk.grants.get().role
    # when
    response = login(owner).post(
        reverse("staff:grant_add", args=[organisation.pk, clerk.pk]),
        {"role": role.pk, "scope": f"location:{location.pk}"},
    )
    # then
    assert response.status_code == 400
    assert "already hold" in response.content.decode()


@pytest.mark.promise("QL-15", "QL-18")
def test_removing_a_grant_is_audited_and_takes_access_away(login, organisation, owner, clerk):
    # given
    grant = clerk.grants.get()
    # when
    response = login(owner).post(
        reverse("staff:grant_remove", args=[organisation.pk, clerk.pk, grant.pk])
    )
    # then: the clerk held nothing else, so they leave the list, and the staff area
    assert response.status_code == 302
    assert response["Location"] == _people(organisation)
    assert not Grant.objects.filter(pk=grant.pk).exists()
    event = _last("access.grant.removed")
    assert (event.actor_id, event.target_id) == (owner.pk, str(grant.pk))
    assert event.organisation_id == organisation.pk
    assert login(clerk).get(reverse("staff:home")).status_code == 404


def test_the_last_grant_letting_anyone_manage_staff_cannot_be_removed(login, organisation, owner):
    # given
    grant = owner.grants.get()
    # when
    response = login(owner).post(
        reverse("staff:grant_remove", args=[organisation.pk, owner.pk, grant.pk]), follow=True
    )
    # then
    assert Grant.objects.filter(pk=grant.pk).exists()
    assert "last grant" in response.content.decode()
    assert not AuditEvent.objects.filter(action="access.grant.removed").exists()


@pytest.mark.promise("QL-15")
def test_people_and_grants_of_another_organisation_are_not_found(
    login, organisation, owner, other_organisation
):
    # given: someone holding a grant only in the other organisation
    role = access.role_create(
        actor=None, organisation=other_organisation, name="Clerk", capabilities=[]
    )
    stranger = make_user("s@other.test", staff=True, organisation=other_organisation)
    grant = access.grant_add(
        actor=None, user=stranger, role=role, scope=Scope("organisation", other_organisation.pk)
    )
    client = login(owner)
    # when
    person = client.get(_person(organisation, stranger))
    remove = client.post(
        reverse("staff:grant_remove", args=[organisation.pk, stranger.pk, grant.pk])
    )
    reset = client.post(reverse("staff:otp_reset", args=[organisation.pk, stranger.pk]))
    # then
    assert (person.status_code, remove.status_code, reset.status_code) == (404, 404, 404)
    assert Grant.objects.filter(pk=grant.pk).exists()


@pytest.mark.promise("QL-10", "QL-18")
def test_unlocking_an_account_is_audited(login, organisation, owner, clerk):
    # when
    response = login(owner).post(reverse("staff:unlock", args=[organisation.pk, clerk.pk]))
    # then
    assert response.status_code == 302
    event = _last("identity.account.unlocked")
    assert (event.actor_id, event.target_id) == (owner.pk, str(clerk.pk))


@pytest.mark.promise("QL-10", "QL-18", "FD-5")
def test_resetting_the_second_factor_removes_devices_and_is_audited(
    login, organisation, owner, clerk
):
    # given
    login(clerk)  # gives the clerk a confirmed device
    assert TOTPDevice.objects.filter(user=clerk).exists()
    # when
    response = login(owner).post(reverse("staff:otp_reset", args=[organisation.pk, clerk.pk]))
    # then
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=clerk).exists()
    event = _last("identity.otp.reset")
    assert (event.actor_id, event.target_id) == (owner.pk, str(clerk.pk))


@pytest.mark.promise("QL-5")
def test_staff_forms_need_the_csrf_token(organisation, owner, clerk, login):
    # given
    client = login(owner)
    client.handler.enforce_csrf_checks = True
    # when
    response = client.post(reverse("staff:unlock", args=[organisation.pk, clerk.pk]))
    # then
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="identity.account.unlocked").exists()


def test_member_without_staff_manage_cannot_post_changes(login, organisation, member, clerk):
    # given
    grant = clerk.grants.get()
    client = login(member)
    # when
    remove = client.post(reverse("staff:grant_remove", args=[organisation.pk, clerk.pk, grant.pk]))
    reset = client.post(reverse("staff:otp_reset", args=[organisation.pk, clerk.pk]))
    # then
    assert (remove.status_code, reset.status_code) == (403, 403)
    assert Grant.objects.filter(pk=grant.pk).exists()


@pytest.mark.promise("QL-16")
def test_the_second_factor_reset_is_offered_only_when_there_is_one(
    login, organisation, owner, clerk, member
):
    # given
    login(clerk)  # the clerk enrols (a confirmed device); the member never did
    client = login(owner)
    # when
    clerk_page = client.get(_person(organisation, clerk)).content.decode()
    member_page = client.get(_person(organisation, member)).content.decode()
    # then
    assert reverse("staff:otp_reset", args=[organisation.pk, clerk.pk]) in clerk_page
    assert reverse("staff:otp_reset", args=[organisation.pk, member.pk]) not in member_page
