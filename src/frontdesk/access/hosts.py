"""Which business a host name belongs to, and each business's own address.

A request's `Host` selects its business (`Host` rows), or the platform when it is one of
`FRONTDESK_PLATFORM_HOSTS`. The answer is kept in this process for a short while, so the
host costs no query on most requests and a read request never writes (not even a cache row).
"""

from __future__ import annotations

import threading
import time
from urllib.parse import urlsplit

from django.conf import settings

from frontdesk.access.models import Host, Organisation
from frontdesk.core import tenancy

_CACHE_SECONDS = 30.0
_cache: dict[str, tuple[float, tenancy.Tenant | None]] = {}
_lock = threading.Lock()


def normalise_host(host: str) -> str:
    """The host name without its port, lower-case, without a trailing dot."""
    host = host.strip().lower()
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0].rstrip(".") if host.count(":") <= 1 else host


def platform_hosts() -> frozenset[str]:
    return frozenset(normalise_host(h) for h in settings.FRONTDESK_PLATFORM_HOSTS)


def tenant_for_host(host: str) -> tenancy.Tenant | None:
    """The tenant a host name selects: a business, the platform, or None (unknown host)."""
    name = normalise_host(host)
    if name in platform_hosts():
        return tenancy.PLATFORM
    now = time.monotonic()
    cached = _cache.get(name)
    if cached is not None and cached[0] > now:
        return cached[1]
    row = (
        Host.objects.filter(hostname=name)
        .values_list("organisation_id", "organisation__slug")
        .first()
    )
    tenant = tenancy.Tenant(row[0], row[1]) if row else None
    with _lock:
        _cache[name] = (now + _CACHE_SECONDS, tenant)
    return tenant


def forget_hosts() -> None:
    """Drops what this process remembers of hosts (after `frontdesk business` changes them)."""
    with _lock:
        _cache.clear()


def primary_host(organisation: Organisation) -> str:
    """The host name a business's links use: its primary host, else its first."""
    hosts = list(Host.objects.filter(organisation=organisation).values_list("hostname", flat=True))
    return hosts[0] if hosts else ""


def site_url(organisation: Organisation | None = None) -> str:
    """The base address of a business (or of the platform for None), without a trailing slash.

    The scheme and port are the site's (`FRONTDESK_SITE_URL`): `http://127.0.0.1:8100` gives
    `http://julie-floral.localhost:8100` for Julie Floral in the demo, and in production
    `https://frontdesk.example.org` gives `https://shop.juliefloral.example`.
    """
    base = urlsplit(settings.SITE_URL)
    host = primary_host(organisation) if organisation is not None else ""
    if not host:
        return settings.SITE_URL.rstrip("/")
    port = f":{base.port}" if base.port else ""
    return f"{base.scheme}://{host}{port}"


def absolute_url(path: str, organisation: Organisation | None = None) -> str:
    """`path` on the business's own address (see `site_url`)."""
    return site_url(organisation) + path


def organisation_of(business_id: int | None) -> Organisation | None:
    """The business with this key (the one a task or e-mail acts for), or None."""
    if business_id is None:
        return None
    return Organisation.objects.filter(pk=business_id).first()


def current_organisation() -> Organisation | None:
    """The business the running code is bound to (`core.tenancy`), or None."""
    return organisation_of(tenancy.business_id())
