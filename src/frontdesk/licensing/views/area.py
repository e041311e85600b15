"""The customer resources area (IN-11, IN-20, QL-9): the person's licences with their unlock
codes, the releases each covers with file sizes and SHA-256, the downloads left; their recent
sign-ins and downloads. Everything is the signed-in person's own: anyone else's licence or
file answers 404."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST, require_safe

from frontdesk.identity import selectors as identity
from frontdesk.identity.models import LoginAttempt, User
from frontdesk.licensing import cookies, links, selectors
from frontdesk.licensing.devices import device_summary
from frontdesk.licensing.holds import download_allowed, held_notice
from frontdesk.licensing.privacy import AREA_COOKIES
from frontdesk.licensing.services.downloads import quota_message

LOGIN = "licensing:login"
HISTORY_SIGN_INS = 20
HISTORY_DOWNLOADS = 50


def _person(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # behind login_required: never, but typed
        raise Http404
    return user


@never_cache
@login_required(login_url=LOGIN)
@require_GET
def area_view(request: HttpRequest) -> HttpResponse:
    user = _person(request)
    context = {
        "summaries": selectors.area_of(user=user),
        "greeting": cookies.greeting_of(request) or cookies.first_name(user.full_name),
        "allowed": download_allowed(user),
        "held": held_notice(),
        "remembered": selectors.remembered(cookies.remember_token(request)) is not None,
    }
    return render(request, "licensing/area.html", context)


@dataclass(frozen=True)
class SignIn:
    attempt: LoginAttempt
    device: str


@never_cache
@login_required(login_url=LOGIN)
@require_GET
def history_view(request: HttpRequest) -> HttpResponse:
    user = _person(request)
    attempts = identity.login_attempts_of(user=user, limit=HISTORY_SIGN_INS)
    context = {
        "sign_ins": [SignIn(attempt, device_summary(attempt.user_agent)) for attempt in attempts],
        "downloads": selectors.downloads_of(user=user, limit=HISTORY_DOWNLOADS),
    }
    return render(request, "licensing/history.html", context)


@never_cache
@login_required(login_url=LOGIN)
@require_POST
def link_view(request: HttpRequest, licence_id: int, file_id: int) -> HttpResponse:
    """The Download button: a fresh short-lived link, bound to this person, licence and file.
    Nothing is counted until the file is served."""
    user = _person(request)
    licence = selectors.licence_of(user=user, licence_id=licence_id)
    file = selectors.release_file_of(licence=licence, file_id=file_id) if licence else None
    if licence is None or file is None:
        raise Http404
    if not download_allowed(user):
        messages.error(request, held_notice())
        return redirect("licensing:area")
    quota = licence.product.downloads_per_release
    if selectors.remaining_of(licence=licence, release=file.release) == 0:
        messages.error(request, quota_message(file=file, quota=quota))
        return redirect("licensing:area")
    token = links.link_token(user_id=user.pk, licence_id=licence.pk, file_id=file.pk)
    return redirect("licensing:download", token=token)


@require_safe
def cookies_view(request: HttpRequest) -> HttpResponse:
    """How the area uses cookies (IN-17): each one, its purpose and lifetime. Sets none."""
    return render(request, "licensing/cookies.html", {"cookies": AREA_COOKIES})
