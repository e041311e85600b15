"""The queue service as people click through it: a customer joins from the public page, an
agent signs in with a password and a TOTP code and summons them, the customer's ticket page
shows the summons by itself, and the SMS is in the outbox."""

from __future__ import annotations

import re

import pytest
from conftest import PASSWORD, make_user
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from frontdesk.access import capabilities as caps
from frontdesk.access import services as access
from frontdesk.access.scopes import Scope
from frontdesk.audit.selectors import audit_chain_verify, audit_events
from frontdesk.identity.tests.helpers import code_for
from frontdesk.messaging.models import SmsMessage
from frontdesk.queues import services as queues
from frontdesk.queues.models import Ticket


@pytest.fixture
def queue(location):
    return queues.queue_create(
        actor=None, location=location, name="Passports", expected_service_minutes=5
    )


@pytest.fixture
def agent(organisation, queue):
    user = make_user("agent@acme.test", staff=True, full_name="Agnes Agent")
    role = access.role_create(
        actor=None,
        organisation=organisation,
        name="Agent",
        capabilities=[caps.QUEUE_BOARD, caps.QUEUE_CUSTOMERS, caps.QUEUE_SUMMON, caps.QUEUE_ARRIVE],
    )
    access.grant_add(actor=None, user=user, role=role, scope=Scope("queue", queue.pk))
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


def sign_in_with_totp(page, base_url: str, user) -> None:
    page.goto(f"{base_url}/account/login/")
    page.get_by_label("E-mail").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/account/otp/verify/"))
    page.get_by_label("Code from your authenticator app").fill(
        code_for(TOTPDevice.objects.get(user=user))
    )
    page.get_by_role("button", name="Continue").click()
    expect(page).not_to_have_url(re.compile(r"/account/"))


@pytest.mark.promise("QL-1", "QL-7", "QL-10", "QL-17", "QL-18", "FD-5")
@pytest.mark.django_db(transaction=True)
def test_customer_joins_agent_summons_and_the_ticket_page_shows_it(
    live_url, new_page, queue, agent
):
    # given: a customer on the queue's public page
    customer = new_page()
    customer.goto(f"{live_url()}/q/{queue.public_token}/")
    customer.get_by_label("Name").fill("Ada Lovelace")
    customer.get_by_label("Mobile phone (optional)").fill("07700 900123")
    customer.get_by_label("Send me SMS updates").check()
    customer.get_by_role("button", name="Join the queue").click()
    expect(customer).to_have_url(re.compile(r"/t/[A-Za-z0-9_-]{16,}/$"))
    assert "7700" not in customer.url
    expect(customer.locator("[data-field=state_label]")).to_have_text("Waiting")
    [ticket] = [t for t in Ticket.objects.filter(queue=queue) if t.name == "Ada Lovelace"]

    # when: the agent signs in with a TOTP code and summons her from the board
    staff = new_page()
    sign_in_with_totp(staff, live_url(), agent)
    staff.goto(f"{live_url()}/staff/queues/{queue.pk}/")
    expect(staff.get_by_text("Ada Lovelace")).to_be_visible()
    expect(staff.get_by_role("link", name=re.compile("report", re.I))).to_have_count(0)
    staff.get_by_role("button", name="Summon").first.click()

    # then: the customer's open page shows the summons without a reload
    expect(customer.locator("[data-field=state_label]")).to_have_text("Summoned", timeout=5_000)
    ticket.refresh_from_db()
    assert ticket.state == "summoned"
    # and the SMS she asked for is in the outbox, shown on the staff Outbox page
    message = SmsMessage.objects.get()
    assert message.to_phone == "+447700900123"
    staff.goto(f"{live_url()}/staff/outbox/")
    expect(staff.get_by_text(message.body[:30])).to_be_visible()
    # and the summons is an audit event by the agent, in an intact chain
    summons = audit_events(action="queues.ticket.summoned").get()
    assert summons.actor_id == agent.pk
    assert summons.target_id == str(ticket.pk)
    assert audit_chain_verify()[1] is None
