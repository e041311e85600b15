"""Fixtures of the staff-area tests. Besides the shared ones (organisation, locations, owner,
outsider, customer in the repository's conftest.py): signed-in, second-factor-verified
clients, a member of the organisation without the capability under test, an auditor, a clerk
of one location, queues, and a second organisation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from conftest import make_user, signed_in_client
from django.test import Client

from frontdesk.access import capabilities as caps
from frontdesk.access import services as access
from frontdesk.access.models import Location, Organisation, Role
from frontdesk.access.scopes import Scope
from frontdesk.identity.models import User
from frontdesk.queues import services as queues
from frontdesk.queues.models import Queue

PASSWORD = "correct horse battery staple"
QUEUE_CAPABILITIES = [caps.QUEUE_BOARD, caps.QUEUE_CUSTOMERS, caps.QUEUE_SUMMON, caps.QUEUE_ARRIVE]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """These tests create many accounts; the slow hash (QL-12) is proven by identity's tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def login(db) -> Callable[[User], Client]:
    """A client signed in as the user, its session verified by a confirmed TOTP device."""

    return signed_in_client


def _role(organisation: Organisation, name: str, capabilities: list[str]) -> Role:
    return access.role_create(
        actor=None, organisation=organisation, name=name, capabilities=capabilities
    )


def _staff(email: str, name: str, role: Role, scope: Scope) -> User:
    user = make_user(email, staff=True, full_name=name)
    access.grant_add(actor=None, user=user, role=role, scope=scope)
    return user


@pytest.fixture
def clerk_role(organisation: Organisation) -> Role:
    return _role(organisation, "Clerk", QUEUE_CAPABILITIES)


@pytest.fixture
def member(organisation: Organisation, clerk_role: Role) -> User:
    """Holds a role on the whole organisation, without STAFF_MANAGE or AUDIT_READ."""
    scope = Scope("organisation", organisation.pk)
    return _staff("member@acme.test", "Max Member", clerk_role, scope)


@pytest.fixture
def auditor(organisation: Organisation) -> User:
    role = _role(organisation, "Auditor", [caps.AUDIT_READ])
    return _staff("auditor@acme.test", "Ada Auditor", role, Scope("organisation", organisation.pk))


@pytest.fixture
def clerk(location: Location, clerk_role: Role) -> User:
    """Staff of one location only."""
    return _staff("clerk@acme.test", "Carl Clerk", clerk_role, Scope("location", location.pk))


@pytest.fixture
def queue(location: Location) -> Queue:
    return queues.queue_create(actor=None, location=location, name="Counter")


@pytest.fixture
def other_queue(other_location: Location) -> Queue:
    return queues.queue_create(actor=None, location=other_location, name="Parcels")


@pytest.fixture
def other_organisation(db) -> Organisation:
    return access.organisation_create(name="Other Ltd", slug="other")
