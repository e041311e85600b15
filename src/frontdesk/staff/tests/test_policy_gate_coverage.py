"""The security-policy gate (QM-6) covers the staff area by construction: every URL whose path
has a `staff` segment, and every endpoint of the JSON API not written down here as one for
customers or the public, is gated; every capability is placed as opening customer data or not.
A new staff page, API endpoint or capability fails here until it is placed."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from frontdesk.access import capabilities as caps
from frontdesk.staff.middleware import API, PAGE, gated

# API endpoints that open no customer data to staff: the schema and docs, the caller's own
# account and tokens, and the customers' own endpoints (public queue joining, the shop's
# catalogue and cart, their orders, their support requests).
NOT_STAFF_API = frozenset(
    {
        "/api/",
        "/api/openapi.json",
        "/api/docs",
        "/api/account/me",
        "/api/account/tokens",
        "/api/account/tokens/1",
        "/api/queues/public/1/join",
        "/api/queues/public/tickets/1",
        "/api/shop/1/products",
        "/api/shop/1/products/1",
        "/api/shop/1/cart",
        "/api/shop/1/cart/lines",
        "/api/shop/orders",
        "/api/support/requests",
        "/api/support/requests/1",
    }
)


def _routes(patterns: Iterable[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern).removeprefix("^").removesuffix("$")
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        else:
            yield route


def _path(route: str) -> str:
    """A path the route matches: each parameter (path converter or regex group) becomes 1."""
    route = re.sub(r"<[^>]+>", "1", route)
    return "/" + re.sub(r"\(\?P1[^)]*\)", "1", route)


def _paths() -> list[str]:
    return sorted({_path(route) for route in _routes(get_resolver().url_patterns)})


def test_the_url_walk_finds_the_staff_area_and_the_api():
    # when
    paths = _paths()
    # then: the walk itself sees what the other tests reason about
    assert {"/staff/outbox/", "/privacy/staff/requests/1/", "/api/queues/1/board", "/q/1/"} <= set(
        paths
    )


@pytest.mark.promise("QM-6")
def test_every_staff_page_is_gated():
    # given
    staff = [p for p in _paths() if "staff" in p.split("/") and not p.startswith("/api/")]
    # then
    assert staff
    assert [path for path in staff if gated(path) != PAGE] == []


@pytest.mark.promise("QM-6")
def test_every_api_endpoint_is_gated_unless_written_down_as_not_for_staff():
    # given
    endpoints = [path for path in _paths() if path.startswith("/api/")]
    # when
    open_endpoints = {path for path in endpoints if gated(path) is None}
    # then
    assert open_endpoints == NOT_STAFF_API
    assert {gated(path) for path in endpoints} - {None} == {API}


@pytest.mark.promise("QM-6")
def test_no_customer_or_public_page_is_gated():
    # given
    pages = [path for path in _paths() if "staff" not in path.split("/")]
    # then
    assert [path for path in pages if gated(path) == PAGE] == []


@pytest.mark.promise("QM-6")
def test_every_capability_is_placed_as_opening_customer_data_or_not():
    # given
    opening = set(caps.CUSTOMER_DATA_CAPABILITIES)
    not_opening = set(caps.WITHOUT_CUSTOMER_DATA)
    # then
    assert opening | not_opening == set(caps.CAPABILITIES)
    assert opening & not_opening == set()
    assert all(caps.WITHOUT_CUSTOMER_DATA.values())


@pytest.mark.promise("QM-6")
def test_privacy_requests_and_disclosures_open_customer_data():
    # then
    assert caps.PRIVACY_REQUESTS in caps.CUSTOMER_DATA_CAPABILITIES
    assert caps.DISCLOSURES_RECORD in caps.CUSTOMER_DATA_CAPABILITIES
    assert caps.AUDIT_READ not in caps.CUSTOMER_DATA_CAPABILITIES
