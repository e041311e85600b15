"""The JSON API is described by OpenAPI at /api/openapi.json, with docs served from our own
static files at /api/docs (no third-party CDN: the CSP allows only 'self')."""

from __future__ import annotations

import re

import pytest


@pytest.mark.django_db
def test_openapi_describes_the_staff_and_customer_operations(client):
    # when
    schema = client.get("/api/openapi.json").json()
    # then
    paths = set(schema["paths"])
    assert "/api/queues/{queue_id}/board" in paths
    assert "/api/queues/tickets/{ticket_id}/summon" in paths
    assert "/api/queues/public/{public_token}/join" in paths
    assert "/api/account/me" in paths
    schemes = schema["components"]["securitySchemes"]
    assert {scheme["type"] for scheme in schemes.values()} >= {"http", "apiKey"}


@pytest.mark.promise("QM-4")
@pytest.mark.django_db
def test_api_docs_load_only_our_own_scripts(client):
    # when
    page = client.get("/api/docs").content.decode()
    # then
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
    assert sources
    assert all(source.startswith("/static/") for source in sources), sources
