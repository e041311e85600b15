"""IN-19, need-to-know: support staff see the requests of their own team only (outsiders get
404, members without the capability 403), every read of a request and of each diagnostic is
an audit event, and a customer sees only their own requests."""

from __future__ import annotations

import pytest
from conftest import make_user, signed_in_client
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from frontdesk.audit.selectors import audit_events
from frontdesk.support import services
from frontdesk.support.tests.conftest import REPORT, attach, customer_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def both(customer_ticket, public_ticket):
    """A request to the technical team, and one to the accounts team, each with a report."""
    ticket, _ = public_ticket
    return attach(customer_ticket), attach(ticket)


@pytest.mark.promise("IN-19")
def test_an_agent_lists_the_requests_of_their_team_only(agent, both):
    # given
    technical_report, _ = both
    # when
    page = signed_in_client(agent).get("/staff/support/")
    # then
    assert page.status_code == 200
    html = page.content.decode()
    assert "The importer stops" in html
    assert "I cannot sign in" not in html
    listed = audit_events(action="support.tickets.listed").get()
    assert listed.details == {"ticket_ids": [technical_report.ticket_id]}


@pytest.mark.promise("IN-19")
def test_another_teams_request_and_report_are_not_found(agent, both):
    # given
    _, accounts_report = both
    client = signed_in_client(agent)
    # then: as if they did not exist
    assert client.get(f"/staff/support/tickets/{accounts_report.ticket_id}/").status_code == 404
    assert client.get(f"/staff/support/attachments/{accounts_report.pk}/").status_code == 404
    reply = client.post(
        f"/staff/support/tickets/{accounts_report.ticket_id}/reply", {"body": "x", "then": "open"}
    )
    assert reply.status_code == 404
    assert not audit_events(action="support.attachment.viewed").exists()


@pytest.mark.promise("IN-19")
def test_outsiders_get_404_everywhere(outsider, both):
    # given
    report, _ = both
    client = signed_in_client(outsider)
    # then
    for url in (
        "/staff/support/",
        f"/staff/support/tickets/{report.ticket_id}/",
        f"/staff/support/attachments/{report.pk}/",
        f"/staff/support/teams/{report.ticket.team_id}/feedback/",
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.promise("IN-19")
def test_members_without_the_capability_get_403(feedback_reader, both):
    # given: a member of the technical team who may read feedback only
    report, _ = both
    client = signed_in_client(feedback_reader)
    # then
    assert client.get(f"/staff/support/tickets/{report.ticket_id}/").status_code == 403
    assert client.get(f"/staff/support/attachments/{report.pk}/").status_code == 403
    assert client.post(f"/staff/support/tickets/{report.ticket_id}/resolve").status_code == 403
    fraud = client.post(f"/staff/support/tickets/{report.ticket_id}/fraud", {"reason": "x"})
    assert fraud.status_code == 403
    assert client.get("/staff/support/").status_code == 200  # their team, for the feedback


@pytest.mark.promise("IN-19")
def test_every_read_of_a_diagnostic_is_an_audit_event(agent, both):
    # given
    report, _ = both
    client = signed_in_client(agent)
    # when: the agent opens the report twice
    first = client.get(f"/staff/support/attachments/{report.pk}/")
    client.get(f"/staff/support/attachments/{report.pk}/")
    # then: they see it exactly, and each read is recorded, by whom and of what
    assert first.status_code == 200
    assert "&lt;unterminated" in first.content.decode()  # shown escaped, never as markup
    reads = list(audit_events(action="support.attachment.viewed"))
    assert len(reads) == 2
    assert {(e.actor_id, e.target_id) for e in reads} == {(agent.pk, str(report.pk))}
    assert {e.organisation_id for e in reads} == {report.ticket.organisation_id}
    assert REPORT not in str([e.details for e in reads])


@pytest.mark.promise("IN-19")
def test_opening_a_request_is_audited_and_does_not_load_the_reports(agent, both):
    # given
    report, _ = both
    # when
    page = signed_in_client(agent).get(f"/staff/support/tickets/{report.ticket_id}/")
    # then: the request and the list of reports, not their contents
    html = page.content.decode()
    assert "It stops at row 317." in html
    assert "customer@example.test" in html
    assert "Windows 11" not in html
    assert "Read (recorded)" in html
    viewed = audit_events(action="support.ticket.viewed").get()
    assert (viewed.actor_id, viewed.target_id) == (agent.pk, str(report.ticket_id))
    assert not audit_events(action="support.attachment.viewed").exists()


def test_a_grant_on_the_organisation_covers_every_team(owner, both):
    # when
    html = signed_in_client(owner).get("/staff/support/").content.decode()
    # then
    assert "The importer stops" in html
    assert "I cannot sign in" in html


@pytest.mark.promise("IN-13")
def test_marking_fraud_needs_the_capability(agent, owner, both):
    # given
    report, _ = both
    # when: an agent without support.fraud tries
    refused = signed_in_client(agent).post(
        f"/staff/support/tickets/{report.ticket_id}/fraud", {"reason": "Odd"}
    )
    # and the owner (all capabilities) does it
    done = signed_in_client(owner).post(
        f"/staff/support/tickets/{report.ticket_id}/fraud", {"reason": "Odd"}
    )
    # then
    assert refused.status_code == 403
    assert done.status_code == 302
    assert audit_events(action="support.ticket.fraud_marked").get().actor_id == owner.pk


def test_a_customer_sees_only_their_own_requests(customer, both):
    # given
    report, accounts_report = both
    other = make_user("other@example.test")
    # then
    assert customer_client(customer).get(f"/support/tickets/{report.ticket_id}/").status_code == 200
    client = customer_client(other)
    assert client.get(f"/support/tickets/{report.ticket_id}/").status_code == 404
    assert client.get(f"/support/tickets/{accounts_report.ticket_id}/").status_code == 404
    assert "The importer stops" not in client.get("/support/").content.decode()


def test_a_request_by_number_needs_signing_in(customer_ticket, client):
    # when
    response = client.get(f"/support/tickets/{customer_ticket.pk}/")
    # then
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")


def test_an_unknown_follow_link_is_not_found(client, public_ticket):
    assert client.get(f"/support/t/{'0' * 48}/").status_code == 404


def test_staff_replies_reach_the_customer_and_move_the_request(
    agent, customer, customer_ticket, django_capture_on_commit_callbacks
):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in_client(agent).post(
            f"/staff/support/tickets/{customer_ticket.pk}/reply",
            {"body": "Remove the quote on row 317.", "then": "waiting"},
        )
    # then
    assert response.status_code == 302
    customer_ticket.refresh_from_db()
    assert customer_ticket.state == "waiting"
    [notice] = mail.outbox
    assert notice.to == [customer.email]
    assert "Remove the quote on row 317." in notice.body
    assert f"/support/tickets/{customer_ticket.pk}/" in notice.body
    services.ticket_reply_customer(actor=customer, ticket=customer_ticket, body="Done, thanks")
    customer_ticket.refresh_from_db()
    assert customer_ticket.state == "open"


def test_the_staff_list_reads_teams_once_and_no_requester_account(owner, both):
    # given
    client = signed_in_client(owner)
    # when
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/staff/support/").content.decode()
    # then: the teams, with their organisations, in one query; the requests without accounts
    assert "Acme Services" in html
    sql = [query["sql"] for query in queries]
    assert sum(text.startswith('SELECT "support_team"') for text in sql) == 1
    # (the request's business may be read once, for the page's name: never once per team)
    assert sum(text.startswith('SELECT "access_organisation"') for text in sql) <= 1
    tickets = [text for text in sql if text.startswith('SELECT "support_ticket"')]
    assert tickets
    assert not any('"identity_user"' in text for text in tickets)
