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


def staff_page(view: View) -> View:
    """Signed in, never cached (FD-7), and 404 for anyone holding no grant at all; what each
    member may see on the page is the view's own access helper's business (404/403)."""

    @never_cache
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_staff_member(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
