"""Reads behind the public well-known endpoints: the security contact and service health."""

from __future__ import annotations

import logging
import secrets
from datetime import UTC, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from frontdesk.core import clock

logger = logging.getLogger(__name__)


def security_txt(*, canonical_url: str) -> str:
    """The body of `/.well-known/security.txt` (RFC 9116, FD-13, JF-8).

    Expires is always `FRONTDESK_SECURITY_TXT_DAYS` ahead (RFC 9116 advises under a year), so a
    running deployment never publishes a stale file.
    """
    expires = clock.now().astimezone(UTC) + timedelta(days=settings.FRONTDESK_SECURITY_TXT_DAYS)
    lines = [
        f"Contact: {settings.FRONTDESK_SECURITY_CONTACT}",
        f"Expires: {expires.replace(microsecond=0).strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: en",
        f"Canonical: {canonical_url}",
    ]
    return "\n".join(lines) + "\n"


def service_healthy() -> bool:
    """True when the database answers a query and the shared cache stores and returns a value.

    Failures are logged here and never described to the caller (QM-3).
    """
    return _database_answers() and _cache_answers()


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return bool(cursor.fetchone() == (1,))
    except Exception:
        logger.exception("health check: the database does not answer")
        return False


def _cache_answers() -> bool:
    # A key of its own per probe, so concurrent probes never read each other's value.
    key, value = f"healthz:{secrets.token_hex(8)}", secrets.token_hex(8)
    try:
        cache.set(key, value, timeout=10)
        answered = bool(cache.get(key) == value)
        cache.delete(key)
    except Exception:
        logger.exception("health check: the cache does not answer")
        return False
    return answered
