"""Signing in and out over HTTP: throttle, authenticate through axes, record every attempt,
start the session (new id, login time for the absolute timeout)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.hashers import make_password
from django.http import HttpRequest

from frontdesk.core import clock
from frontdesk.identity import services, throttle
from frontdesk.identity.models import LoginAttempt, User
from frontdesk.identity.selectors import normalize_email, user_by_email

LOGIN_AT_KEY = "identity_login_at"
NOTICE_KEY = "identity_notice"
EMAIL_BACKEND = "frontdesk.identity.backends.EmailBackend"

Outcome = LoginAttempt.Outcome


@dataclass(frozen=True)
class Attempt:
    outcome: str
    user: User | None = None
    retry_after: int | None = None

    @property
    def succeeded(self) -> bool:
        return self.outcome == Outcome.SUCCEEDED


def attempt(request: HttpRequest, *, email: str, password: str) -> Attempt:
    """Try to sign in with `email` and `password`; the session starts only on success."""
    email = normalize_email(email)
    wait = throttle.blocked_for(request, throttle.LOGIN_GROUP)
    if wait is not None:
        return _record(Attempt(Outcome.THROTTLED, user_by_email(email), wait))
    # axes writes `response_context["error"]` when it refuses a locked account outright.
    axes_context: dict[str, Any] = {}
    user = authenticate(
        request=request, username=email, password=password, response_context=axes_context
    )
    if isinstance(user, User):
        sign_in(request, user)
        return Attempt(Outcome.SUCCEEDED, user)
    throttle.count(request, throttle.LOGIN_GROUP)
    locked = "error" in axes_context
    if locked:
        # axes refused before any password was hashed: do that work anyway, so the time
        # taken does not tell a locked account from a wrong password (FD-4).
        make_password(password)
    outcome = Outcome.LOCKED if locked else Outcome.FAILED
    return _record(Attempt(outcome, user_by_email(email)))


def _record(result: Attempt) -> Attempt:
    services.login_attempt_record(user=result.user, outcome=result.outcome)
    return result


def sign_in(request: HttpRequest, user: User) -> None:
    """Start a fresh session for `user` (new id: FD-7) and remember when, for the absolute
    timeout."""
    login(request, user, backend=getattr(user, "backend", EMAIL_BACKEND))
    request.session[LOGIN_AT_KEY] = int(clock.now().timestamp())
    services.login_succeeded(user=user)


def sign_out(request: HttpRequest) -> None:
    """End the session on the server (its data is deleted, the old cookie is worthless)."""
    user = request.user
    if isinstance(user, User):
        services.logout_record(user=user)
    logout(request)


def notice_set(request: HttpRequest, text: str) -> None:
    """Leave a message for the login page in the (new, anonymous) session."""
    request.session[NOTICE_KEY] = text


def notice_pop(request: HttpRequest) -> str:
    return str(request.session.pop(NOTICE_KEY, ""))
