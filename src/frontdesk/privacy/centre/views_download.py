"""Download my data (IN-21, FD-9): the password, then a code e-mailed to the account's
address, then the export — as a page and as a JSON file — behind a link only its own person
can open, for 24 hours."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from frontdesk.privacy import services
from frontdesk.privacy.centre import forms
from frontdesk.privacy.centre.common import account_view, checked, current_user, posted
from frontdesk.privacy.centre.selectors import export_request, own_request
from frontdesk.privacy.export import export_for
from frontdesk.privacy.states import State


@account_view
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def download(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    form = forms.PasswordConfirmForm(posted(request), user=user)
    if request.method == "POST" and checked(request, form):
        started = services.access_request_start(actor=user)
        messages.info(request, "We e-mailed you a code. Enter it here to prove it is you.")
        return redirect("privacy:centre:download_verify", started.pk)
    status = 400 if form.errors else 200
    return render(request, "privacy/centre/download.html", {"form": form}, status=status)


@account_view
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def download_verify(request: HttpRequest, request_id: int) -> HttpResponse:
    user = current_user(request)
    privacy_request = own_request(user=user, request_id=request_id)
    if privacy_request.state != State.RECEIVED:
        messages.error(request, "This download request is closed: ask for a new one.")
        return redirect("privacy:centre:download")
    form = forms.CodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        result = services.access_request_verify(
            actor=user, request=privacy_request, code=form.cleaned_data["code"]
        )
        if result.verified:
            return redirect("privacy:centre:export", result.token)
        form.add_error("code", result.error)
    status = 400 if form.errors else 200
    context = {"form": form, "privacy_request": privacy_request}
    return render(request, "privacy/centre/download_verify.html", context, status=status)


@account_view
@require_GET
def export_page(request: HttpRequest, token: str) -> HttpResponse:
    user = current_user(request)
    privacy_request = export_request(user=user, token=token)
    services.export_opened(actor=user, request=privacy_request, fmt="html")
    context = {"export": export_for(user), "token": token, "privacy_request": privacy_request}
    return render(request, "privacy/centre/export.html", context)


@account_view
@require_GET
def export_json(request: HttpRequest, token: str) -> HttpResponse:
    user = current_user(request)
    privacy_request = export_request(user=user, token=token)
    services.export_opened(actor=user, request=privacy_request, fmt="json")
    body = json.dumps(export_for(user), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"my-data-{privacy_request.created_at:%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
