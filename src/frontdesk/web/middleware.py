"""Denial-of-service limits and security headers for every response (QL-6, QM-3, QM-4).

- `RateLimitMiddleware` counts requests per client address in the shared Django cache (the
  database table or Redis, never one process's memory), with a stricter limit for writes.
- `RequestSizeMiddleware` refuses a body larger than `DATA_UPLOAD_MAX_MEMORY_SIZE` before any
  view reads it.
- `SecurityHeadersMiddleware` adds the headers Django and django-csp do not set and removes
  the ones that describe the server.

Uploads (product photos) are served with `Content-Disposition: attachment` (never inline as
HTML, QM-4), and `RequestSizeMiddleware` lets exactly the upload URLs named in
`FRONTDESK_UPLOAD_URLS` through with their own, larger limit, multipart bodies only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import DisallowedHost, RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.functional import SimpleLazyObject
from django_ratelimit import ALL, UNSAFE
from django_ratelimit.core import get_usage

from frontdesk.access import hosts
from frontdesk.core import tenancy
from frontdesk.core.net import client_ip
from frontdesk.web import views

logger = logging.getLogger(__name__)

RATE_GROUP_ALL = "frontdesk.web.all"
RATE_GROUP_WRITE = "frontdesk.web.write"
# Probes and the security contact must answer even to a client that is being throttled.
RATE_EXEMPT_PATHS = frozenset({"/healthz", "/.well-known/security.txt"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)
# Headers that would tell a visitor which server software (and version) answers (QM-3).
REVEALING_HEADERS = ("Server", "X-Powered-By", "X-AspNet-Version", "X-Runtime")


def rate_key(group: str, request: HttpRequest) -> str:
    """The rate-limit bucket: the client address (proxy-aware, see `core.net.client_ip`)."""
    return client_ip(request) or "unknown"


def rate_limit_retry_after(request: HttpRequest) -> int:
    """Counts `request` against the per-address limits; seconds to wait if over one, else 0.

    Every request counts against `FRONTDESK_RATE_LIMIT`; unsafe methods also count against the
    stricter `FRONTDESK_RATE_LIMIT_WRITE`. Counters are fixed windows in the shared cache, so
    all worker processes see the same count; the wait is the time until the window resets.
    """
    limits = [(RATE_GROUP_ALL, settings.FRONTDESK_RATE_LIMIT, ALL)]
    if request.method not in SAFE_METHODS:
        limits.append((RATE_GROUP_WRITE, settings.FRONTDESK_RATE_LIMIT_WRITE, UNSAFE))
    wait = 0
    for group, rate, methods in limits:
        usage = get_usage(
            request, group=group, key=rate_key, rate=rate, method=methods, increment=True
        )
        if usage is not None and usage["should_limit"]:
            # django-ratelimit's window still holds at its last second: it resets one later.
            wait = max(wait, int(usage["time_left"]) + 1, 1)
    return wait


class RateLimitMiddleware:
    """Answers 429 with Retry-After once a client address passes its limit (QL-6, QM-3).

    Static files never count: WhiteNoise answers them before this middleware runs. A miss under
    /static/ reaches Django and counts like any other request, so it cannot be used to flood.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path not in RATE_EXEMPT_PATHS:
            wait = rate_limit_retry_after(request)
            if wait:
                return views.too_many_requests(request, retry_after=wait)
        return self.get_response(request)


class RequestSizeMiddleware:
    """Refuses a declared body above `DATA_UPLOAD_MAX_MEMORY_SIZE` with our 400 page (QM-3).

    Django checks the limit only when a view or middleware reads the body; checking the
    declared length up front covers every endpoint, whatever it reads.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django's own parser refuses a malformed length when the body is read
        if limit is not None and length > limit:
            limit = max(limit, _upload_limit(request))
        if limit is not None and length > limit:
            # Raised, not returned: Django answers with handler400 and logs it as suspicious.
            raise RequestDataTooBig("Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.")
        return self.get_response(request)


def _upload_limit(request: HttpRequest) -> int:
    """The body limit of an upload URL (`FRONTDESK_UPLOAD_URLS`, by URL name) for a multipart
    request; 0 for anything else."""
    if not (request.content_type or "").startswith("multipart/form-data"):
        return 0
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return 0
    return int(settings.FRONTDESK_UPLOAD_URLS.get(match.view_name, 0))


class SecurityHeadersMiddleware:
    """Permissions-Policy and Cross-Origin-Resource-Policy on, server banners off (QM-3, QM-4).

    CSP comes from django-csp, X-Frame-Options, nosniff, Referrer-Policy and COOP from Django.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        for header in REVEALING_HEADERS:
            response.headers.pop(header, None)
        return response


def _demo_home(request: HttpRequest) -> bool:
    """`/` on an unknown `*.localhost` host of a local installation."""
    host = hosts.normalise_host(request.get_host())
    return not settings.PRODUCTION and host.endswith(".localhost") and request.path == "/"


class TenantMiddleware:
    """Runs every request inside the business its host names (`core.tenancy`, FD-16).

    A business's host binds that business; a platform host binds the platform (operators'
    pages and the list of businesses); any other host is refused with 400 before anything
    else reads the request. `request.business` is the business (None on the platform host).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            host = request.get_host()
        except DisallowedHost:
            # One line, no traceback: a client's mistake (or a scan), not ours.
            logger.warning(
                "Refused a request for an unknown host %r", request.META.get("HTTP_HOST")
            )
            return views.unknown_host(request)
        tenant = hosts.tenant_for_host(host)
        if tenant is None and _demo_home(request):
            tenant = tenancy.PLATFORM  # a mistyped demo host: show the list of businesses
        if tenant is None:
            return views.unknown_host(request)
        request.tenant = tenant  # type: ignore[attr-defined]
        request.business = (  # type: ignore[attr-defined]
            None
            if tenant.business_id is None
            else SimpleLazyObject(lambda: hosts.organisation_of(tenant.business_id))
        )
        with tenancy.bound(tenant):
            return self.get_response(request)
