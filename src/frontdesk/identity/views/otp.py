"""Second factor: enrolling an authenticator app, and giving a code after signing in."""

from __future__ import annotations

from typing import Any

import django_otp
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdesk.identity import otp, selectors, services, throttle
from frontdesk.identity.forms import OtpCodeForm
from frontdesk.identity.models import LoginAttempt, User
from frontdesk.identity.views.common import current_user, landing_for, safe_next

WRONG_CODE = "That code was not right. Codes change every 30 seconds: type the current one."
TOO_MANY_CODES = "Too many wrong codes. Wait a while, then try again."


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_setup_view(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if selectors.has_second_factor(user):
        # A new authenticator only after an administrator reset the old one: otherwise a
        # stolen password would be enough to replace the second factor.
        messages.info(request, "Your account already has an authenticator app.")
        return redirect("identity:security")
    device = services.otp_device_prepare(user=user)
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST":
        refused = _refused_code(request, form, user=user, device=device)
        if refused is not None:
            return refused
        services.otp_enrol_confirm(actor=user, device=device)
        device.refresh_from_db()
        _verified(request, device)
        messages.success(request, "Your authenticator app is set up.")
        return redirect(safe_next(request, landing_for(user)))
    uri = otp.provisioning_uri(device)
    return render(
        request,
        "identity/otp_setup.html",
        {"form": form, "qr": otp.qr_data_uri(uri), "secret": otp.secret_of(device)},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_verify_view(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    device = selectors.totp_device_confirmed(user)
    if device is None:
        return redirect("identity:otp_setup" if user.is_staff else "identity:security")
    if getattr(user, "is_verified", lambda: False)():
        return redirect(safe_next(request, landing_for(user)))
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST":
        refused = _refused_code(request, form, user=user, device=device)
        if refused is not None:
            services.login_attempt_record(user=user, outcome=LoginAttempt.Outcome.OTP_FAILED)
            return refused
        _verified(request, device)
        return redirect(safe_next(request, landing_for(user)))
    return render(request, "identity/otp_verify.html", {"form": form})


def _refused_code(
    request: HttpRequest, form: OtpCodeForm, *, user: User, device: TOTPDevice
) -> HttpResponse | None:
    """The page refusing the code, or None when the code is right. Wrong codes are counted
    per account in the shared cache, on top of django-otp's own growing delay."""
    template = "identity/otp_verify.html" if device.confirmed else "identity/otp_setup.html"
    context: dict[str, Any] = {"form": form}
    if not device.confirmed:
        context |= {"qr": otp.qr_data_uri(otp.provisioning_uri(device))}
        context |= {"secret": otp.secret_of(device)}
    wait = throttle.blocked_for(request, throttle.OTP_GROUP)
    if wait is not None:
        response = render(request, template, {**context, "error": TOO_MANY_CODES}, status=429)
        response["Retry-After"] = str(wait)
        return response
    if form.is_valid() and otp.code_matches(
        user=user, device=device, code=form.cleaned_data["code"]
    ):
        return None
    throttle.count(request, throttle.OTP_GROUP)
    if form.is_valid():
        form.add_error("code", WRONG_CODE)
    return render(request, template, context, status=400)


def _verified(request: HttpRequest, device: TOTPDevice) -> None:
    # A new session id once the session gains the second factor, as at login (FD-7).
    request.session.cycle_key()
    django_otp.login(request, device)
