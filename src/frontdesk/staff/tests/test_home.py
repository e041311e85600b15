"""The staff home: queues by location, and only the links the person may use (QL-15, QL-16)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from frontdesk.access import capabilities as caps
from frontdesk.access import services as access
from frontdesk.access.scopes import Scope
from frontdesk.staff.tests.conftest import make_user


def _url(name: str, *args: object) -> str:
    return reverse(name, args=args)


@pytest.mark.promise("QL-15")
def test_home_lists_the_queues_by_location_with_their_boards(login, owner, queue, other_queue):
    # given
    client = login(owner)
    # when
    response = client.get(reverse("staff:home"))
    # then
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("High Street") < page.index("Counter") < page.index("Station Road")
    assert page.index("Station Road") < page.index("Parcels")
    assert _url("queues:board", queue.pk) in page
    assert _url("queues:board", other_queue.pk) in page


@pytest.mark.promise("QL-15")
def test_clerk_of_one_location_sees_only_its_queues(login, clerk, queue, other_queue):
    # given
    client = login(clerk)
    # when
    page = client.get(reverse("staff:home")).content.decode()
    # then
    assert "Counter" in page
    assert "Parcels" not in page


@pytest.mark.promise("QL-16", "QL-17")
def test_report_links_appear_only_where_the_user_holds_queue_reports(
    login, organisation, clerk, queue, other_queue
):
    # given: the clerk (no reports at their location) may read reports of one other queue only
    reporter = access.role_create(
        actor=None, organisation=organisation, name="Reporter", capabilities=[caps.QUEUE_REPORTS]
    )
    access.grant_add(actor=None, user=clerk, role=reporter, scope=Scope("queue", other_queue.pk))
    client = login(clerk)
    # when
    page = client.get(reverse("staff:home")).content.decode()
    # then
    assert _url("queues:queue_report", other_queue.pk) in page
    assert _url("queues:queue_report", queue.pk) not in page
    assert _url("queues:location_report", queue.location_id) not in page


@pytest.mark.promise("QL-16")
def test_owner_sees_location_and_queue_report_links(login, owner, queue):
    # given
    client = login(owner)
    # when
    page = client.get(reverse("staff:home")).content.decode()
    # then
    assert _url("queues:queue_report", queue.pk) in page
    assert _url("queues:location_report", queue.location_id) in page


@pytest.mark.promise("QL-16")
def test_people_and_audit_links_only_for_holders_of_the_capability(
    login, organisation, owner, member, auditor
):
    # given
    people_url = reverse("staff:people", args=[organisation.pk])
    roles_url = reverse("staff:roles", args=[organisation.pk])
    audit_url = reverse("staff:audit", args=[organisation.pk])
    # when
    owner_page = login(owner).get(reverse("staff:home")).content.decode()
    member_page = login(member).get(reverse("staff:home")).content.decode()
    auditor_page = login(auditor).get(reverse("staff:home")).content.decode()
    # then
    assert people_url in owner_page
    assert roles_url in owner_page
    assert audit_url in owner_page
    assert people_url not in member_page
    assert roles_url not in member_page
    assert audit_url not in member_page
    assert people_url not in auditor_page
    assert roles_url not in auditor_page
    assert audit_url in auditor_page


def test_outbox_link_for_anyone_with_a_grant(login, member):
    # given
    outbox_url = _url("messaging:outbox")
    # when
    page = login(member).get(reverse("staff:home")).content.decode()
    # then
    assert outbox_url in page


@pytest.mark.promise("QL-15", "QM-7")
def test_home_is_not_found_for_customers_and_outsiders(login, customer, outsider):
    # given
    url = reverse("staff:home")
    # when
    customer_response = login(customer).get(url)
    outsider_response = login(outsider).get(url)
    # then
    assert customer_response.status_code == 404
    assert outsider_response.status_code == 404


@pytest.mark.promise("QL-10")
def test_home_needs_a_login(db):
    # when
    response = Client().get(reverse("staff:home"))
    # then
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("identity:login"))


def test_staff_who_lost_every_grant_lose_the_home(login, organisation, member):
    # given
    grant = member.grants.get()
    access.grant_remove(actor=None, grant=grant)
    client = login(make_user("fresh@acme.test", staff=True))
    # when
    member_response = login(member).get(reverse("staff:home"))
    fresh_response = client.get(reverse("staff:home"))
    # then
    assert member_response.status_code == 404
    assert fresh_response.status_code == 404
