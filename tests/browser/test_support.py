"""Support as people click through it (IN-4, IN-19): a customer opens a request, uploads the
support wizard's diagnostic file, sees exactly what it holds before anything is sent, approves
it with a copy to themselves; an agent of the team reads it, and that read is in the audit
log."""

from __future__ import annotations

import json
import re

import pytest
from conftest import PASSWORD, make_user
from django.core import mail
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from frontdesk.access import capabilities as caps
from frontdesk.access import services as access
from frontdesk.access.scopes import Scope
from frontdesk.audit.selectors import audit_chain_verify, audit_events
from frontdesk.support import services
from frontdesk.support.models import TEAM, Attachment
from tests.browser.test_queue_flow import sign_in_with_totp

REPORT = json.dumps(
    {
        "settings": {"smtp": "mail.example.net", "threads": 4},
        "hardware": {"os": "Windows 11", "memory_mb": 16384},
        "log": ["09:14:07 ERROR row 317: unterminated <quote>"],
    },
    indent=2,
)


@pytest.fixture
def team(organisation):
    return services.team_create(actor=None, organisation=organisation, name="Technical support")


@pytest.fixture
def agent(team):
    user = make_user("agent@acme.test", staff=True, full_name="Alan Agent")
    role = access.role_create(
        actor=None,
        organisation=team.organisation,
        name="Support agent",
        capabilities=[caps.SUPPORT_TICKETS, caps.SUPPORT_DIAGNOSTICS],
    )
    access.grant_add(actor=None, user=user, role=role, scope=Scope(TEAM, team.pk))
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


@pytest.mark.promise("IN-4", "IN-19")
@pytest.mark.django_db(transaction=True)
def test_a_customer_sends_an_approved_diagnostic_and_an_agent_reads_it(
    live_url, new_page, team, agent, customer
):
    # given: the customer signs in and asks for help
    page = new_page()
    page.goto(f"{live_url()}/account/login/?next=/support/")
    page.get_by_label("E-mail").fill(customer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/support/$"))
    page.get_by_label("Who can help").select_option(str(team.pk))
    page.get_by_label("Subject").fill("The importer stops at row 317")
    page.get_by_label("Your message").fill("Importing my address book stops half-way.")
    page.get_by_role("button", name="Send the request").click()
    expect(page).to_have_url(re.compile(r"/support/tickets/\d+/$"))

    # when: they upload the wizard's file
    report = {"name": "diagnostic.json", "mimeType": "application/json", "buffer": REPORT.encode()}
    page.get_by_role("link", name="Send a diagnostic report or proof of purchase").click()
    page.get_by_label("A file from the support wizard (.txt or .json)").set_input_files(report)
    page.get_by_role("button", name="Show me what will be sent").click()

    # then: the preview shows exactly the file, and nothing is sent yet
    expect(page.get_by_text("Nothing has been sent yet.")).to_be_visible()
    assert page.locator("[data-field=preview]").text_content() == REPORT
    assert Attachment.objects.count() == 0

    # when: they approve it, asking for a copy
    page.get_by_label("E-mail me an exact copy of what I send").check()
    page.get_by_role("button", name="Approve and send").click()

    # then: it is attached as it was shown, and the copy is in their mailbox
    expect(page.get_by_text("Your diagnostic report was sent to support.")).to_be_visible()
    stored = Attachment.objects.get()
    assert stored.content == REPORT
    [copy] = [message for message in mail.outbox if "copy" in message.subject]
    assert copy.to == [customer.email]
    assert copy.attachments[0][1].decode() == REPORT

    # when: the agent of the team signs in and opens the report
    staff = new_page()
    sign_in_with_totp(staff, live_url(), agent)
    staff.goto(f"{live_url()}/staff/support/")
    staff.get_by_role("link", name=f"#{stored.ticket_id}").click()
    expect(staff.get_by_text("Importing my address book stops half-way.")).to_be_visible()
    staff.get_by_role("link", name="Read (recorded)").click()

    # then: they read exactly what the customer approved, and the read is audited
    expect(staff.locator("[data-field=report]")).to_be_visible()
    assert staff.locator("[data-field=report]").text_content() == REPORT
    read = audit_events(action="support.attachment.viewed").get()
    assert (read.actor_id, read.target_id) == (agent.pk, str(stored.pk))
    assert audit_chain_verify()[1] is None
