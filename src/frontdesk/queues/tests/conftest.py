"""Queue fixtures on top of the root conftest (organisation, locations, owner, outsider, fresh
cache, tasks run at once): three queues, members with chosen capabilities on a chosen scope,
and staff clients whose sessions passed the second factor."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from conftest import make_user as make_account

from frontdesk.access import services as access
from frontdesk.access.models import Location, Organisation
from frontdesk.access.scopes import Scope
from frontdesk.identity.models import User
from frontdesk.queues.models import QUEUE, Queue
from frontdesk.queues.tests.factories import make_queue

PASSWORD = "correct horse battery staple"


def make_user(email: str) -> User:
    return make_account(email, staff=True)


@pytest.fixture
def queue(location: Location) -> Queue:
    return make_queue(location, "Passports", expected_service_minutes=5)


@pytest.fixture
def sibling_queue(location: Location) -> Queue:
    """Another queue at the same location."""
    return make_queue(location, "Driving licences")


@pytest.fixture
def far_queue(other_location: Location) -> Queue:
    """A queue at the other location."""
    return make_queue(other_location, "Enquiries")


Grant = Callable[..., User]


@pytest.fixture
def make_member(organisation: Organisation) -> Grant:
    """make_member(capabilities, on=<queue | location | organisation>) → a staff user."""
    counter = iter(range(1, 1000))

    def make(capabilities: list[str], *, on: Any, email: str = "") -> User:
        n = next(counter)
        user = make_user(email or f"member{n}@acme.test")
        kind = {Queue: QUEUE, Location: "location", Organisation: "organisation"}[type(on)]
        role = access.role_create(
            actor=None, organisation=organisation, name=f"Role {n}", capabilities=capabilities
        )
        access.grant_add(actor=None, user=user, role=role, scope=Scope(kind, on.pk))
        return user

    return make


_URL_ATTRS = re.compile(
    r"""\b(?:href|src|action|formaction|data-[\w-]*url)\s*=\s*["']([^"']*)["']"""
)


def urls_in(html: str) -> list[str]:
    """Every URL a page links, loads or posts to."""
    return _URL_ATTRS.findall(html)
