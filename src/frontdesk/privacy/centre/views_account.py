"""The privacy centre of a signed-in person (/account/privacy/): their requests, their
profile (QM-10, IN-16), correction (IN-22) and erasure (FD-11) requests, deactivation (QM-11)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from frontdesk.identity import services as identity
from frontdesk.identity import signin
from frontdesk.privacy import services
from frontdesk.privacy.centre import forms
from frontdesk.privacy.centre.common import account_view, checked, current_user, posted
from frontdesk.privacy.centre.selectors import requests_of
from frontdesk.privacy.models import PrivacyRequest

Kind = PrivacyRequest.Kind
INDEX = "privacy:centre:index"


@account_view
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    return render(
        request,
        "privacy/centre/index.html",
        {"account": user, "requests": requests_of(user=user)},
    )


@account_view
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    form = forms.ProfileForm(posted(request), user=user)
    if request.method == "POST" and checked(request, form):
        try:
            identity.profile_update(
                actor=user,
                user=user,
                full_name=form.cleaned_data["full_name"],
                email=form.cleaned_data["email"] if form.email_changed else None,
            )
        except identity.EmailTakenError as exc:
            form.add_error("email", exc)
        else:
            messages.success(request, "Your personal information was saved.")
            return redirect("privacy:centre:profile")
    status = 400 if form.errors else 200
    return render(request, "privacy/centre/profile.html", {"form": form}, status=status)


@account_view
@require_http_methods(["GET", "POST"])
def correction(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    form = forms.CorrectionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.privacy_request_create(
            actor=user, user=user, kind=Kind.CORRECTION, details=form.cleaned_data["details"]
        )
        messages.success(request, "We received your correction request and will answer it.")
        return redirect(INDEX)
    status = 400 if form.errors else 200
    return render(request, "privacy/centre/correction.html", {"form": form}, status=status)


@account_view
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def erasure(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    form = forms.ErasureForm(posted(request), user=user)
    if request.method == "POST" and checked(request, form):
        services.privacy_request_create(
            actor=user, user=user, kind=Kind.ERASURE, details=form.cleaned_data["details"]
        )
        messages.success(request, "We received your erasure request; its state is shown below.")
        return redirect(INDEX)
    status = 400 if form.errors else 200
    return render(request, "privacy/centre/erasure.html", {"form": form}, status=status)


@account_view
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def deactivate(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    form = forms.DeactivateForm(posted(request), user=user)
    if request.method == "POST" and checked(request, form):
        identity.account_deactivate(actor=user, user=user)
        signin.sign_out(request)
        return render(request, "privacy/centre/deactivated.html")
    status = 400 if form.errors else 200
    return render(request, "privacy/centre/deactivate.html", {"form": form}, status=status)
