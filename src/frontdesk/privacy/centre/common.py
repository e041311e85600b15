"""What the privacy-centre views share: the signed-in person, never cached pages, and the
password check counted against guessing."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict
from django.views.decorators.cache import never_cache

from frontdesk.identity.models import User
from frontdesk.privacy.centre import throttle

View = Callable[..., HttpResponse]


def account_view(view: View) -> View:
    """Sign-in required; the page is never stored by the browser or a proxy."""
    return wraps(view)(never_cache(login_required(view)))


def current_user(request: HttpRequest) -> User:
    if not isinstance(request.user, User):  # behind login_required: never anonymous
        raise PermissionDenied
    return request.user


def posted(request: HttpRequest) -> QueryDict | None:
    """The form data of a POST (even an empty one, which must fail validation), else None."""
    return request.POST if request.method == "POST" else None


def checked(request: HttpRequest, form: forms.Form) -> bool:
    """Validate a form holding the person's password, counting wrong passwords per account:
    once too many, every attempt fails, right password or not."""
    if throttle.blocked(request, throttle.PASSWORD_GROUP):
        form.is_valid()
        form.add_error(None, throttle.TOO_MANY)
        return False
    if form.is_valid():
        return True
    if "password" in form.errors:
        throttle.count(request, throttle.PASSWORD_GROUP)
    return False
