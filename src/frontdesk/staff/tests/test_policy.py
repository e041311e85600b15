"""Security-policy versions (QM-6): published, told to the staff concerned, acknowledged before
any customer data opens, and listed with who accepted them and when."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from conftest import make_user
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from frontdesk.access import capabilities as caps
from frontdesk.access import services as access
from frontdesk.access.hosts import absolute_url
from frontdesk.access.models import Organisation
from frontdesk.access.scopes import Scope
from frontdesk.access.selectors import grants_of
from frontdesk.audit.models import AuditEvent
from frontdesk.identity import services as identity
from frontdesk.identity.models import User
from frontdesk.queues.models import Queue
from frontdesk.staff import services
from frontdesk.staff.middleware import ACKNOWLEDGE_FIRST
from frontdesk.staff.models import PolicyAcknowledgement, SecurityPolicyVersion
from frontdesk.staff.selectors.policy import policy_pending

ACKNOWLEDGE_URL = "/staff/policy/acknowledge/"


def _board(queue: Queue) -> str:
    return reverse("queues:board", args=[queue.pk])


def _publish(
    owner: User, organisation: Organisation, version: str = "2025-1"
) -> SecurityPolicyVersion:
    return services.policy_publish(
        actor=owner, organisation=organisation, version=version, text="Lock your screen."
    )


def _policy_url(organisation: Organisation) -> str:
    return reverse("staff:policy", args=[organisation.pk])


@pytest.mark.promise("QM-6")
def test_before_any_version_is_published_nobody_is_held(login, member, queue):
    # given
    client = login(member)
    # when
    response = client.get(_board(queue))
    # then
    assert response.status_code == 200


@pytest.mark.promise("QM-6")
def test_after_a_new_version_an_agent_is_sent_from_the_board_to_acknowledge_it(
    login, owner, member, organisation, queue
):
    # given: the agent has been on the board already (the gate's state is cached)
    client = login(member)
    assert client.get(_board(queue)).status_code == 200
    _publish(owner, organisation)
    # when
    response = client.get(_board(queue))
    # then
    assert response.status_code == 302
    assert response["Location"] == f"{ACKNOWLEDGE_URL}?next=%2Fstaff%2Fqueues%2F{queue.pk}%2F"
    assert client.get(reverse("staff:home")).status_code == 302
    assert client.get(reverse("queues:outbox")).status_code == 302


@pytest.mark.promise("QM-6")
def test_an_agent_gets_403_from_the_queues_api_until_they_acknowledge(
    login, owner, member, organisation, queue
):
    # given
    client = login(member)
    version = _publish(owner, organisation)
    # when
    refused = client.get(f"/api/queues/{queue.pk}/board")
    client.post(ACKNOWLEDGE_URL, {"version": version.pk})
    allowed = client.get(f"/api/queues/{queue.pk}/board")
    # then
    assert refused.status_code == 403
    assert refused.json() == {"detail": ACKNOWLEDGE_FIRST}
    assert allowed.status_code == 200


@pytest.mark.promise("QM-6")
def test_an_api_token_of_an_agent_is_held_like_their_session(owner, member, organisation, queue):
    # given
    _, plaintext = identity.apitoken_create(
        actor=member, user=member, name="desk", scopes=["queues:read"]
    )
    _publish(owner, organisation)
    # when
    response = Client().get(
        f"/api/queues/{queue.pk}/board", HTTP_AUTHORIZATION=f"Bearer {plaintext}"
    )
    # then
    assert response.status_code == 403
    assert response.json() == {"detail": ACKNOWLEDGE_FIRST}


@pytest.mark.promise("QM-6", "QL-18")
def test_after_acknowledging_the_agent_gets_through_and_the_acceptance_is_recorded(
    login, owner, member, organisation, queue
):
    # given
    client = login(member)
    version = _publish(owner, organisation)
    page = client.get(client.get(_board(queue))["Location"]).content.decode()
    assert "I have read and accept version 2025-1" in page
    assert "Lock your screen." in page
    # when
    response = client.post(ACKNOWLEDGE_URL, {"version": version.pk, "next": _board(queue)})
    # then
    assert response.status_code == 302
    assert response["Location"] == _board(queue)
    assert client.get(_board(queue)).status_code == 200
    assert PolicyAcknowledgement.objects.filter(user=member, version=version).count() == 1
    event = AuditEvent.objects.get(action="staff.policy.acknowledged")
    assert (event.actor_id, event.organisation_id) == (member.pk, organisation.pk)
    assert event.target_id == str(version.pk)


@pytest.mark.promise("QM-6")
def test_acknowledging_twice_records_it_once(login, owner, member, organisation):
    # given
    client = login(member)
    version = _publish(owner, organisation)
    client.post(ACKNOWLEDGE_URL, {"version": version.pk})
    # when
    response = client.post(ACKNOWLEDGE_URL, {"version": version.pk})
    # then: no longer pending, so not found
    assert response.status_code == 404
    assert PolicyAcknowledgement.objects.filter(user=member).count() == 1
    assert AuditEvent.objects.filter(action="staff.policy.acknowledged").count() == 1


@pytest.mark.promise("QM-6")
def test_a_superseded_version_cannot_be_acknowledged_in_place_of_the_newest(
    login, owner, member, organisation, queue
):
    # given
    client = login(member)
    old = _publish(owner, organisation, "2025-1")
    _publish(owner, organisation, "2025-2")
    # when
    response = client.post(ACKNOWLEDGE_URL, {"version": old.pk})
    # then
    assert response.status_code == 404
    assert not PolicyAcknowledgement.objects.exists()
    assert client.get(_board(queue)).status_code == 302


@pytest.mark.promise("QM-6")
def test_the_acknowledgement_never_redirects_off_site(login, owner, member, organisation):
    # given
    client = login(member)
    version = _publish(owner, organisation)
    # when
    response = client.post(
        ACKNOWLEDGE_URL, {"version": version.pk, "next": "https://evil.example/"}
    )
    # then
    assert response["Location"] == ACKNOWLEDGE_URL


@pytest.mark.promise("QM-6")
def test_an_auditor_without_customer_data_capabilities_is_not_held(
    login, owner, auditor, organisation
):
    # given
    _publish(owner, organisation)
    client = login(auditor)
    # when
    home = client.get(reverse("staff:home"))
    audit_log = client.get(reverse("staff:audit", args=[organisation.pk]))
    # then
    assert home.status_code == 200
    assert audit_log.status_code == 200


@pytest.mark.promise("QM-6")
def test_a_held_agent_still_reaches_public_pages_their_account_and_the_privacy_policy(
    login, owner, member, organisation, queue
):
    # given
    _publish(owner, organisation)
    client = login(member)
    # when
    pages = [
        client.get(path)
        for path in ("/", reverse("identity:account"), "/privacy", f"/q/{queue.public_token}/")
    ]
    policy_page = client.get(_policy_url(organisation))
    # then
    assert [page.status_code for page in pages] == [200, 200, 200, 200]
    assert policy_page.status_code == 403  # reachable past the gate; refused as ever (no right)


@pytest.mark.promise("QM-6")
def test_an_agent_of_another_organisation_is_not_held_by_this_ones_policy(
    login, owner, organisation, other_organisation
):
    # given
    role = access.role_create(
        actor=None, organisation=other_organisation, name="Desk", capabilities=[caps.QUEUE_SUMMON]
    )
    elsewhere = make_user("desk@other.test", staff=True, organisation=other_organisation)
    access.grant_add(
        actor=None, user=elsewhere, role=role, scope=Scope("organisation", other_organisation.pk)
    )
    _publish(owner, organisation)
    # when
    response = login(elsewhere).get(reverse("staff:home"))
    # then
    assert response.status_code == 200


@pytest.mark.promise("QM-6", "QL-18")
@pytest.mark.usefixtures("member", "clerk", "auditor")
def test_publishing_tells_each_affected_member_of_staff_by_email(
    login, owner, organisation, django_capture_on_commit_callbacks
):
    # given
    client = login(owner)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _policy_url(organisation), {"version": "2025-1", "text": "Lock your screen."}
        )
    # then: one message each to the owner, the agent and the clerk; none to the auditor
    assert response.status_code == 302
    assert sorted(message.to[0] for message in mail.outbox) == [
        "clerk@acme.test",
        "member@acme.test",
        "owner@acme.test",
    ]
    assert all(len(message.to) == 1 for message in mail.outbox)
    assert "2025-1" in mail.outbox[0].subject
    # from the business, with a link to its own site
    assert mail.outbox[0].from_email == "Acme Services <hello@acme.test>"
    assert absolute_url(ACKNOWLEDGE_URL, organisation) in mail.outbox[0].body
    event = AuditEvent.objects.get(action="staff.policy.published")
    assert event.actor_id == owner.pk
    assert event.details == {"version": "2025-1", "notified": 3}


@pytest.mark.promise("QM-6")
def test_a_deactivated_member_of_staff_is_not_told(
    owner, member, organisation, django_capture_on_commit_callbacks
):
    # given
    member.is_active = False
    member.save()
    # when
    with django_capture_on_commit_callbacks(execute=True):
        _publish(owner, organisation)
    # then
    assert [message.to for message in mail.outbox] == [["owner@acme.test"]]


@pytest.mark.promise("QM-6")
def test_the_policy_page_lists_who_acknowledged_each_version_and_when_and_who_has_not(
    login, owner, member, clerk, organisation
):
    # given
    version = _publish(owner, organisation)
    with time_machine.travel(datetime(2025, 3, 4, 9, 15, tzinfo=UTC), tick=False):
        services.policy_acknowledge(actor=member, version=version)
    # when
    page = login(owner).get(_policy_url(organisation)).content.decode()
    # then
    acknowledged, missing = page.split("Not yet acknowledged")
    assert "member@acme.test" in acknowledged
    assert "2025-03-04 09:15" in acknowledged
    assert "clerk@acme.test" in missing
    assert "owner@acme.test" in missing
    assert "member@acme.test" not in missing


@pytest.mark.promise("QM-6")
def test_publishing_refuses_a_label_already_used_and_changes_nothing(login, owner, organisation):
    # given
    _publish(owner, organisation)
    client = login(owner)
    # when
    response = client.post(_policy_url(organisation), {"version": "2025-1", "text": "Other."})
    empty = client.post(_policy_url(organisation), {"version": "2025-2", "text": ""})
    # then
    assert response.status_code == 400
    assert "already used" in response.content.decode()
    assert empty.status_code == 400
    assert "Enter the text of the policy." in empty.content.decode()
    assert SecurityPolicyVersion.objects.count() == 1


@pytest.mark.promise("QL-15")
def test_the_policy_page_is_404_to_outsiders_and_403_to_members_without_the_right(
    login, member, outsider, organisation
):
    # given
    url = _policy_url(organisation)
    # when
    outsider_sees = login(outsider).get(url).status_code
    member_sees = login(member).get(url).status_code
    member_posts = login(member).post(url, {"version": "x", "text": "y"}).status_code
    # then
    assert (outsider_sees, member_sees, member_posts) == (404, 403, 403)
    assert not SecurityPolicyVersion.objects.exists()


@pytest.mark.promise("QL-15", "QL-16")
def test_auditors_read_the_policy_page_and_only_publishers_get_the_form(
    login, owner, auditor, organisation
):
    # given
    url = _policy_url(organisation)
    auditor_client = login(auditor)
    # when
    auditor_page = auditor_client.get(url)
    auditor_posts = auditor_client.post(url, {"version": "x", "text": "y"}).status_code
    owner_page = login(owner).get(url).content.decode()
    # then
    assert auditor_page.status_code == 200
    assert "Publish a new version" not in auditor_page.content.decode()
    assert auditor_posts == 403
    assert "Publish a new version" in owner_page
    assert not SecurityPolicyVersion.objects.exists()


@pytest.mark.promise("QL-16")
def test_the_acknowledgement_page_is_404_to_people_without_any_staff_role(login, outsider):
    # when / then
    assert login(outsider).get(ACKNOWLEDGE_URL).status_code == 404


@pytest.mark.promise("QL-16")
def test_policy_and_disclosure_links_only_for_holders(login, organisation, owner, member, auditor):
    # given
    policy_url = _policy_url(organisation)
    disclosures_url = reverse("staff:disclosures", args=[organisation.pk])
    # when
    pages = {
        who: login(user).get(reverse("staff:home")).content.decode()
        for who, user in (("owner", owner), ("member", member), ("auditor", auditor))
    }
    # then
    assert policy_url in pages["owner"]
    assert disclosures_url in pages["owner"]
    assert policy_url not in pages["member"]
    assert disclosures_url not in pages["member"]
    assert policy_url in pages["auditor"]
    assert disclosures_url not in pages["auditor"]


def _board_queries(client: Client, queue: Queue) -> int:
    client.get(_board(queue))  # warm: sessions, caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(_board(queue)).status_code == 200
    return len(queries)


@pytest.mark.promise("QM-6")
def test_the_gate_costs_at_most_one_cached_query_per_request(login, owner, member, queue, settings):
    # given: a published version the agent accepted (the cache is the database's here, so a
    # cache read counts as a query)
    services.policy_acknowledge(actor=member, version=_publish(owner, queue.organisation))
    gate = "frontdesk.staff.middleware.SecurityPolicyGateMiddleware"
    assert gate in settings.MIDDLEWARE
    # when: a client loads the middleware on its first request, so each setting gets its own
    with_gate = _board_queries(login(member), queue)
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != gate]
    without_gate = _board_queries(login(member), queue)
    # then
    assert with_gate - without_gate <= 1


@pytest.mark.promise("QM-6")
def test_the_gate_reads_its_state_in_one_cache_round_trip(owner, member, organisation):
    # given
    services.policy_acknowledge(actor=member, version=_publish(owner, organisation))
    policy_pending(member)  # fills the cache
    fresh = User.objects.get(pk=member.pk)
    grants_of(fresh)  # read once per request for the view anyway
    # when
    with CaptureQueriesContext(connection) as queries:
        pending = policy_pending(fresh)
    # then
    assert pending == {}
    assert len(queries) <= 1


@pytest.mark.promise("QM-6", "JF-6")
def test_a_customer_service_member_gets_403_from_the_shop_staff_api_until_they_acknowledge(
    login, owner, organisation
):
    # given: someone who may read the shop's orders, and a new policy version
    agent = make_user("service@acme.test")
    role = access.role_create(
        actor=owner,
        organisation=organisation,
        name="Service",
        capabilities=[caps.SHOP_ORDERS_SERVICE],
    )
    access.grant_add(
        actor=owner, user=agent, role=role, scope=Scope("organisation", organisation.pk)
    )
    client = login(agent)
    version = _publish(owner, organisation)
    # when
    refused = client.get("/api/shop/staff/orders")
    client.post(ACKNOWLEDGE_URL, {"version": version.pk})
    allowed = client.get("/api/shop/staff/orders")
    # then
    assert refused.status_code == 403
    assert refused.json() == {"detail": ACKNOWLEDGE_FIRST}
    assert allowed.status_code == 200
