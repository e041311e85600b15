"""Session timeouts (FD-7) and the account gate (QL-14 forced password change, FD-5 second
factor), run for every request after authentication."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from frontdesk.core import clock
from frontdesk.identity.selectors import has_second_factor
from frontdesk.identity.signin import LOGIN_AT_KEY, notice_set

API_PREFIX = "/api/"
# Public, personal-data-free endpoints a gated session may still reach.
_OPEN_PREFIXES = (
    "/.well-known/",
    "/healthz",
    "/unsubscribe/",
    "/payments/webhooks/",
    "/licensing/partners/",
)
# The published policy is for everyone, whatever step of sign-in they are at.
_OPEN_PATHS = frozenset({"/privacy", "/privacy.json"})

SEEN_AT_KEY = "frontdesk_seen_at"
SESSION_ENDED = "Your session has ended. Please sign in again."
PASSWORD_REQUIRED = "Password change required"  # noqa: S105 - a message
SECOND_FACTOR_REQUIRED = "Second factor required"


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def _with_next(url: str, request: HttpRequest) -> str:
    if request.method != "GET":
        return url
    return f"{url}?{urlencode({'next': request.get_full_path()})}"


def _marked_public(response: HttpResponse) -> bool:
    directives = {part.strip().lower() for part in response.get("Cache-Control", "").split(",")}
    return "public" in directives


class SessionTimeoutMiddleware:
    """Ends a session FRONTDESK_SESSION_ABSOLUTE_SECONDS after its login whatever the activity,
    and SESSION_COOKIE_AGE after its last request (FD-7). The session store's own expiry does
    the latter too, but a cache-backed store (Redis) only knows its own clock: the session
    itself records when it was last seen, so the rule holds whatever stores it. Every page shown
    to a signed-in person stays out of caches (Cache-Control: no-store), but for a response its
    view marked `public`: the same for everyone, holding nothing of the person (a product
    photo), which the browser may keep."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and self._expired(request):
            return self._end(request)
        response = self.get_response(request)
        if request.user.is_authenticated and not _marked_public(response):
            add_never_cache_headers(response)
        return response

    @staticmethod
    def _expired(request: HttpRequest) -> bool:
        now = int(clock.now().timestamp())
        login_at = request.session.get(LOGIN_AT_KEY)
        seen_at = request.session.get(SEEN_AT_KEY)
        request.session[SEEN_AT_KEY] = now
        if not isinstance(login_at, int):
            # A session started elsewhere (e.g. an operator's shell): its clock starts now.
            request.session[LOGIN_AT_KEY] = now
            return False
        idle = isinstance(seen_at, int) and now - seen_at > int(settings.SESSION_COOKIE_AGE)
        return idle or now - login_at > int(settings.FRONTDESK_SESSION_ABSOLUTE_SECONDS)

    @staticmethod
    def _end(request: HttpRequest) -> HttpResponse:
        request.session.flush()
        request.user = AnonymousUser()
        if _is_api(request):
            response: HttpResponse = JsonResponse({"detail": SESSION_ENDED}, status=401)
        else:
            notice_set(request, SESSION_ENDED)
            response = HttpResponseRedirect(_with_next(reverse("identity:login"), request))
        add_never_cache_headers(response)
        return response


class AccountGateMiddleware:
    """Holds a signed-in person at the one page they must pass first:

    1. the second-factor code, when the account has an authenticator and this session has not
       yet given a code from it;
    2. the password change, when the account was created for them (QL-14);
    3. authenticator enrolment, for staff without one (FD-5).

    Pages redirect there; API calls get 403 JSON. Sign-out and static files stay reachable.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and not self._exempt(request.path):
            held = self._held_at(request)
            if held is not None and request.path != held[1]:
                return self._refuse(request, *held)
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        return (
            path.startswith(settings.STATIC_URL)
            or path.startswith(_OPEN_PREFIXES)
            or path in _OPEN_PATHS
            or path == reverse("identity:logout")
        )

    @staticmethod
    def _held_at(request: HttpRequest) -> tuple[str, str] | None:
        """(why, the page to go to), or None when the session may go anywhere."""
        user = request.user
        verified = bool(getattr(user, "is_verified", lambda: False)())
        enrolled = verified or has_second_factor(user)  # type: ignore[arg-type]
        if enrolled and not verified:
            return SECOND_FACTOR_REQUIRED, reverse("identity:otp_verify")
        if getattr(user, "must_change_password", False):
            return PASSWORD_REQUIRED, reverse("identity:password_change")
        if user.is_staff and not enrolled:
            return SECOND_FACTOR_REQUIRED, reverse("identity:otp_setup")
        return None

    @staticmethod
    def _refuse(request: HttpRequest, why: str, url: str) -> HttpResponse:
        response: HttpResponse
        if _is_api(request):
            response = JsonResponse({"detail": why}, status=403)
        else:
            response = HttpResponseRedirect(_with_next(url, request))
        add_never_cache_headers(response)
        return response
