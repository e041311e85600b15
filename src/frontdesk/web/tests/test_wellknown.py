"""security.txt (RFC 9116) and the health probe: public, plain, and telling nothing else."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client

import frontdesk

NOW = datetime(2025, 3, 1, 9, 30, 15, tzinfo=UTC)


def _fields(body: bytes) -> dict[str, str]:
    lines = body.decode().strip().splitlines()
    return dict(line.split(": ", 1) for line in lines)


@pytest.mark.promise("FD-13", "JF-8")
@time_machine.travel(NOW, tick=False)
def test_security_txt_names_the_contact_and_an_expiry(settings):
    # given
    settings.FRONTDESK_SECURITY_CONTACT = "mailto:security@frontdesk.example.org"
    settings.FRONTDESK_SECURITY_TXT_DAYS = 180
    settings.ALLOWED_HOSTS = ["frontdesk.example.org"]
    # when
    response = Client().get("/.well-known/security.txt", HTTP_HOST="frontdesk.example.org")
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert _fields(response.content) == {
        "Contact": "mailto:security@frontdesk.example.org",
        "Expires": "2025-08-28T09:30:15Z",
        "Preferred-Languages": "en",
        "Canonical": "https://frontdesk.example.org/.well-known/security.txt",
    }


@pytest.mark.promise("FD-13")
def test_security_txt_expiry_is_in_the_future_and_within_a_year():
    # when
    fields = _fields(Client().get("/.well-known/security.txt").content)
    # then
    expires = datetime.strptime(fields["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    now = datetime.now(UTC)
    assert now < expires < now + timedelta(days=366)


@pytest.mark.promise("FD-13")
def test_security_txt_is_linked_from_every_page():
    # when
    page = Client().get("/")
    # then
    assert b'href="/.well-known/security.txt"' in page.content


@pytest.mark.promise("QM-3")
def test_healthz_reports_ok_and_nothing_else():
    # when
    response = Client().get("/healthz")
    # then
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert frontdesk.__version__.encode() not in response.content


@pytest.mark.promise("QM-3")
def test_healthz_answers_503_when_the_cache_is_unreachable(settings):
    # given: a Redis address nothing listens on
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    # when
    response = Client().get("/healthz")
    # then
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "unavailable"}


def test_healthz_and_security_txt_need_no_login():
    # when
    statuses = [
        Client().get(path).status_code for path in ("/healthz", "/.well-known/security.txt")
    ]
    # then
    assert statuses == [200, 200]


def test_well_known_files_refuse_writes():
    # when
    response = Client().post("/.well-known/security.txt")
    # then
    assert response.status_code == 405
