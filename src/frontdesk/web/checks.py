"""System checks: refuse, at start-up, a configuration that would break the security baseline."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

# Per-process or no-op caches: each worker would count its own requests (or none), so the
# rate limit would not hold across processes (QL-6).
UNSHARED_CACHES = frozenset(
    {
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
    }
)
UNSAFE_CSP_SOURCES = ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'")
RATE = re.compile(r"\d+/\d*[smhd]")
CONTACT_SCHEMES = ("mailto:", "https://", "tel:")


@register(Tags.caches, Tags.security)
def rate_limit_cache_check(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """Production must count rate limits in a cache every worker shares."""
    if not settings.PRODUCTION:
        return []
    alias = getattr(settings, "RATELIMIT_USE_CACHE", "default")
    backend = settings.CACHES.get(alias, {}).get("BACKEND", "")
    if backend in UNSHARED_CACHES:
        return [
            Error(
                f"The cache {alias!r} ({backend}) is not shared between processes.",
                hint="Use the database cache or Redis (REDIS_URL) for rate limits.",
                id="web.E001",
            )
        ]
    return []


@register(Tags.security)
def content_security_policy_check(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """The CSP must exist and allow no inline or eval'd script or style (QM-4)."""
    policy = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
    directives = policy.get("DIRECTIVES") or {}
    if not directives:
        return [Error("CONTENT_SECURITY_POLICY has no directives.", id="web.E002")]
    return [
        Error(f"CSP directive {name} allows {source}.", id="web.E002")
        for name, sources in directives.items()
        for source in UNSAFE_CSP_SOURCES
        if source in (sources or [])
    ]


@register(Tags.security)
def rate_setting_check(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """The rate settings read like "600/m" (count / optional multiplier and s, m, h or d)."""
    return [
        Error(f"{name} must look like '600/m' or '60/10m'.", id="web.E003")
        for name in ("FRONTDESK_RATE_LIMIT", "FRONTDESK_RATE_LIMIT_WRITE")
        if not RATE.fullmatch(str(getattr(settings, name, "")))
    ]


@register(Tags.security)
def security_contact_check(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """security.txt needs a Contact URI (RFC 9116): mailto:, https:// or tel:."""
    contact = str(getattr(settings, "FRONTDESK_SECURITY_CONTACT", ""))
    if contact.startswith(CONTACT_SCHEMES):
        return []
    return [
        Error(
            "FRONTDESK_SECURITY_CONTACT must be a mailto:, https:// or tel: URI.",
            id="web.E004",
        )
    ]


@register(Tags.security)
def security_txt_expiry_check(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """RFC 9116 advises an Expires less than a year ahead."""
    days = getattr(settings, "FRONTDESK_SECURITY_TXT_DAYS", 0)
    if isinstance(days, int) and 1 <= days <= 365:  # noqa: PLR2004
        return []
    return [Error("FRONTDESK_SECURITY_TXT_DAYS must be 1 to 365.", id="web.E005")]
