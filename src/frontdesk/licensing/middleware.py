"""The customer area's temporary authentication cookie (IN-17), bound to the session.

Signing in through the area (`bind`) gives the browser a random token in its own cookie and
keeps only the token's keyed SHA-256 (`core.tokens.digest`) in the session. From then on every
request of that session must bring the cookie back: a missing or different token signs the
session out (its server side is deleted, so the stolen identifier is worthless to its owner
too). A session cookie copied from a browser is therefore not enough on its own to act as its
owner.

Why a middleware and not the area's views: a session signed in at the area is good for the
whole site (the support desk, the privacy requests, the account pages), so the check has to run
wherever that session is used, before any view sees the person; the area's views have no
single access helper that every such page passes through. It runs just after Django's
authentication middleware, before the session timeouts and the account gate, and only touches
sessions that carry a binding, so sign-ins elsewhere (and `force_login` in tests) are untouched.
On the way out it deletes an authentication cookie that no longer guards anything (after any
sign-out, a timeout, or a sign-in elsewhere that replaced the session).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from frontdesk.core import tokens
from frontdesk.identity import signin
from frontdesk.licensing import cookies

BINDING_KEY = "licensing_authentication_sha256"
TOKEN_BYTES = 32


def bind(request: HttpRequest) -> str:
    """Bind the (just signed-in) session to a new random token; returns the token, for the
    cookie. Only its digest is kept, so the session store holds nothing a browser could use."""
    token = tokens.new_token(TOKEN_BYTES)
    request.session[BINDING_KEY] = tokens.digest(token)
    return token


def _bound_to(request: HttpRequest) -> str:
    """The digest the session is bound to, or "" for a session without a binding."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return ""  # no session to look at: do not load (and so vary on) an empty one
    return str(request.session.get(BINDING_KEY, ""))


def binding_holds(request: HttpRequest) -> bool:
    """False only for a bound session whose browser did not send the matching cookie."""
    expected = _bound_to(request)
    if not expected:
        return True
    token = cookies.authentication_token(request)
    return bool(token) and tokens.same(tokens.digest(token), expected)


class AuthenticationCookieMiddleware:
    """Signs out a bound session that comes without its authentication cookie (see above)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not binding_holds(request):
            signin.sign_out(request)
        response = self.get_response(request)
        stale = cookies.authentication_token(request) and not _bound_to(request)
        if stale and cookies.AUTHENTICATION not in response.cookies:
            cookies.authentication_forget(response)
        return response
