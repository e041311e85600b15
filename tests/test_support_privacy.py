"""Support's personal data in the privacy core (FD-1, IN-21, FD-11, IN-15): it is declared with
the retention it really has, it is in the person's data download, and erasing the person
destroys their requests' details while their suggestions stay, without who sent them."""

from __future__ import annotations

import json

import pytest
from conftest import business, make_user
from django.db import connection

from frontdesk.core.declarations import Erasure, personal_data
from frontdesk.privacy import export
from frontdesk.privacy.erasure import account_erase
from frontdesk.privacy.selectors import policy_document
from frontdesk.support import services
from frontdesk.support.attachments import Draft
from frontdesk.support.models import Attachment, Feedback, Message, Ticket
from frontdesk.vault import keyring

pytestmark = pytest.mark.django_db

LOG = "2026-11-20 09:14:07 ERROR row 317"


@pytest.fixture
def team():
    organisation = business("Infacta", "infacta")
    return services.team_create(actor=None, organisation=organisation, name="Technical support")


@pytest.fixture
def ada(team):
    """A customer of Infacta with a request (a message, a diagnostic) and a suggestion."""
    user = make_user("ada@example.test", full_name="Ada Lovelace", organisation=team.organisation)
    ticket = services.ticket_open(
        actor=user, team=team, subject="Importer stops", body="Row 317", purchase_reference="GM-1"
    )
    draft = Draft(kind=Attachment.Kind.DIAGNOSTIC, filename="d.txt", content=LOG)
    services.attachment_add(actor=user, ticket=ticket, draft=draft)
    services.feedback_send(actor=user, team=team, body="A preview of the import, please.")
    return user


@pytest.mark.promise("FD-1", "IN-4", "IN-5", "IN-13", "IN-15")
def test_support_data_is_declared_with_its_retention():
    # given
    declared = {(item.model, field): item for item in personal_data() for field in item.fields}
    # then: reports, messages and contact details go a grace period after the request is
    # resolved (a setting), the fraud reason after the longer period; feedback stays
    for field in ("content", "filename"):
        assert declared[("support.Attachment", field)].retention.setting == (
            "FRONTDESK_SUPPORT_GRACE_DAYS"
        )
    assert declared[("support.Message", "body")].retention.days == 7
    for field in ("contact_name", "contact_email", "subject", "purchase_reference"):
        assert declared[("support.Ticket", field)].retention.days == 7
    fraud = declared[("support.Ticket", "fraud_reason")].retention
    assert (fraud.days, fraud.setting) == (365, "FRONTDESK_SUPPORT_FRAUD_DAYS")
    assert declared[("support.Feedback", "body")].retention.days is None
    assert declared[("support.Feedback", "user")].erasure == Erasure.KEEP_WITHOUT_IDENTITY
    # and the published policy says so
    text = json.dumps(policy_document())
    assert "7 days after the request is resolved" in text
    assert "365 days after the request is resolved, when staff suspect fraud" in text


@pytest.mark.promise("IN-21", "FD-9")
def test_the_data_download_holds_the_persons_requests_and_reports(ada):
    # when
    data = export.export_for(ada)
    # then
    sections = {section["model"]: section for section in data["sections"]}
    assert sections["support.Ticket"]["rows"][0]["subject"] == "Importer stops"
    assert sections["support.Message"]["rows"][0]["body"] == "Row 317"
    assert sections["support.Attachment"]["rows"][0]["content"] == LOG
    assert sections["support.Feedback"]["rows"][0]["user"] == "Ada Lovelace"


@pytest.mark.promise("FD-11", "JF-7", "IN-15")
def test_erasure_destroys_the_requests_and_keeps_the_suggestion_without_identity(
    ada, django_capture_on_commit_callbacks
):
    # given
    ticket = Ticket.objects.get(requester=ada)
    feedback = Feedback.objects.get(user=ada)
    key = ada.vault_key
    # when
    with django_capture_on_commit_callbacks(execute=True):
        report = account_erase(actor=None, user=ada)
    # then: the conversation and the reports are deleted
    assert not Message.objects.filter(ticket=ticket).exists()
    assert not Attachment.objects.filter(ticket=ticket).exists()
    assert report.deleted["support.Attachment"] == 1
    # and the request stays as a bare record, not linked to the person
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT subject, purchase_reference, requester_id FROM support_ticket WHERE id = %s",
            [ticket.pk],
        )
        assert cursor.fetchone() == ("", "", None)
    # and the person's key is gone
    assert not keyring.key_is_live(key)
    # and the suggestion is kept, readable, without who sent it
    feedback = Feedback.objects.get(pk=feedback.pk)
    assert feedback.user_id is None
    assert feedback.body == "A preview of the import, please."
