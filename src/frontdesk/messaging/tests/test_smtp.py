"""E-mail leaves through Django's SMTP backend to a real SMTP server started by the test
(aiosmtpd on 127.0.0.1), and the one-click unsubscribe headers arrive intact (IN-2, RFC 8058)."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.test import Client

from frontdesk.access.hosts import site_url
from frontdesk.messaging import selectors, services
from frontdesk.messaging.email import email_send
from frontdesk.messaging.models import EmailMessageLog


class Collector:
    """An aiosmtpd handler that keeps every envelope it receives."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[Collector]:
    """A real SMTP server on 127.0.0.1, with Django's SMTP backend pointed at it."""
    collector = Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    yield collector
    controller.stop()


def _received(collector: Collector) -> Message:
    (envelope,) = collector.envelopes
    # The default policy unfolds long headers, as a mail client does (RFC 5322 folding).
    return email.message_from_bytes(
        envelope.original_content or envelope.content, policy=email.policy.default
    )


def _text_part(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload.decode(part.get_content_charset() or "utf-8")
    raise AssertionError("no text/plain part")


@pytest.mark.promise("IN-2", "QM-18")
@pytest.mark.django_db
def test_marketing_email_through_real_smtp_carries_one_click_unsubscribe(
    smtp_server, customer, organisation, django_capture_on_commit_callbacks
):
    # given
    services.consent_give(
        actor=customer, user=customer, purpose="marketing", policy_version="v1", source="signup"
    )
    # when
    with django_capture_on_commit_callbacks(execute=True):
        log = email_send(
            user=customer,
            purpose="marketing",
            subject="Spring offers",
            body_text="Twenty percent off everything.",
            body_html="<p>Twenty percent off everything.</p>",
        )
    # then: the server received it, with the RFC 8058 headers and a visible link
    message = _received(smtp_server)
    assert smtp_server.envelopes[0].rcpt_tos == [customer.email]
    assert message["Subject"] == "Spring offers"
    assert message["From"] == "Acme Services <hello@acme.test>"  # the business sends it
    site = site_url(organisation)  # and its link is on the business's own site
    header = str(message["List-Unsubscribe"]).strip()
    assert header.startswith(f"<{site}/unsubscribe/")
    assert header.endswith("/>")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = header.strip("<>")
    assert link in _text_part(message)
    assert customer.email not in link
    log.refresh_from_db()
    assert log.status == EmailMessageLog.Status.SENT
    # and the link received works as one click
    response = Client(enforce_csrf_checks=True).post(link.removeprefix(site))
    assert response.status_code == 200
    assert selectors.consent_current(user=customer)["marketing"] is False


@pytest.mark.django_db
def test_an_unreachable_smtp_server_marks_the_email_failed(
    settings, customer, django_capture_on_commit_callbacks
):
    # given: nothing listens on the port
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = _free_port()
    settings.EMAIL_TIMEOUT = 5
    # when
    with django_capture_on_commit_callbacks(execute=True):
        log = email_send(user=customer, purpose="order", subject="Order", body_text="Thanks")
    # then
    log.refresh_from_db()
    assert log.status == EmailMessageLog.Status.FAILED
    assert log.error
