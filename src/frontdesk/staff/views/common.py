"""What every staff view shares: signed in, never cached, the organisation fetched through
the access helper."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from frontdesk.access.models import Organisation
from frontdesk.identity.models import User
from frontdesk.staff.selectors.home import organisation_entry
from frontdesk.staff.selectors.organisation import organisation_for
from frontdesk.web.decorators import View, staff_view


def acting_user(request: HttpRequest) -> User:
    """The signed-in member of staff, as the actor the services record."""
    if not isinstance(request.user, User):  # staff views require sign-in; never anonymous
        raise PermissionDenied
    return request.user


def organisation_view(capability: str) -> Callable[[View], View]:
    """The view receives the organisation of the URL, once the user holds `capability` on
    all of it (404 for outsiders, 403 for members without it)."""

    def decorate(view: View) -> View:
        @staff_view
        @wraps(view)
        def wrapper(request: HttpRequest, org_id: int, *args: Any, **kwargs: Any) -> HttpResponse:
            organisation: Organisation = organisation_for(
                user=request.user, organisation_id=org_id, capability=capability
            )
            return view(request, organisation, *args, **kwargs)

        return wrapper

    return decorate


def render_page(
    request: HttpRequest,
    template: str,
    organisation: Organisation,
    context: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    """Render an organisation's page with the tabs this user may use, and no others (QL-16)."""
    tabs = organisation_entry(user=request.user, organisation=organisation)
    context = {**context, "organisation": organisation, "tabs": tabs}
    return render(request, template, context, status=status)
