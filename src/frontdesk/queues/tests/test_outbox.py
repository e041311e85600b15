"""The SMS outbox (QL-16, QL-15, QL-18): the messages of the queues the reader serves, newest
first, each page read audited; an agent of one queue reads that queue's only, an auditor none;
outsiders (people of another business, or holding no grant) get 404."""

from __future__ import annotations

import re

import pytest
from conftest import business, make_user
from django.test import Client
from django.urls import reverse

from frontdesk.access import capabilities as caps
from frontdesk.access import services as access
from frontdesk.audit.models import AuditEvent
from frontdesk.messaging import services as messaging
from frontdesk.messaging.models import SmsMessage
from frontdesk.queues import services
from frontdesk.queues.models import Queue
from frontdesk.queues.tests.factories import join, make_queue

URL = "/staff/outbox/"
AGENT = [caps.QUEUE_BOARD, caps.QUEUE_CUSTOMERS, caps.QUEUE_SUMMON, caps.QUEUE_ARRIVE]


def _sms(queue: Queue, body: str, phone: str = "+447700900111") -> SmsMessage:
    message = messaging.sms_send(
        phone=phone, body=body, organisation_id=queue.organisation_id, queue_id=queue.pk
    )
    assert message is not None
    return message


@pytest.fixture
def elsewhere_queue(db) -> Queue:
    """A queue of another business."""
    other = business("Other Ltd", "other")
    place = access.location_create(actor=None, organisation=other, name="Depot", slug="depot")
    return make_queue(place, "Returns")


@pytest.fixture
def sms(queue, far_queue, elsewhere_queue, django_capture_on_commit_callbacks):
    """Two messages of `queue`, one of the far queue, one of another business's queue."""
    with django_capture_on_commit_callbacks(execute=True):
        first = _sms(queue, "First summons")
        second = _sms(queue, "Second summons", "+447700900222")
        _sms(far_queue, "Far summons", "+447700900333")
        _sms(elsewhere_queue, "Elsewhere", "+447700900444")
    return [first, second]


def test_outbox_url_name():
    assert reverse("queues:outbox") == URL


@pytest.mark.promise("QL-18")
def test_owner_reads_the_outbox_newest_first_and_the_read_is_audited(
    owner, far_queue, sms, staff_client
):
    # when
    response = staff_client(owner).get(URL)
    # then
    assert response.status_code == 200
    content = response.content.decode()
    assert content.index("Second summons") < content.index("First summons")
    assert "+447700900111" in content
    assert "Delivered to outbox" in content
    assert "Far summons" in content
    assert "Elsewhere" not in content
    event = AuditEvent.objects.get(action="messaging.outbox.viewed")
    assert event.actor_id == owner.pk
    far = SmsMessage.objects.get(queue_id=far_queue.pk)
    assert event.details == {"page": 1, "message_ids": [far.pk, sms[1].pk, sms[0].pk]}


@pytest.mark.promise("QL-16")
def test_an_agent_of_one_queue_reads_only_that_queues_messages(
    queue, far_queue, make_member, staff_client, django_capture_on_commit_callbacks
):
    # given: a customer summoned at each queue, each with SMS updates
    here = join(queue, "Ada", phone="+447700900555", sms=True)
    there = join(far_queue, "Bram", phone="+447700900666", sms=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_summon(actor=None, ticket=here)
        services.ticket_summon(actor=None, ticket=there)
    agent = make_member(AGENT, on=queue)
    # when
    response = staff_client(agent).get(URL)
    # then
    assert response.status_code == 200
    content = response.content.decode()
    assert "+447700900555" in content
    assert f"{queue.name}: it is your turn" in content
    assert "+447700900666" not in content
    assert f"{far_queue.name}: it is your turn" not in content


@pytest.mark.promise("QL-15")
def test_staff_with_a_grant_on_a_location_read_its_queues_messages(
    location, make_member, sms, staff_client
):
    # when
    response = staff_client(make_member(AGENT, on=location)).get(URL)
    # then
    assert response.status_code == 200
    assert b"First summons" in response.content
    assert b"Far summons" not in response.content


@pytest.mark.promise("QL-16")
def test_the_auditor_reads_no_customer_phone(organisation, make_member, sms, staff_client):
    # given: the auditor's role holds the audit log alone
    auditor = make_member([caps.AUDIT_READ], on=organisation)
    # when
    response = staff_client(auditor).get(URL)
    # then
    assert response.status_code == 403
    assert b"+447700900111" not in response.content
    assert not AuditEvent.objects.filter(action="messaging.outbox.viewed").exists()


@pytest.mark.promise("QL-15", "FD-16")
def test_staff_of_another_business_read_only_its_messages(elsewhere_queue, sms, staff_client):
    # given: an agent of the other business's queue
    other = make_user("desk@other.test", staff=True, organisation=elsewhere_queue.organisation)
    role = access.role_create(
        actor=None, organisation=elsewhere_queue.organisation, name="Desk", capabilities=AGENT
    )
    access.grant_add(actor=None, user=other, role=role, scope=elsewhere_queue.access_scopes()[0])
    # when: on their business's own host
    response = staff_client(other).get(URL)
    # then
    assert response.status_code == 200
    assert b"Elsewhere" in response.content
    assert b"First summons" not in response.content
    assert b"Far summons" not in response.content


@pytest.mark.promise("QL-15")
def test_staff_holding_no_grant_get_404(sms, staff_client):
    # when
    response = staff_client(make_user("idle@acme.test", staff=True)).get(URL)
    # then
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="messaging.outbox.viewed").exists()


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_sign_in():
    # when
    response = Client().get(URL)
    # then
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")


def test_session_without_second_factor_is_sent_to_sign_in(owner, sms):
    # given
    client = Client()
    client.force_login(owner)
    # when
    response = client.get(URL)
    # then
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="messaging.outbox.viewed").exists()


def test_outbox_is_paginated(owner, queue, staff_client, django_capture_on_commit_callbacks):
    # given
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(51):
            _sms(queue, f"Message {i:02d}")
    client = staff_client(owner)
    # when
    first, second = client.get(URL), client.get(URL, {"page": 2})
    # then
    assert b"Message 50" in first.content
    assert b"Message 00" not in first.content
    assert b"Message 00" in second.content
    assert b"?page=2" in first.content


@pytest.mark.promise("QL-7")
def test_no_url_on_the_outbox_page_carries_a_phone_number(
    owner, queue, sms, staff_client, django_capture_on_commit_callbacks
):
    # given: enough SMS for pagination links
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(50):
            _sms(queue, "More", "+447700900777")
    # when
    response = staff_client(owner).get(URL)
    # then
    urls = re.findall(r'(?:href|src|action)="([^"]*)"', response.content.decode())
    phones = set(SmsMessage.objects.values_list("to_phone", flat=True))
    digits = {phone.lstrip("+") for phone in phones} | {phone[-9:] for phone in phones}
    assert any("page=2" in url for url in urls)
    for url in [*urls, URL, reverse("messaging:sms_inbound")]:
        assert not any(d in url for d in digits), url
        assert "@" not in url
