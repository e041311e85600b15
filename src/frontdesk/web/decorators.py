"""View decorators shared by the apps' staff pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache

from frontdesk.access.selectors import is_staff_member

View = Callable[..., HttpResponse]


def staff_view(view: View) -> View:
    """Sign-in required; the response is never stored by the browser or a proxy (FD-7)."""
    return wraps(view)(never_cache(login_required(view)))


def staff_page(view: View) -> View:
    """A `staff_view` that answers 404 to anyone holding no grant at all; what each member may
    see on the page is the view's own access helper's business (404/403)."""

    @staff_view
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_staff_member(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
