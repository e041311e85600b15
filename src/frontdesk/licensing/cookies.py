"""The customer area's own cookies (IN-17). All are HttpOnly, SameSite=Lax and, in production,
Secure with a prefixed name:

- the cookie test: temporary, set by the login page and checked when the form comes back, so
  the page can say that the browser refuses cookies (IN-14);
- the greeting name: permanent, the first name only, signed, so the area says "Welcome back";
- "Remember this Account": permanent and optional, a random token (the server keeps only its
  digest), which pre-fills the e-mail field;
- the authentication cookie: temporary, a random token set at sign-in through the area, whose
  digest the session keeps; the session is only honoured with it (`middleware.py`).

The first three are scoped to the area's path (so `__Secure-` in production). The
authentication cookie goes with the session to every path, since the session signed in at the
area is good for the whole site and must be checked wherever it is used: so it is `__Host-` in
production, like the session cookie. With the session cookie (declared by identity) these are
the area's cookies; `privacy.py` lists them all.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse

PATH = "/software/"
PREFIX = settings.FRONTDESK_AREA_COOKIE_PREFIX
COOKIE_TEST = f"{PREFIX}fd_cookietest"
GREETING = f"{PREFIX}fd_greeting"
REMEMBER = f"{PREFIX}fd_remember"


def host_only_name(name: str, *, secure: bool) -> str:
    """A cookie on path "/" and with no domain may be `__Host-`: when it is Secure, it is."""
    return f"__Host-{name}" if secure else name


AUTHENTICATION = host_only_name("fd_auth", secure=settings.FRONTDESK_AREA_COOKIE_SECURE)
GREETING_SALT = "frontdesk.licensing.greeting"
FIRST_NAME_MAX = 40
DAY = 24 * 3600


def _set(response: HttpResponse, name: str, value: str, *, permanent: bool) -> None:
    response.set_cookie(
        name,
        value,
        max_age=settings.FRONTDESK_AREA_COOKIE_DAYS * DAY if permanent else None,
        path=PATH,
        secure=settings.FRONTDESK_AREA_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def forget(response: HttpResponse, name: str) -> None:
    response.delete_cookie(name, path=PATH, samesite="Lax")


def cookie_test_set(response: HttpResponse) -> None:
    _set(response, COOKIE_TEST, "1", permanent=False)


def cookies_accepted(request: HttpRequest) -> bool:
    """Whether the browser sent back the cookie the login page set."""
    return request.COOKIES.get(COOKIE_TEST) == "1"


def first_name(full_name: str) -> str:
    words = full_name.split()
    return words[0][:FIRST_NAME_MAX] if words else ""


def greeting_set(response: HttpResponse, full_name: str) -> None:
    """Keep the first name for the next visit; with no name, keep nothing."""
    name = first_name(full_name)
    if not name:
        forget(response, GREETING)
        return
    response.set_signed_cookie(
        GREETING,
        name,
        salt=GREETING_SALT,
        max_age=settings.FRONTDESK_AREA_COOKIE_DAYS * DAY,
        path=PATH,
        secure=settings.FRONTDESK_AREA_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def greeting_of(request: HttpRequest) -> str:
    value = request.get_signed_cookie(GREETING, default="", salt=GREETING_SALT)
    return str(value or "")


def remember_set(response: HttpResponse, token: str) -> None:
    _set(response, REMEMBER, token, permanent=True)


def remember_token(request: HttpRequest) -> str:
    return str(request.COOKIES.get(REMEMBER, ""))[:200]


def authentication_set(response: HttpResponse, token: str) -> None:
    """Temporary (gone when the browser closes), site-wide, like the session it guards."""
    response.set_cookie(
        AUTHENTICATION,
        token,
        path="/",
        secure=settings.FRONTDESK_AREA_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def authentication_forget(response: HttpResponse) -> None:
    response.delete_cookie(AUTHENTICATION, path="/", samesite="Lax")


def authentication_token(request: HttpRequest) -> str:
    """The token the browser sent ("" when none: a deleted cookie comes back empty)."""
    return str(request.COOKIES.get(AUTHENTICATION, ""))[:200]
