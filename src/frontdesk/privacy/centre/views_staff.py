"""The staff queue of data-subject requests (FD-9), for holders of `privacy.requests` on the
business of the host: each business answers its own requests, and another business's request
is 404 for its staff, on every page and action (FD-16).

Pages under /privacy are let through the account gate (the published policy must stay
readable), so these views apply the gate themselves: no request is shown to a session that
has not given its second factor or changed its temporary password.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from frontdesk.access.models import Organisation
from frontdesk.privacy import services
from frontdesk.privacy.centre.common import View, account_view, current_user
from frontdesk.privacy.centre.forms import RefuseForm
from frontdesk.privacy.centre.selectors import open_requests, request_for_handler, require_handler
from frontdesk.privacy.models import PrivacyRequest
from frontdesk.privacy.states import InvalidTransitionError

DETAIL = "privacy:centre:staff_request"


def handler_view(view: View) -> View:
    """Signed in (the account gate has held back sessions without their second factor),
    holding `privacy.requests` on the host's business (else 404/403); the view gets that
    business after the request."""

    @account_view
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        business = require_handler(request.user)
        return view(request, business, *args, **kwargs)

    return wrapper


@handler_view
@require_GET
def queue(request: HttpRequest, business: Organisation) -> HttpResponse:
    requests = open_requests(business=business)
    return render(request, "privacy/centre/staff_queue.html", {"requests": requests})


@handler_view
@require_GET
def detail(request: HttpRequest, business: Organisation, request_id: int) -> HttpResponse:
    privacy_request = services.privacy_request_read(
        actor=current_user(request),
        request=request_for_handler(business=business, request_id=request_id),
    )
    return _detail_page(request, privacy_request, RefuseForm())


def _detail_page(
    request: HttpRequest, privacy_request: PrivacyRequest, form: RefuseForm, status: int = 200
) -> HttpResponse:
    context = {"privacy_request": privacy_request, "refuse_form": form}
    return render(request, "privacy/centre/staff_request.html", context, status=status)


def _act(
    request: HttpRequest,
    target: PrivacyRequest,
    act: Callable[[PrivacyRequest], object],
    done: str,
) -> HttpResponse:
    try:
        act(target)
    except InvalidTransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect(DETAIL, target.pk)


@require_POST
@handler_view
def start(request: HttpRequest, business: Organisation, request_id: int) -> HttpResponse:
    actor = current_user(request)
    return _act(
        request,
        request_for_handler(business=business, request_id=request_id),
        lambda r: services.privacy_request_start(actor=actor, request=r),
        "The request is in progress.",
    )


@require_POST
@handler_view
def complete(request: HttpRequest, business: Organisation, request_id: int) -> HttpResponse:
    actor = current_user(request)
    return _act(
        request,
        request_for_handler(business=business, request_id=request_id),
        lambda r: services.privacy_request_complete(actor=actor, request=r),
        "The request is done.",
    )


@require_POST
@handler_view
def refuse(request: HttpRequest, business: Organisation, request_id: int) -> HttpResponse:
    actor = current_user(request)
    privacy_request = request_for_handler(business=business, request_id=request_id)
    form = RefuseForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, privacy_request, form, status=400)
    reason = form.cleaned_data["reason"]
    return _act(
        request,
        privacy_request,
        lambda r: services.privacy_request_refuse(actor=actor, request=r, reason=reason),
        "The request was refused; the person sees the reason.",
    )
