from __future__ import annotations

import base64
from typing import Any
from urllib.parse import parse_qs

import pytest

from frontdesk.messaging import services
from frontdesk.messaging.models import SmsMessage
from frontdesk.messaging.sms import HttpSmsBackend, get_backend


def _send(capture: Any) -> Any:
    with capture(execute=True):
        return services.sms_send(
            phone="+447700900123", body="Your turn: desk 3", organisation_id=None
        )


@pytest.mark.django_db
def test_http_backend_posts_a_twilio_form_with_basic_auth(
    sms_provider, django_capture_on_commit_callbacks
):
    # when
    message = _send(django_capture_on_commit_callbacks)
    # then
    assert isinstance(get_backend(), HttpSmsBackend)
    (request,) = sms_provider.requests
    assert request["path"] == "/2010-04-01/Accounts/AC123/Messages.json"
    assert request["headers"]["Content-Type"] == "application/x-www-form-urlencoded"
    expected = base64.b64encode(b"AC123:secret-token").decode()
    assert request["headers"]["Authorization"] == f"Basic {expected}"
    assert parse_qs(request["body"]) == {
        "To": ["+447700900123"],
        "From": ["+15005550006"],
        "Body": ["Your turn: desk 3"],
    }
    message.refresh_from_db()
    assert message.status == SmsMessage.Status.SENT
    assert message.provider_id == "SM0123456789abcdef"


@pytest.mark.django_db
def test_http_backend_error_marks_the_message_failed(
    sms_provider, django_capture_on_commit_callbacks
):
    # given
    sms_provider.status = 401
    sms_provider.answer = {"message": "Authenticate"}
    # when
    message = _send(django_capture_on_commit_callbacks)
    # then
    message.refresh_from_db()
    assert message.status == SmsMessage.Status.FAILED
    assert message.error == "SMS provider answered HTTP 401."
    assert message.sent_at is None


@pytest.mark.django_db
def test_http_backend_answer_without_sid_marks_the_message_failed(
    sms_provider, django_capture_on_commit_callbacks
):
    # given
    sms_provider.answer = {"status": "queued"}
    # when
    message = _send(django_capture_on_commit_callbacks)
    # then
    message.refresh_from_db()
    assert message.status == SmsMessage.Status.FAILED
    assert "sid" in message.error


@pytest.mark.django_db
def test_unreachable_provider_marks_the_message_failed(
    sms_provider, settings, django_capture_on_commit_callbacks
):
    # given: nothing listens on port 9 of 127.0.0.1 (discard)
    settings.FRONTDESK_SMS_HTTP_URL = "http://127.0.0.1:9"
    # when
    message = _send(django_capture_on_commit_callbacks)
    # then
    message.refresh_from_db()
    assert message.status == SmsMessage.Status.FAILED
    assert sms_provider.requests == []
