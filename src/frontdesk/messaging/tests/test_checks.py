from __future__ import annotations

from typing import Any

from frontdesk.messaging.checks import sms_backend_check, sms_webhook_check


def _ids(messages: list[Any]) -> list[str]:
    return [message.id for message in messages]


def test_default_outbox_backend_passes_the_checks(settings):
    # given
    settings.FRONTDESK_SMS_BACKEND = "frontdesk.messaging.sms.OutboxBackend"
    settings.FRONTDESK_SMS_WEBHOOK_SECRET = ""
    # then
    assert sms_backend_check(None) == []
    assert sms_webhook_check(None) == []


def test_http_backend_without_credentials_is_refused_at_start_up(settings):
    # given
    settings.FRONTDESK_SMS_BACKEND = "frontdesk.messaging.sms.HttpSmsBackend"
    settings.FRONTDESK_SMS_HTTP_URL = "https://api.example.test"
    settings.FRONTDESK_SMS_ACCOUNT = ""
    settings.FRONTDESK_SMS_TOKEN = ""
    # then
    assert _ids(sms_backend_check(None)) == ["messaging.E003"]


def test_unknown_backend_is_refused_at_start_up(settings):
    # given
    settings.FRONTDESK_SMS_BACKEND = "frontdesk.messaging.models.SmsMessage"
    # then
    assert _ids(sms_backend_check(None)) == ["messaging.E002"]


def test_real_sms_without_a_webhook_secret_is_a_deploy_warning(settings):
    # given: STOP replies would be refused in production without the secret
    settings.FRONTDESK_SMS_BACKEND = "frontdesk.messaging.sms.HttpSmsBackend"
    settings.FRONTDESK_SMS_WEBHOOK_SECRET = ""
    # then
    assert _ids(sms_webhook_check(None)) == ["messaging.W001"]
