"""The staff queue of data-subject requests (FD-9), for holders of `privacy.requests`.

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

from frontdesk.privacy import services
from frontdesk.privacy.centre.common import View, account_view, current_user
from frontdesk.privacy.centre.forms import RefuseForm
from frontdesk.privacy.centre.selectors import open_requests, request_for_handler, require_handler
from frontdesk.privacy.models import PrivacyRequest
from frontdesk.privacy.states import InvalidTransitionError

DETAIL = "privacy:centre:staff_request"


def handler_view(view: View) -> View:
    """Signed in (the account gate has held back sessions without their second factor),
    holding `privacy.requests` (else 404/403)."""

    @account_view
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require_handler(request.user)
        return view(request, *args, **kwargs)

    return wrapper


@handler_view
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/centre/staff_queue.html", {"requests": open_requests()})


@handler_view
@require_GET
def detail(request: HttpRequest, request_id: int) -> HttpResponse:
    privacy_request = services.privacy_request_read(
        actor=current_user(request), request=request_for_handler(request_id=request_id)
    )
    return _detail_page(request, privacy_request, RefuseForm())


def _detail_page(
    request: HttpRequest, privacy_request: PrivacyRequest, form: RefuseForm, status: int = 200
) -> HttpResponse:
    context = {"privacy_request": privacy_request, "refuse_form": form}
    return render(request, "privacy/centre/staff_request.html", context, status=status)


def _act(
    request: HttpRequest, request_id: int, act: Callable[[PrivacyRequest], object], done: str
) -> HttpResponse:
    try:
        act(request_for_handler(request_id=request_id))
    except InvalidTransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect(DETAIL, request_id)


@require_POST
@handler_view
def start(request: HttpRequest, request_id: int) -> HttpResponse:
    actor = current_user(request)
    return _act(
        request,
        request_id,
        lambda r: services.privacy_request_start(actor=actor, request=r),
        "The request is in progress.",
    )


@require_POST
@handler_view
def complete(request: HttpRequest, request_id: int) -> HttpResponse:
    actor = current_user(request)
    return _act(
        request,
        request_id,
        lambda r: services.privacy_request_complete(actor=actor, request=r),
        "The request is done.",
    )


@require_POST
@handler_view
def refuse(request: HttpRequest, request_id: int) -> HttpResponse:
    actor = current_user(request)
    form = RefuseForm(request.POST)
    if not form.is_valid():
        privacy_request = request_for_handler(request_id=request_id)
        return _detail_page(request, privacy_request, form, status=400)
    reason = form.cleaned_data["reason"]
    return _act(
        request,
        request_id,
        lambda r: services.privacy_request_refuse(actor=actor, request=r, reason=reason),
        "The request was refused; the person sees the reason.",
    )
