"""The staff home: queues by location, and only the links the person may use (QL-15, QL-16)."""

from __future__ import annotations

import re

import pytest
from conftest import business, make_user
from django.test import Client
from django.urls import reverse

from frontdesk.access import capabilities as caps
from frontdesk.access import services as access
from frontdesk.access.scopes import Scope
from frontdesk.queues import services as queues
from frontdesk.shop import services as shops
from frontdesk.support import services as support


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


@pytest.mark.promise("QL-16")
@pytest.mark.usefixtures("queue")
def test_the_outbox_link_only_for_those_who_serve_a_queue(login, member, auditor):
    # given
    outbox_url = _url("queues:outbox")
    # when
    member_page = login(member).get(reverse("staff:home")).content.decode()
    auditor_page = login(auditor).get(reverse("staff:home")).content.decode()
    # then
    assert outbox_url in member_page
    assert outbox_url not in auditor_page


SECTIONS = {
    "shop": "shop:staff_index",
    "insights": "insights:index",
    "support": "support:staff_index",
    "misuse": "misuse:index",
    "promotions": "promotions:staff_index",
}


@pytest.fixture
def sections(organisation):
    """Something to work on in every section: a shop with a vendor, a support team."""
    shop = shops.shop_create(
        actor=None, organisation=organisation, name="Acme Shop", slug="acme", order_prefix="AC"
    )
    shops.vendor_create(actor=None, shop=shop, name="Acme Goods")
    support.team_create(actor=None, organisation=organisation, name="Helpdesk")


def _links(page: str) -> set[str]:
    return set(re.findall(r'href="(/[^"]*)"', page))


@pytest.mark.promise("QL-16")
@pytest.mark.usefixtures("sections")
def test_a_queue_agent_sees_no_shop_insights_support_misuse_or_promotions_links(
    login, location, clerk_role, queue
):
    # given: an agent of one queue, in a business that runs a shop and a helpdesk too
    agent = make_user("agent@acme.test", staff=True)
    access.grant_add(actor=None, user=agent, role=clerk_role, scope=Scope("queue", queue.pk))
    # when
    page = login(agent).get(reverse("staff:home")).content.decode()
    # then
    links = _links(page)
    assert {_url(name) for name in SECTIONS.values()}.isdisjoint(links)
    assert {"Shop", "Support", "Misuse", "Promotions"}.isdisjoint(re.findall(r">([^<]+)<", page))
    assert {_url("queues:board", queue.pk), _url("queues:outbox")} <= links


@pytest.mark.promise("QL-16")
@pytest.mark.usefixtures("sections")
def test_the_owner_sees_each_section_their_business_has_something_in(login, owner):
    # when
    page = login(owner).get(reverse("staff:home")).content.decode()
    # then
    assert {_url(name) for name in SECTIONS.values()} <= _links(page)


@pytest.mark.promise("QL-16")
def test_an_owner_of_a_queues_only_business_sees_no_other_section(login, password):
    # given: a business using queues alone; its owner holds every capability
    qless = business("QLess", "qless", modules=["queues"])
    place = access.location_create(actor=None, organisation=qless, name="City", slug="city")
    queues.queue_create(actor=None, location=place, name="Passports")
    role = access.role_create(
        actor=None, organisation=qless, name="Owner", capabilities=list(caps.CAPABILITIES)
    )
    owner = make_user("owner@qless.test", staff=True, organisation=qless)
    access.grant_add(actor=None, user=owner, role=role, scope=Scope("organisation", qless.pk))
    # when
    page = login(owner).get(reverse("staff:home")).content.decode()
    # then
    assert {_url(name) for name in SECTIONS.values()}.isdisjoint(_links(page))
    assert _url("queues:outbox") in _links(page)


@pytest.mark.promise("QL-16")
def test_the_auditor_sees_the_audit_log_but_no_board_and_no_outbox(
    login, organisation, auditor, queue
):
    # when
    page = login(auditor).get(reverse("staff:home")).content.decode()
    # then
    links = _links(page)
    assert _url("staff:audit", organisation.pk) in links
    assert _url("queues:board", queue.pk) not in links
    assert _url("queues:outbox") not in links
    assert "Counter" not in page


@pytest.mark.promise("QL-16")
@pytest.mark.usefixtures("sections", "queue", "other_queue")
@pytest.mark.parametrize("who", ["owner", "member", "clerk", "auditor", "agent"])
def test_every_link_on_the_staff_home_answers_200_for_its_person(
    request, login, clerk_role, queue, who
):
    # given
    if who == "agent":
        person = make_user("agent@acme.test", staff=True)
        access.grant_add(actor=None, user=person, role=clerk_role, scope=Scope("queue", queue.pk))
    else:
        person = request.getfixturevalue(who)
    client = login(person)
    # when
    links = _links(client.get(reverse("staff:home")).content.decode())
    # then
    answers = {link: client.get(link).status_code for link in sorted(links)}
    assert answers
    assert set(answers.values()) == {200}, answers


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
