"""The login page, rendered alike for a wrong password, an unknown e-mail and a locked account
(FD-4: the page never tells which), and for a throttled client (which it does tell)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from frontdesk.identity.forms import LoginForm

FAILED = "That e-mail and password did not work. Check them and try again."
THROTTLED = "Too many failed sign-ins came from your network. Wait a while, then try again."


def login_page(
    request: HttpRequest,
    *,
    form: LoginForm | None = None,
    error: str = "",
    notice: str = "",
    status: int = 200,
) -> HttpResponse:
    response = render(
        request,
        "identity/login.html",
        {
            "form": form or LoginForm(),
            "error": error,
            "notice": notice,
            "next": _next_of(request),
        },
        status=status,
    )
    add_never_cache_headers(response)
    return response


def login_failed_page(request: HttpRequest) -> HttpResponse:
    """What every refused sign-in gets, whatever the reason: the form again, with the e-mail
    as typed and one generic message."""
    form = LoginForm(initial={"username": request.POST.get("username", "")[:254]})
    return login_page(request, form=form, error=FAILED)


def _next_of(request: HttpRequest) -> str:
    return str(request.POST.get("next") or request.GET.get("next") or "")[:1000]
