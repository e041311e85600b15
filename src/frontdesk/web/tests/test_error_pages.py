"""Our own error pages: plain words, a reference, and nothing about the server (QM-3)."""

from __future__ import annotations

import json
import platform

import django
import pytest
from django.test import Client

import frontdesk

LEAKS = (b"Traceback", b"Django", b"URLconf", b"WSGIServer", b"DEBUG")


def _leaks(body: bytes) -> list[bytes]:
    versions = (django.get_version(), platform.python_version(), frontdesk.__version__)
    return [leak for leak in (*LEAKS, *(v.encode() for v in versions)) if leak in body]


@pytest.mark.promise("QM-3")
def test_not_found_is_our_page_without_a_url_listing():
    # when
    response = Client().get("/no/such/page/")
    # then
    assert response.status_code == 404
    assert b"Not found" in response.content
    assert _leaks(response.content) == []


@pytest.mark.promise("QM-3")
def test_api_errors_answer_json():
    # when
    response = Client().get("/api/no-such-endpoint")
    # then
    assert response.status_code == 404
    assert json.loads(response.content) == {"detail": "There is nothing here."}


@pytest.mark.promise("QM-3")
def test_a_body_over_the_limit_gets_400_with_our_page(settings):
    # given
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 1024 * 1024
    body = "note=" + "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    # when
    response = Client().post("/", body, content_type="application/x-www-form-urlencoded")
    # then
    assert response.status_code == 400
    assert b"Bad request" in response.content
    assert _leaks(response.content) == []


@pytest.mark.promise("QM-3")
def test_an_api_body_over_the_limit_gets_400_json(settings):
    # given
    body = json.dumps({"note": "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE})
    # when
    response = Client().post("/api/account/anything", body, content_type="application/json")
    # then
    assert response.status_code == 400
    assert json.loads(response.content) == {"detail": "The request could not be understood."}


@pytest.mark.promise("QM-3")
def test_a_body_under_the_limit_passes():
    # when
    response = Client().post("/", {"note": "x" * 1000})
    # then
    assert response.status_code == 200


@pytest.mark.promise("QM-3")
def test_a_forged_form_gets_our_403_page():
    # when
    response = Client(enforce_csrf_checks=True).post("/", {"note": "x"})
    # then
    assert response.status_code == 403
    assert b"Request refused" in response.content
    assert _leaks(response.content) == []


@pytest.mark.promise("QM-3")
def test_every_error_page_renders_without_leaks(settings):
    # given
    settings.FRONTDESK_RATE_LIMIT = "1/m"
    client = Client()
    client.get("/")
    # when
    refused = client.get("/")
    # then
    assert refused.status_code == 429
    assert _leaks(refused.content) == []
