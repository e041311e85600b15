"""IN-4: a diagnostic report is sent only once the customer has seen its exact contents and
approved them; what support gets is byte for byte what the preview showed; the customer can
have an exact copy e-mailed to them; it is stored sealed with the requester's key (FD-2)."""

from __future__ import annotations

import base64
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client

from frontdesk.audit.selectors import audit_events
from frontdesk.core import clock
from frontdesk.support import attachments, services
from frontdesk.support.errors import AttachmentRefusedError
from frontdesk.support.models import Attachment, Ticket
from frontdesk.support.tests.conftest import (
    REPORT,
    approval_fields,
    attach,
    customer_client,
    preview_of,
)

pytestmark = pytest.mark.django_db

# Everything a careless copy would change: a first blank line, Windows line endings inside
# a file, markup, quotes, tabs, trailing spaces, non-ASCII text.
TRICKY = '\n<b>Settings</b> & "hardware":\r\n\tRAM 16 GB  \nNom: Zoë Ünlü — ok\n'


def _upload_page(
    client: Client, ticket: Ticket, upload: Any, *, name: str = "diagnostic.txt", text: str = TRICKY
) -> Any:
    return client.post(
        f"/support/tickets/{ticket.pk}/attach",
        {"kind": "diagnostic", "upload": upload(name, text)},
    )


@pytest.mark.promise("IN-4")
def test_an_uploaded_report_is_shown_and_not_attached_before_approval(
    customer, customer_ticket, upload
):
    # given
    client = customer_client(customer)
    # when: the customer uploads the wizard's file
    page = _upload_page(client, customer_ticket, upload)
    # then: they see its contents, and nothing is stored or sent yet
    assert page.status_code == 200
    assert "Nothing has been sent yet" in page.content.decode()
    assert Attachment.objects.count() == 0
    assert not audit_events(action="support.attachment.approved").exists()
    assert not [message for message in mail.outbox if "copy" in message.subject]


@pytest.mark.promise("IN-4")
def test_what_is_stored_is_exactly_what_the_preview_showed(customer, customer_ticket, upload):
    # given: the preview of a file full of characters a careless copy would change
    client = customer_client(customer)
    page = _upload_page(client, customer_ticket, upload).content.decode()
    shown = preview_of(page)
    assert shown == TRICKY
    # when: the customer approves it
    response = client.post(f"/support/tickets/{customer_ticket.pk}/approve", approval_fields(page))
    # then: it is attached, byte for byte as shown
    assert response.status_code == 302
    stored = Attachment.objects.get()
    assert stored.content == shown
    assert stored.filename == "diagnostic.txt"
    assert stored.size == len(TRICKY.encode())
    assert stored.kind == Attachment.Kind.DIAGNOSTIC
    event = audit_events(action="support.attachment.approved").get()
    assert event.actor_id == customer.pk
    assert "Zoë" not in str(event.details)  # the log names the report, never its contents


@pytest.mark.promise("IN-4")
def test_pasted_text_is_previewed_with_the_line_endings_it_will_have(customer, customer_ticket):
    # given: text pasted into the box (browsers send \r\n)
    client = customer_client(customer)
    page = client.post(
        f"/support/tickets/{customer_ticket.pk}/attach",
        {"kind": "proof_of_purchase", "text": "Order RS-1\r\nDate 2025-03-02\r\n"},
    ).content.decode()
    # when
    client.post(f"/support/tickets/{customer_ticket.pk}/approve", approval_fields(page))
    # then: the preview already showed the stored form
    assert preview_of(page) == "Order RS-1\nDate 2025-03-02\n"
    assert Attachment.objects.get().content == preview_of(page)
    assert Attachment.objects.get().kind == Attachment.Kind.PROOF_OF_PURCHASE


@pytest.mark.promise("IN-4")
def test_a_report_changed_after_the_preview_is_refused(customer, customer_ticket, upload):
    # given: the preview of one report
    client = customer_client(customer)
    fields = approval_fields(_upload_page(client, customer_ticket, upload).content.decode())
    # when: something else is posted for approval
    fields["content"] = base64.b64encode(b"something the customer never saw").decode()
    response = client.post(f"/support/tickets/{customer_ticket.pk}/approve", fields)
    # then: refused; nothing stored
    assert response.status_code == 400
    assert attachments.NOT_APPROVED in response.content.decode()
    assert Attachment.objects.count() == 0


@pytest.mark.promise("IN-4")
def test_an_approval_stamp_works_for_its_own_request_only(customer, customer_ticket, technical):
    # given: a report previewed for one request
    other = services.ticket_open(actor=customer, team=technical, subject="Other", body="Other")
    draft = attachments.draft_read(kind="diagnostic", text="RAM 16 GB")
    stamp = attachments.draft_stamp(draft, ticket_id=customer_ticket.pk)
    # when / then: it cannot be approved onto another
    with pytest.raises(AttachmentRefusedError):
        attachments.draft_approved(ticket_id=other.pk, stamp=stamp, encoded=draft.encoded)
    approved = attachments.draft_approved(
        ticket_id=customer_ticket.pk, stamp=stamp, encoded=draft.encoded
    )
    assert approved == draft


@pytest.mark.promise("IN-4")
def test_an_expired_preview_must_be_shown_again(customer_ticket, settings):
    # given: a preview approved only after its time ran out
    settings.FRONTDESK_SUPPORT_PREVIEW_MINUTES = 60
    draft = attachments.draft_read(kind="diagnostic", text="RAM 16 GB")
    stamp = attachments.draft_stamp(draft, ticket_id=customer_ticket.pk)
    # when / then
    with (
        time_machine.travel(clock.now() + timedelta(minutes=61)),
        pytest.raises(AttachmentRefusedError, match="expired"),
    ):
        attachments.draft_approved(ticket_id=customer_ticket.pk, stamp=stamp, encoded=draft.encoded)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("report.exe", b"MZ", "text file"),
        ("report.txt", b"\xff\xfe\x00binary", "UTF-8"),
        ("report.txt", b"ok\x00\x01", "binary"),
        ("report.json", b'{"os": "Windows"', "not valid JSON"),
        ("report.txt", b"   \n", "empty"),
        ("report.txt", b"x" * 2001, "under 2 kB"),
    ],
)
def test_a_report_that_is_not_a_small_text_is_refused(upload, settings, name, data, message):
    # given
    settings.FRONTDESK_SUPPORT_ATTACHMENT_MAX_BYTES = 2000
    # when / then
    with pytest.raises(AttachmentRefusedError, match=message):
        attachments.draft_read(kind="diagnostic", upload=upload(name, data))


def test_the_upload_page_explains_a_refused_file(customer, customer_ticket, upload):
    # when
    response = _upload_page(
        client := customer_client(customer), customer_ticket, upload, name="x.pdf"
    )
    # then
    assert response.status_code == 400
    assert "Send a text file" in response.content.decode()
    assert client.get(f"/support/tickets/{customer_ticket.pk}/").status_code == 200


@pytest.mark.promise("IN-4")
def test_the_customer_can_have_an_exact_copy_e_mailed(
    customer, customer_ticket, upload, django_capture_on_commit_callbacks
):
    # given: the preview of a report
    client = customer_client(customer)
    fields = approval_fields(_upload_page(client, customer_ticket, upload).content.decode())
    # when: they approve it asking for a copy
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/support/tickets/{customer_ticket.pk}/approve", {**fields, "copy": "on"})
    # then: the e-mail carries the very bytes support received
    [copy] = [m for m in mail.outbox if "copy" in m.subject]
    assert copy.to == [customer.email]
    [(name, content, _)] = copy.attachments
    stored = Attachment.objects.get()
    assert name == "diagnostic.txt"
    assert content == stored.content == TRICKY
    assert audit_events(action="support.attachment.copy_sent").count() == 1


@pytest.mark.promise("IN-4")
def test_a_copy_can_be_asked_for_later(
    customer, customer_ticket, django_capture_on_commit_callbacks
):
    # given: a report sent earlier
    report = attach(customer_ticket, actor=customer)
    client = customer_client(customer)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/support/tickets/{customer_ticket.pk}/copy", {"attachment": report.pk}
        )
    # then
    assert response.status_code == 302
    [copy] = [m for m in mail.outbox if "copy" in m.subject]
    [(name, content, kind)] = copy.attachments
    assert (name, kind) == ("diagnostic.json", "application/json")
    assert content.decode() == REPORT


@pytest.mark.promise("IN-4", "FD-2")
def test_a_report_is_stored_sealed_with_the_requesters_key(customer, customer_ticket):
    # when
    report = attach(customer_ticket, actor=customer)
    # then: the table holds ciphertext under the customer's own key
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT content, vault_key FROM support_attachment WHERE id = %s", [report.pk]
        )
        raw, key = cursor.fetchone()
    assert raw.startswith("fd1:")
    assert "Windows" not in raw
    customer.refresh_from_db()
    assert str(key).replace("-", "") == customer.vault_key.hex
