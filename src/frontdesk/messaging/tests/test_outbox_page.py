from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from frontdesk.audit.models import AuditEvent
from frontdesk.messaging import services
from frontdesk.messaging.models import SmsMessage
from frontdesk.messaging.tests.conftest import verified_client

URL = "/staff/outbox/"


@pytest.fixture
def sms(organisation, other_organisation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.sms_send(
            phone="+447700900111", body="First summons", organisation_id=organisation.pk
        )
        second = services.sms_send(
            phone="+447700900222", body="Second summons", organisation_id=organisation.pk
        )
        services.sms_send(
            phone="+447700900333", body="Elsewhere", organisation_id=other_organisation.pk
        )
    return [first, second]


def test_outbox_url_name():
    assert reverse("messaging:outbox") == URL


@pytest.mark.promise("QL-18")
def test_owner_reads_the_outbox_newest_first_and_the_read_is_audited(owner, sms):
    # when
    response = verified_client(owner).get(URL)
    # then
    assert response.status_code == 200
    content = response.content.decode()
    assert content.index("Second summons") < content.index("First summons")
    assert "+447700900111" in content
    assert "Delivered to outbox" in content
    assert "Elsewhere" not in content
    event = AuditEvent.objects.get(action="messaging.outbox.viewed")
    assert event.actor_id == owner.pk
    assert event.details == {"page": 1, "message_ids": [sms[1].pk, sms[0].pk]}


@pytest.mark.promise("QL-15")
def test_staff_with_a_grant_on_one_location_sees_their_organisations_outbox(member, sms):
    # when
    response = verified_client(member).get(URL)
    # then
    assert response.status_code == 200
    assert b"First summons" in response.content


@pytest.mark.promise("QL-15")
def test_outsider_gets_404(outsider, sms):
    # when
    response = verified_client(outsider).get(URL)
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


def test_outbox_is_paginated(owner, organisation, django_capture_on_commit_callbacks):
    # given
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(51):
            services.sms_send(
                phone="+447700900111", body=f"Message {i:02d}", organisation_id=organisation.pk
            )
    client = verified_client(owner)
    # when
    first, second = client.get(URL), client.get(URL, {"page": 2})
    # then
    assert b"Message 50" in first.content
    assert b"Message 00" not in first.content
    assert b"Message 00" in second.content
    assert b"?page=2" in first.content


@pytest.mark.promise("QL-7")
def test_no_url_on_the_outbox_page_carries_a_phone_number(
    owner, organisation, sms, django_capture_on_commit_callbacks
):
    # given: enough SMS for pagination links
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(50):
            services.sms_send(phone="+447700900444", body="More", organisation_id=organisation.pk)
    # when
    response = verified_client(owner).get(URL)
    # then
    urls = re.findall(r'(?:href|src|action)="([^"]*)"', response.content.decode())
    phones = set(SmsMessage.objects.values_list("to_phone", flat=True))
    digits = {phone.lstrip("+") for phone in phones} | {phone[-9:] for phone in phones}
    assert any("page=2" in url for url in urls)
    for url in [*urls, URL, reverse("messaging:sms_inbound")]:
        assert not any(d in url for d in digits), url
        assert "@" not in url
