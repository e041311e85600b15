"""Rate limits on every endpoint, counted per client address in the shared cache (QL-6, QM-3)."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import redis
import time_machine
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test import Client, RequestFactory
from django_ratelimit import ALL
from django_ratelimit.core import get_usage

from frontdesk.web.middleware import RATE_GROUP_ALL, rate_key

pytestmark = [pytest.mark.promise("QL-6", "QM-3")]


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[time_machine.Traveller]:
    """Fixed windows: a frozen clock keeps every request of a test in the same window."""
    with time_machine.travel(datetime(2025, 3, 1, 12, 0, 7, tzinfo=UTC), tick=False) as clock:
        yield clock


def test_requests_over_the_limit_get_429_with_retry_after(settings):
    # given
    settings.FRONTDESK_RATE_LIMIT = "3/m"
    client = Client()
    # when
    statuses = [client.get("/").status_code for _ in range(4)]
    refused = client.get("/")
    # then
    assert statuses == [200, 200, 200, 429]
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused["Content-Type"].startswith("text/html")
    assert b"Too many requests" in refused.content


def test_retry_after_is_the_time_until_the_window_resets(settings, frozen_clock):
    # given
    settings.FRONTDESK_RATE_LIMIT = "2/m"
    client = Client()
    client.get("/")
    client.get("/")
    wait = int(client.get("/")["Retry-After"])
    # when
    frozen_clock.shift(wait - 1)
    still_refused = client.get("/")
    frozen_clock.shift(1)
    allowed_again = client.get("/")
    # then
    assert still_refused.status_code == 429
    assert allowed_again.status_code == 200


def test_writes_have_the_stricter_limit(settings):
    # given
    settings.FRONTDESK_RATE_LIMIT = "100/m"
    settings.FRONTDESK_RATE_LIMIT_WRITE = "2/m"
    client = Client()
    # when
    posts = [client.post("/").status_code for _ in range(3)]
    read = client.get("/")
    # then
    assert 429 not in posts[:2]
    assert posts[2] == 429
    assert read.status_code == 200


def test_api_over_the_limit_gets_json(settings):
    # given
    settings.FRONTDESK_RATE_LIMIT = "1/m"
    client = Client()
    client.get("/api/openapi.json")
    # when
    response = client.get("/api/openapi.json")
    # then
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert "wait" in json.loads(response.content)["detail"]
    assert int(response["Retry-After"]) >= 1


def test_each_client_address_has_its_own_count(settings):
    # given
    settings.FRONTDESK_RATE_LIMIT = "1/m"
    client = Client()
    client.get("/", REMOTE_ADDR="203.0.113.1")
    # when
    same = client.get("/", REMOTE_ADDR="203.0.113.1")
    other = client.get("/", REMOTE_ADDR="203.0.113.2")
    # then
    assert same.status_code == 429
    assert other.status_code == 200


def test_probes_security_txt_and_static_files_are_not_limited(settings):
    # given
    settings.FRONTDESK_RATE_LIMIT = "1/m"
    client = Client()
    # when
    statuses = {
        path: [client.get(path).status_code for _ in range(3)]
        for path in ("/healthz", "/.well-known/security.txt", "/static/web/site.css")
    }
    # then
    assert statuses == {path: [200, 200, 200] for path in statuses}
    assert client.get("/").status_code == 200


def test_missing_static_files_count_like_any_request(settings):
    # given
    settings.FRONTDESK_RATE_LIMIT = "2/m"
    client = Client()
    # when
    statuses = [client.get("/static/no-such-file.css").status_code for _ in range(3)]
    # then
    assert statuses == [404, 404, 429]


def _probe_usage(ip: str) -> dict[str, int]:
    request = RequestFactory().get("/", REMOTE_ADDR=ip)
    usage = get_usage(
        request,
        group=RATE_GROUP_ALL,
        key=rate_key,
        rate=settings.FRONTDESK_RATE_LIMIT,
        method=ALL,
        increment=False,
    )
    assert usage is not None
    return dict(usage)


def test_counter_lives_in_the_shared_cache_not_in_process_memory(settings):
    # given: a second cache alias on the same store, with its own connection object
    settings.CACHES = {"default": settings.CACHES["default"], "probe": settings.CACHES["default"]}
    settings.RATELIMIT_USE_CACHE = "probe"
    assert "LocMemCache" not in settings.CACHES["default"]["BACKEND"]
    assert caches["probe"] is not caches["default"]
    client = Client()
    # when
    for _ in range(3):
        client.get("/", REMOTE_ADDR="198.51.100.7")
    # then
    assert _probe_usage("198.51.100.7")["count"] == 3
    if settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache"):
        table = settings.CACHES["default"]["LOCATION"]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)} "  # noqa: S608
                "WHERE cache_key LIKE %s",
                ["%rl:%"],
            )
            assert cursor.fetchone()[0] >= 1


def test_counter_in_redis_is_seen_by_a_fresh_connection(settings, redis_url):
    # given
    raw = redis.Redis.from_url(redis_url)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": f"fd-test-rl-{secrets.token_hex(4)}",
        }
    }
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    client = Client()
    # when
    for _ in range(2):
        client.get("/", REMOTE_ADDR="198.51.100.8")
    # then: a raw client, as another process would see the store, finds the count
    keys = list(raw.scan_iter(f"{prefix}:*rl:*"))
    assert keys
    assert b"2" in {raw.get(key) for key in keys}
    raw.delete(*raw.scan_iter(f"{prefix}:*"))
