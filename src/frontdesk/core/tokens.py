"""Opaque random tokens for customer-facing URLs (QL-7) and secrets stored only as hashes."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings


def new_token(nbytes: int = 24) -> str:
    """An unguessable URL-safe token; never derived from personal data."""
    return secrets.token_urlsafe(nbytes)


def digest(value: str) -> str:
    """A keyed SHA-256 digest, for storing secrets (API tokens, unlock tokens) by hash only."""
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
