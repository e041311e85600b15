"""IN-15: customers (and visitors) send suggestions through a feedback form; feedback is kept,
and read by staff of the team with the capability for it, each read recorded."""

from __future__ import annotations

import pytest
from conftest import signed_in_client
from django.test import Client

from frontdesk.audit.selectors import audit_events
from frontdesk.support.models import Feedback
from frontdesk.support.tests.conftest import customer_client

pytestmark = pytest.mark.django_db


@pytest.mark.promise("IN-15")
def test_a_visitor_and_a_customer_send_suggestions(technical, customer):
    # when: a visitor, and a signed-in customer, send one each
    anonymous = Client().post(
        "/support/feedback/", {"team": technical.pk, "body": "Dark mode, please."}
    )
    signed = customer_client(customer).post(
        "/support/feedback/", {"team": technical.pk, "body": "Import from vCard."}
    )
    # then: both are kept; only the customer's says who sent it
    assert anonymous.status_code == signed.status_code == 302
    kept = {item.body: item.user_id for item in Feedback.objects.all()}
    assert kept == {"Dark mode, please.": None, "Import from vCard.": customer.pk}
    assert audit_events(action="support.feedback.sent").count() == 2


@pytest.mark.promise("IN-15")
def test_feedback_is_read_by_the_teams_readers_and_each_read_is_recorded(
    technical, accounts, feedback_reader, agent, customer
):
    # given
    Feedback.objects.create(team=technical, user=customer, body="Import from vCard.")
    Feedback.objects.create(team=accounts, body="Shorter passwords.")
    # when
    page = signed_in_client(feedback_reader).get(f"/staff/support/teams/{technical.pk}/feedback/")
    # then
    assert page.status_code == 200
    assert "Import from vCard." in page.content.decode()
    assert "Shorter passwords." not in page.content.decode()
    read = audit_events(action="support.feedback.viewed").get()
    assert read.actor_id == feedback_reader.pk
    # and the other team's feedback, or no capability, is refused
    assert (
        signed_in_client(feedback_reader)
        .get(f"/staff/support/teams/{accounts.pk}/feedback/")
        .status_code
        == 404
    )
    assert (
        signed_in_client(agent).get(f"/staff/support/teams/{technical.pk}/feedback/").status_code
        == 403
    )


@pytest.mark.promise("QM-3")
def test_feedback_is_rate_limited_per_address(technical, settings):
    # given
    settings.FRONTDESK_SUPPORT_FEEDBACK_RATE = "1/h"
    visitor = Client(REMOTE_ADDR="192.0.2.50")
    visitor.post("/support/feedback/", {"team": technical.pk, "body": "One."})
    # when
    refused = visitor.post("/support/feedback/", {"team": technical.pk, "body": "Two."})
    # then
    assert refused.status_code == 429
    assert Feedback.objects.count() == 1


def test_empty_feedback_is_refused(technical):
    # when
    response = Client().post("/support/feedback/", {"team": technical.pk, "body": "  "})
    # then
    assert response.status_code == 400
    assert not Feedback.objects.exists()
