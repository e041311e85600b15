"""Public pages, well-known files and our own error pages (no stack traces, no versions).

Error pages answer JSON `{"detail": ...}` under the API prefix and HTML everywhere else.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.module_loading import import_string
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from frontdesk.access import selectors as access_selectors
from frontdesk.web import selectors

API_PREFIX = "/api/"


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    """A business's home: what a visitor can open there, by the modules it uses. The
    platform's home (and `/` on an unknown `*.localhost` host in the demo) lists the
    businesses, each a link to its own site."""
    business = getattr(request, "business", None)
    if business is None:
        return render(
            request, "web/platform_home.html", {"businesses": access_selectors.businesses()}
        )
    links = import_string(settings.FRONTDESK_HOME_LINKS)(business)
    return render(request, "web/home.html", {"business": business, "links": links})


@login_not_required
@require_safe
def security_txt(request: HttpRequest) -> HttpResponse:
    """RFC 9116 security contact of the host's business (FD-13, JF-8, FD-16), or of the
    platform on the platform host."""
    business = getattr(request, "business", None)
    return HttpResponse(
        selectors.security_txt(organisation=business), content_type="text/plain; charset=utf-8"
    )


@login_not_required
@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for load balancers: the database and the shared cache answer, nothing more."""
    if selectors.service_healthy():
        return JsonResponse({"status": "ok"})
    return JsonResponse({"status": "unavailable"}, status=503)


_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
BRAND_CSS_MAX_AGE = 300  # a changed colour shows within five minutes


@login_not_required
@require_safe
@cache_control(public=True, max_age=BRAND_CSS_MAX_AGE)
def brand_css(request: HttpRequest) -> HttpResponse:
    """The business's colours as CSS custom properties, from a file of its own host (the
    Content-Security-Policy allows no inline style). The platform keeps the default."""
    business = getattr(request, "business", None)
    colour = business.accent_colour if business is not None else ""
    body = f":root {{ --accent: {colour}; }}\n" if _COLOUR.match(colour or "") else ""
    return HttpResponse(body, content_type="text/css; charset=utf-8")


def _error(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": message}, status=status)
    return render(
        request,
        "web/error.html",
        {"status": status, "title": title, "message": message},
        status=status,
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400, "Bad request", "The request could not be understood.")


def unknown_host(request: HttpRequest) -> HttpResponse:
    """A host that is neither a business's nor the platform's: 400, naming no business."""
    return _error(request, 400, "Bad request", "This site is not served here.")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403, "Not allowed", "You do not have permission to do this.")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404, "Not found", "There is nothing here.")


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, 500, "Something went wrong", "The error was logged. Please try again.")


def too_many_requests(request: HttpRequest, *, retry_after: int) -> HttpResponse:
    """429 for a client over its rate limit; Retry-After says when its window resets."""
    response = _error(
        request,
        429,
        "Too many requests",
        f"Too many requests from your address. Please wait {retry_after} seconds and try again.",
    )
    response["Retry-After"] = str(retry_after)
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(
        request,
        403,
        "Request refused",
        "The form was stale or came from elsewhere. Reload the page and try again.",
    )
