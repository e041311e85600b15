"""Signing in and out, registering, and the e-mailed unlock link."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from frontdesk.identity import pages, services, signin, throttle, unlock
from frontdesk.identity.forms import LoginForm, RegisterForm
from frontdesk.identity.models import User
from frontdesk.identity.views.common import landing_for, safe_next

REGISTER_REFUSED = (
    "We could not open an account with this address. If you already have one, sign in instead."
)
TOO_MANY = "Too many attempts came from your network. Wait a while, then try again."


@never_cache
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        if isinstance(request.user, User):
            return redirect(safe_next(request, landing_for(request.user)))
        return pages.login_page(request, notice=signin.notice_pop(request))
    form = LoginForm(request.POST)
    if not form.is_valid():
        return pages.login_page(request, form=form)
    result = signin.attempt(
        request, email=form.cleaned_data["username"], password=form.cleaned_data["password"]
    )
    if result.succeeded and result.user is not None:
        return redirect(safe_next(request, landing_for(result.user)))
    if result.outcome == signin.Outcome.THROTTLED:
        response = pages.login_page(request, form=form, error=pages.THROTTLED, status=429)
        response["Retry-After"] = str(result.retry_after)
        return response
    # Wrong password, unknown e-mail and locked account all read the same (FD-4).
    return pages.login_failed_page(request)


@never_cache
@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    signin.sign_out(request)
    return redirect(resolve_url(settings.LOGOUT_REDIRECT_URL))


@never_cache
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def register_view(request: HttpRequest) -> HttpResponse:
    if getattr(request, "business", None) is None:
        raise Http404  # the platform host opens no customer accounts
    if isinstance(request.user, User):
        return redirect("identity:account")
    form = RegisterForm(request.POST or None)
    if request.method == "POST":
        wait = throttle.blocked_for(request, throttle.REGISTER_GROUP)
        if wait is not None:
            response = render(
                request, "identity/register.html", {"form": form, "error": TOO_MANY}, status=429
            )
            response["Retry-After"] = str(wait)
            return response
        throttle.count(request, throttle.REGISTER_GROUP)
        if form.is_valid() and (user := _register(form)) is not None:
            signin.sign_in(request, user)
            return redirect("identity:account")
    return render(request, "identity/register.html", {"form": form})


def _register(form: RegisterForm) -> User | None:
    try:
        return services.user_register(
            email=form.cleaned_data["email"], password=form.cleaned_data["password"]
        )
    except services.EmailTakenError:
        form.add_error("email", REGISTER_REFUSED)
    except ValidationError as exc:
        form.add_error("password", exc)
    return None


@never_cache
@require_http_methods(["GET", "POST"])
def unlock_view(request: HttpRequest, token: str) -> HttpResponse:
    """The e-mailed link: GET asks to confirm (so a mail scanner following links unlocks
    nothing), POST unlocks."""
    user_id = unlock.unlock_token_user_id(token)
    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None:
        return render(request, "identity/unlock.html", {"state": "invalid"}, status=404)
    if request.method == "POST":
        services.account_unlock(actor=user, user=user, via="email link")
        unlock.unlock_token_spend(token)
        return render(request, "identity/unlock.html", {"state": "done"})
    return render(request, "identity/unlock.html", {"state": "confirm"})
