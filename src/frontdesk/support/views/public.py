"""Pages anyone may use without signing in: the public request form (for people who cannot sign
in) and the feedback form. Both are rate-limited per client address."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from frontdesk.identity.models import User
from frontdesk.support import services, throttle
from frontdesk.support.errors import SupportError
from frontdesk.support.forms import FeedbackForm, PublicTicketForm
from frontdesk.support.views.common import errors_from


def _throttled(request: HttpRequest, group: str) -> int | None:
    """Seconds to wait if this address is over its limit; otherwise count this send."""
    wait = throttle.blocked_for(request, group)
    if wait is None:
        throttle.count(request, group)
    return wait


def _too_many(response: HttpResponse, wait: int) -> HttpResponse:
    response["Retry-After"] = str(wait)
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def new_request(request: HttpRequest) -> HttpResponse:
    """A request from someone who cannot sign in: their name and address for this request only;
    they follow it through the link shown next and e-mailed to them."""
    if isinstance(request.user, User):
        return redirect("support:mine")
    form = PublicTicketForm(request.POST if request.method == "POST" else None)
    if form.is_bound:
        wait = _throttled(request, throttle.PUBLIC_GROUP)
        if wait is not None:
            form.add_error(None, throttle.TOO_MANY)
            page = render(request, "support/new.html", {"form": form}, status=429)
            return _too_many(page, wait)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            ticket, token = services.ticket_open_public(
                team=data["team"],
                name=data["name"],
                email=data["email"],
                subject=data["subject"],
                body=data["body"],
                purchase_reference=data["purchase_reference"],
            )
        except ValidationError as error:
            errors_from(form, error)
        except SupportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Request {ticket.reference} received. Keep this page's address: we also "
                "e-mailed you the link.",
            )
            return redirect("support:public_ticket", token=token)
    return render(request, "support/new.html", {"form": form}, status=400 if form.errors else 200)


@never_cache
@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest) -> HttpResponse:
    """Suggestions (IN-15), signed in or not."""
    form = FeedbackForm(request.POST if request.method == "POST" else None)
    if form.is_bound:
        wait = _throttled(request, throttle.FEEDBACK_GROUP)
        if wait is not None:
            form.add_error(None, throttle.TOO_MANY)
            page = render(request, "support/feedback.html", {"form": form}, status=429)
            return _too_many(page, wait)
    if form.is_bound and form.is_valid():
        author = request.user if isinstance(request.user, User) else None
        try:
            services.feedback_send(
                actor=author, team=form.cleaned_data["team"], body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            errors_from(form, error)
        else:
            messages.success(request, "Thank you: your suggestion reached the team.")
            return redirect("support:feedback")
    status = 400 if form.errors else 200
    return render(request, "support/feedback.html", {"form": form}, status=status)
