"""Reads behind the public well-known endpoints: each business's contacts and security.txt,
and service health."""

from __future__ import annotations

import logging
import secrets
from datetime import UTC, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from frontdesk.access.hosts import absolute_url
from frontdesk.access.models import Organisation
from frontdesk.core import clock

logger = logging.getLogger(__name__)

SECURITY_TXT_PATH = "/.well-known/security.txt"
# Where a business's policy says how to report a security problem (RFC 9116 "Policy").
SECURITY_POLICY_PATH = "/privacy#security"


def _mailto(address: str) -> str:
    return f"mailto:{address.strip()}"


def security_contact(organisation: Organisation | None) -> str:
    """Where to report a security problem of `organisation` (FD-13, FD-16): its own security
    address, else the deployment's `FRONTDESK_SECURITY_CONTACT` (also the platform's)."""
    if organisation is not None and organisation.security_contact.strip():
        return _mailto(organisation.security_contact)
    return str(settings.FRONTDESK_SECURITY_CONTACT)


def privacy_contact(organisation: Organisation | None) -> str:
    """Where to write about one's data at `organisation` (IN-25, FD-16): its own privacy
    address, else the deployment's `FRONTDESK_PRIVACY_CONTACT` (also the platform's)."""
    if organisation is not None and organisation.privacy_contact.strip():
        return _mailto(organisation.privacy_contact)
    return str(settings.FRONTDESK_PRIVACY_CONTACT)


def security_txt(*, organisation: Organisation | None) -> str:
    """The body of `/.well-known/security.txt` of `organisation`, or of the platform for None
    (RFC 9116, FD-13, JF-8, FD-16): its security contact, and its Policy and Canonical on its
    own address (`access.hosts.absolute_url`), so each business answers for its own site.

    Expires is always `FRONTDESK_SECURITY_TXT_DAYS` ahead (RFC 9116 advises under a year), so a
    running deployment never publishes a stale file.
    """
    expires = clock.now().astimezone(UTC) + timedelta(days=settings.FRONTDESK_SECURITY_TXT_DAYS)
    lines = [
        f"Contact: {security_contact(organisation)}",
        f"Expires: {expires.replace(microsecond=0).strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: en",
        f"Policy: {absolute_url(SECURITY_POLICY_PATH, organisation)}",
        f"Canonical: {absolute_url(SECURITY_TXT_PATH, organisation)}",
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
