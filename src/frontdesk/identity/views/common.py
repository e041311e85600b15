"""Small helpers the identity views share."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from frontdesk.identity.models import User

STAFF_HOME = "/staff/"


def landing_for(user: User) -> str:
    """Where a person goes after signing in when no (safe) `next` was asked for."""
    return STAFF_HOME if user.is_staff else reverse("identity:account")


def safe_next(request: HttpRequest, fallback: str) -> str:
    """The `next` parameter when it points to this site, else `fallback` (no open redirect)."""
    wanted = str(request.POST.get("next") or request.GET.get("next") or "")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return fallback


def current_user(request: HttpRequest) -> User:
    """The signed-in user (views using this are behind login_required)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
