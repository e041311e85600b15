"""security.txt (RFC 9116) and the health probe: public, plain, and telling nothing else."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from conftest import business, host_client
from django.test import Client

import frontdesk

NOW = datetime(2025, 3, 1, 9, 30, 15, tzinfo=UTC)


def _fields(body: bytes) -> dict[str, str]:
    lines = body.decode().strip().splitlines()
    return dict(line.split(": ", 1) for line in lines)


@pytest.mark.promise("FD-13", "JF-8", "FD-16")
@time_machine.travel(NOW, tick=False)
def test_security_txt_names_the_businesss_contact_and_an_expiry(settings):
    # given: a business on its own domain, with its own security contact
    settings.SITE_URL = "https://frontdesk.example.org"
    settings.FRONTDESK_SECURITY_CONTACT = "mailto:security@frontdesk.example.org"
    settings.FRONTDESK_SECURITY_TXT_DAYS = 180
    settings.ALLOWED_HOSTS = ["shop.juliefloral.example"]
    business(
        "Julie Floral",
        "julie-floral",
        hosts=["shop.juliefloral.example"],
        security_contact="security@juliefloral.example",
    )
    # when
    response = Client().get("/.well-known/security.txt", HTTP_HOST="shop.juliefloral.example")
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert _fields(response.content) == {
        "Contact": "mailto:security@juliefloral.example",
        "Expires": "2025-08-28T09:30:15Z",
        "Preferred-Languages": "en",
        "Policy": "https://shop.juliefloral.example/privacy#security",
        "Canonical": "https://shop.juliefloral.example/.well-known/security.txt",
    }


@pytest.mark.promise("FD-13", "FD-16")
def test_each_business_publishes_its_own_security_contact(organisation):
    # given
    other = business("Infacta", "infacta", security_contact="security@infacta.test")
    # when
    acme = _fields(host_client(organisation).get("/.well-known/security.txt").content)
    infacta = _fields(host_client(other).get("/.well-known/security.txt").content)
    # then
    assert acme["Contact"] == "mailto:security@acme.test"
    assert infacta["Contact"] == "mailto:security@infacta.test"
    assert "infacta.localhost" in infacta["Canonical"]
    assert "infacta.localhost" in infacta["Policy"]
    assert "infacta" not in acme["Canonical"]


@pytest.mark.promise("FD-13")
def test_a_business_without_a_security_contact_publishes_the_deployments(settings):
    # given
    settings.FRONTDESK_SECURITY_CONTACT = "mailto:security@frontdesk.example.org"
    quiet = business("Quiet", "quiet", security_contact="")
    # when
    fields = _fields(host_client(quiet).get("/.well-known/security.txt").content)
    # then
    assert fields["Contact"] == "mailto:security@frontdesk.example.org"


@pytest.mark.promise("FD-13")
def test_the_platform_host_publishes_the_deployments_contact(settings):
    # given
    settings.SITE_URL = "https://frontdesk.example.org"
    settings.FRONTDESK_SECURITY_CONTACT = "mailto:security@frontdesk.example.org"
    # when
    fields = _fields(host_client(None).get("/.well-known/security.txt").content)
    # then
    assert fields["Contact"] == "mailto:security@frontdesk.example.org"
    assert fields["Canonical"] == "https://frontdesk.example.org/.well-known/security.txt"


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
