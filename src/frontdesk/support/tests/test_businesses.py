"""Support is each business's own (FD-16): its teams, requests and feedback; the public forms
on a business's host offer that business's teams and file into it; a request, its follow link,
its reports and its team's feedback are unknown (404) on another business's host, to its
customers and to its staff. E-mails come from the request's business and link to its host.

Acme (the test client's business, `organisation`) and Infacta (on infacta.localhost)."""

from __future__ import annotations

import pytest
from conftest import business, host_client, make_user, signed_in_client
from django.core import mail

from frontdesk.access import capabilities as caps
from frontdesk.access.hosts import site_url
from frontdesk.core import tenancy
from frontdesk.support import services
from frontdesk.support.models import Feedback, Team, Ticket
from frontdesk.support.tests.conftest import AGENT_CAPABILITIES, attach, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def infacta():
    return business("Infacta", "infacta", email_sender="hello@infacta.test", modules=["support"])


@pytest.fixture
def infacta_team(infacta) -> Team:
    return services.team_create(actor=None, organisation=infacta, name="Infacta helpdesk")


def _public_form(team: Team) -> dict[str, object]:
    return {
        "team": team.pk,
        "name": "Grace Hopper",
        "email": "grace@example.test",
        "subject": "I cannot sign in",
        "body": "My old address is gone.",
        "purchase_reference": "",
    }


@pytest.mark.promise("FD-16")
def test_the_public_form_offers_and_files_into_the_host_business_only(
    infacta, infacta_team, technical, django_capture_on_commit_callbacks
):
    # given: a visitor of Infacta's host
    visitor = host_client(infacta, REMOTE_ADDR="192.0.2.44")
    # when: they open the form
    page = visitor.get("/support/new/").content.decode()
    # then: only Infacta's teams are offered
    assert "Infacta helpdesk" in page
    assert "Technical support" not in page
    # when: they try Acme's team, then send Infacta's
    refused = visitor.post("/support/new/", _public_form(technical))
    with django_capture_on_commit_callbacks(execute=True):
        sent = visitor.post("/support/new/", _public_form(infacta_team))
    # then: another business's team is no choice; the request is Infacta's
    assert refused.status_code == 400
    assert sent.status_code == 302
    ticket = Ticket.objects.get()
    assert (ticket.organisation_id, ticket.team_id) == (infacta.pk, infacta_team.pk)
    # and the e-mail comes from Infacta, with the follow link on Infacta's address
    [notice] = mail.outbox
    assert notice.from_email == "Infacta <hello@infacta.test>"
    assert f"{site_url(infacta)}/support/t/" in notice.body


@pytest.mark.promise("FD-16")
def test_a_follow_link_of_one_business_is_unknown_on_another_business_host(
    infacta, infacta_team, organisation
):
    # given: a public request at Infacta and its follow link
    _ticket, token = services.ticket_open_public(
        team=infacta_team,
        name="Grace Hopper",
        email="grace@example.test",
        subject="I cannot sign in",
        body="My old address is gone.",
    )
    follow = f"/support/t/{token}/"
    # then: it opens on Infacta's host, and on Acme's it is unknown, page and actions alike
    assert host_client(infacta).get(follow).status_code == 200
    at_acme = host_client(organisation)
    assert at_acme.get(follow).status_code == 404
    assert at_acme.post(f"{follow}reply", {"body": "Hello?"}).status_code == 404
    assert at_acme.post(f"{follow}resolve").status_code == 404


@pytest.mark.promise("FD-16")
def test_a_request_of_one_business_is_unknown_to_another_business_people(
    infacta, infacta_team, organisation, technical
):
    # given: an Infacta customer's request with a report, and a suggestion to Infacta's team
    ada = make_user("ada@example.test", organisation=infacta)
    ticket = services.ticket_open(actor=ada, team=infacta_team, subject="Stops", body="Row 317")
    report = attach(ticket, actor=ada)
    services.feedback_send(actor=ada, team=infacta_team, body="A preview, please.")
    # and at Acme: a customer, and staff with every support capability on the whole business
    acme_customer = signed_in_client(make_user("ada@example.test", organisation=organisation))
    acme_staff = member(
        "agent@acme.test",
        technical,
        [*AGENT_CAPABILITIES, caps.SUPPORT_FRAUD, caps.SUPPORT_FEEDBACK],
        role="Agent",
    )
    staff = signed_in_client(acme_staff)
    # then: Acme's people get 404 for every page of it, on Acme's host
    assert acme_customer.get(f"/support/tickets/{ticket.pk}/").status_code == 404
    assert acme_customer.get(f"/api/support/requests/{ticket.pk}").status_code == 404
    assert "Stops" not in acme_customer.get("/support/").content.decode()
    assert staff.get(f"/staff/support/tickets/{ticket.pk}/").status_code == 404
    assert staff.post(f"/staff/support/tickets/{ticket.pk}/resolve").status_code == 404
    assert staff.get(f"/staff/support/attachments/{report.pk}/").status_code == 404
    assert staff.get(f"/staff/support/teams/{infacta_team.pk}/feedback/").status_code == 404
    assert "Stops" not in staff.get("/staff/support/").content.decode()
    # and the request stays as it was
    ticket.refresh_from_db()
    assert ticket.state == Ticket.State.OPEN
    # while Infacta's customer, on Infacta's host, sees it
    own = signed_in_client(ada)
    assert own.get(f"/support/tickets/{ticket.pk}/").status_code == 200
    assert own.get(f"/api/support/requests/{ticket.pk}").status_code == 200


@pytest.mark.promise("FD-16")
def test_each_business_reads_its_own_requests_and_feedback(infacta, infacta_team, technical):
    # given: a request and a suggestion at each business
    for team in (technical, infacta_team):
        customer = make_user("same@example.test", organisation=team.organisation)
        services.ticket_open(actor=customer, team=team, subject=team.name, body="Help")
        services.feedback_send(actor=customer, team=team, body=f"Idea for {team.name}")
    # then: bound to Infacta, only Infacta's are there
    with tenancy.bound(infacta.tenant):
        assert [ticket.subject for ticket in Ticket.objects.all()] == ["Infacta helpdesk"]
        assert [item.team_id for item in Feedback.objects.all()] == [infacta_team.pk]
        assert list(Team.objects.all()) == [infacta_team]
