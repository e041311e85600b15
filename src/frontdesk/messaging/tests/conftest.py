"""Messaging fixtures: tasks run at once, staff with verified sessions, a fake SMS provider
that is a real HTTP server on 127.0.0.1 recording what it receives."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from conftest import make_user, signed_in_client
from django.core.cache import cache
from huey.contrib.djhuey import HUEY

from frontdesk.access import capabilities as caps
from frontdesk.access import services as access
from frontdesk.access.models import Location, Organisation
from frontdesk.access.scopes import Scope
from frontdesk.identity.models import User

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _tasks_run_immediately() -> Iterator[None]:
    """Huey runs each task in the calling thread, in memory: no consumer needed in tests."""
    before = HUEY.immediate
    HUEY.immediate = True
    yield
    HUEY.immediate = before


@pytest.fixture(autouse=True)
def _fresh_cache(db: None) -> None:
    cache.clear()


@pytest.fixture
def other_organisation(db: None) -> Organisation:
    return access.organisation_create(name="Other Ltd", slug="other")


@pytest.fixture
def location(organisation: Organisation) -> Location:
    return access.location_create(
        actor=None, organisation=organisation, name="High Street", slug="high-street"
    )


def _grant(user: User, organisation: Organisation, scope: Scope, capabilities: list[str]) -> None:
    role = access.role_create(
        actor=None, organisation=organisation, name=f"Role {user.pk}", capabilities=capabilities
    )
    access.grant_add(actor=None, user=user, role=role, scope=scope)


@pytest.fixture
def owner(organisation: Organisation) -> User:
    user = make_user("owner@acme.test", staff=True)
    _grant(user, organisation, Scope("organisation", organisation.pk), list(caps.CAPABILITIES))
    return user


@pytest.fixture
def member(organisation: Organisation, location: Location) -> User:
    """Staff with one capability on one location only."""
    user = make_user("member@acme.test", staff=True)
    _grant(user, organisation, Scope("location", location.pk), [caps.QUEUE_ARRIVE])
    return user


@pytest.fixture
def outsider(db: None) -> User:
    return make_user("outsider@elsewhere.test", staff=True)


verified_client = signed_in_client


@dataclass
class FakeProvider:
    """What the fake SMS provider received, and how it answers."""

    url: str
    requests: list[dict[str, Any]] = field(default_factory=list)
    status: int = 201
    answer: dict[str, Any] = field(default_factory=lambda: {"sid": "SM0123456789abcdef"})


def _handler_for(provider: FakeProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            provider.requests.append(
                {
                    "path": self.path,
                    "headers": dict(self.headers.items()),
                    "body": self.rfile.read(length).decode("utf-8"),
                }
            )
            payload = json.dumps(provider.answer).encode()
            self.send_response(provider.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def sms_provider(settings: Any) -> Iterator[FakeProvider]:
    """A Twilio-compatible HTTP server on 127.0.0.1, with the HTTP backend configured for it."""
    provider = FakeProvider(url="")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(provider))
    provider.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.FRONTDESK_SMS_BACKEND = "frontdesk.messaging.sms.HttpSmsBackend"
    settings.FRONTDESK_SMS_HTTP_URL = provider.url
    settings.FRONTDESK_SMS_ACCOUNT = "AC123"
    settings.FRONTDESK_SMS_TOKEN = "secret-token"
    settings.FRONTDESK_SMS_FROM = "+15005550006"
    yield provider
    server.shutdown()
    server.server_close()
