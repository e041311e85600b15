"""Fixtures of the identity tests: people and a browser-like client."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from frontdesk.identity.models import User
from frontdesk.identity.tests.helpers import BROWSER, PASSWORD, make_user


@pytest.fixture(autouse=True)
def _fresh_cache(db):
    """Rate-limit counters, unlock tokens and lockout notices must not leak between tests
    (the cache is the database cache here, hence `db`)."""
    cache.clear()


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def customer(db) -> User:
    return make_user("customer@example.test", full_name="Casey Customer")


@pytest.fixture
def staff(db) -> User:
    return make_user("staff@acme.test", staff=True, full_name="Sam Staff")


@pytest.fixture
def client() -> Client:
    return Client(HTTP_USER_AGENT=BROWSER)
