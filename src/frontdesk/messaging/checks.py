"""System checks: refuse an SMS configuration that cannot work or is unsafe, at start-up."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.utils.module_loading import import_string

from frontdesk.messaging.sms import BaseSmsBackend, HttpSmsBackend, OutboxBackend

HTTP_SETTINGS = ("FRONTDESK_SMS_HTTP_URL", "FRONTDESK_SMS_ACCOUNT", "FRONTDESK_SMS_TOKEN")


@register()
def sms_backend_check(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    try:
        backend = import_string(settings.FRONTDESK_SMS_BACKEND)
    except ImportError:
        return [Error("FRONTDESK_SMS_BACKEND cannot be imported.", id="messaging.E001")]
    if not (isinstance(backend, type) and issubclass(backend, BaseSmsBackend)):
        return [Error("FRONTDESK_SMS_BACKEND is not an SMS backend.", id="messaging.E002")]
    if issubclass(backend, HttpSmsBackend):
        missing = [name for name in HTTP_SETTINGS if not getattr(settings, name, "")]
        if missing:
            return [Error(f"The HTTP SMS backend needs {', '.join(missing)}.", id="messaging.E003")]
    return []


def _outbox_only() -> bool:
    try:
        backend = import_string(settings.FRONTDESK_SMS_BACKEND)
    except ImportError:
        return False
    return isinstance(backend, type) and issubclass(backend, OutboxBackend)


@register(Tags.security, deploy=True)
def sms_webhook_check(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    # Only SMS that really reach phones can get STOP replies; the outbox sends none.
    if settings.FRONTDESK_SMS_WEBHOOK_SECRET or _outbox_only():
        return []
    return [
        Warning(
            "FRONTDESK_SMS_WEBHOOK_SECRET is not set: inbound SMS (STOP replies) are refused.",
            id="messaging.W001",
        )
    ]
