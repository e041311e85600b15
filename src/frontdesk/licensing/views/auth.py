"""Entering and leaving the customer area: its login page (with the cookie test, the greeting
and "Remember this Account", IN-17, IN-14), sign-out, forgetting this browser, and choosing a
first password from the e-mailed link. Signing in itself is identity's (`signin.attempt`)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from frontdesk.identity import pages, signin
from frontdesk.identity import services as identity
from frontdesk.identity.models import User
from frontdesk.licensing import cookies, middleware, selectors, services
from frontdesk.licensing.forms import AreaLoginForm, WelcomePasswordForm
from frontdesk.licensing.welcome import welcome_user

COOKIES_REFUSED = (
    "Your browser did not send back the small test cookie this page set: it refuses cookies. "
    "The customer area needs them to keep you signed in. Allow cookies for this site, then "
    "sign in again."
)
PASSWORD_SET = "Your password is set. Sign in with it to reach your software."  # noqa: S105 - a message
FORGOTTEN = "This browser no longer remembers your account or your name."


def _area_next(request: HttpRequest) -> str:
    wanted = str(request.POST.get("next") or request.GET.get("next") or "")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("licensing:area")


def _login_page(
    request: HttpRequest,
    *,
    form: AreaLoginForm | None = None,
    error: str = "",
    notice: str = "",
    status: int = 200,
) -> HttpResponse:
    remembered = selectors.remembered(cookies.remember_token(request))
    if form is None:
        initial = {"username": remembered.user.email, "remember": True} if remembered else {}
        form = AreaLoginForm(initial=initial)
    response = render(
        request,
        "licensing/login.html",
        {
            "form": form,
            "error": error,
            "notice": notice,
            "greeting": cookies.greeting_of(request),
            "remembered": remembered is not None,
            "next": str(request.POST.get("next") or request.GET.get("next") or "")[:1000],
        },
        status=status,
    )
    cookies.cookie_test_set(response)
    add_never_cache_headers(response)
    return response


@csrf_exempt  # checked by `_login` once the browser is known to keep cookies (IN-14)
@never_cache
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    if isinstance(request.user, User):
        return redirect(_area_next(request))
    if request.method == "POST" and not cookies.cookies_accepted(request):
        # Without cookies the CSRF check could only fail with a page that explains nothing:
        # say what is wrong instead. Nothing is attempted, so nothing needs protecting.
        return _login_page(request, error=COOKIES_REFUSED, status=400)
    return _login(request)


@csrf_protect
def _login(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _login_page(request, notice=signin.notice_pop(request))
    form = AreaLoginForm(request.POST)
    if not form.is_valid():
        return _login_page(request, form=form)
    result = signin.attempt(
        request, email=form.cleaned_data["username"], password=form.cleaned_data["password"]
    )
    if result.succeeded and result.user is not None:
        entered = redirect(_area_next(request))
        _signed_in(request, entered, result.user, remember=form.cleaned_data["remember"])
        return entered
    if result.outcome == signin.Outcome.THROTTLED:
        response = _login_page(request, form=form, error=pages.THROTTLED, status=429)
        response["Retry-After"] = str(result.retry_after)
        return response
    # Wrong password, unknown e-mail and locked account all read the same (FD-4).
    typed = AreaLoginForm(initial={"username": request.POST.get("username", "")[:254]})
    return _login_page(request, form=typed, error=pages.FAILED)


def _signed_in(request: HttpRequest, response: HttpResponse, user: User, *, remember: bool) -> None:
    """The cookies of a fresh sign-in: the authentication cookie binds the new session to this
    browser, the test cookie has done its job, the greeting keeps the first name, and
    "Remember this Account" is kept, issued or forgotten as chosen."""
    cookies.authentication_set(response, middleware.bind(request))
    cookies.forget(response, cookies.COOKIE_TEST)
    cookies.greeting_set(response, user.full_name)
    token = cookies.remember_token(request)
    current = selectors.remembered(token)
    if remember and current is not None and current.user_id == user.pk:
        services.remember_touch(remembered=current)
        return
    if token:
        services.remember_forget(token=token)
        cookies.forget(response, cookies.REMEMBER)
    if remember:
        cookies.remember_set(response, services.remember_issue(user=user))


@never_cache
@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    signin.sign_out(request)
    response = redirect("licensing:login")
    cookies.authentication_forget(response)
    return response


@never_cache
@require_POST
def forget_view(request: HttpRequest) -> HttpResponse:
    """Forget this browser: the remembered account (its server record too) and the greeting."""
    token = cookies.remember_token(request)
    if token:
        services.remember_forget(token=token)
    messages.success(request, FORGOTTEN)
    response = redirect("licensing:area" if isinstance(request.user, User) else "licensing:login")
    cookies.forget(response, cookies.REMEMBER)
    cookies.forget(response, cookies.GREETING)
    return response


@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def welcome_view(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The e-mailed link: GET shows the form (a mail scanner following the link changes
    nothing), POST sets the password through identity's service and sends the person to sign
    in. The link stops working once a password is set."""
    user = welcome_user(uidb64, token)
    if user is None:
        return render(request, "licensing/welcome.html", {"state": "invalid"}, status=404)
    form = WelcomePasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            identity.password_change(
                actor=user, user=user, new_password=form.cleaned_data["new_password"]
            )
        except ValidationError as error:
            form.add_error("new_password", error)
        else:
            signin.notice_set(request, PASSWORD_SET)
            return redirect("licensing:login")
    return render(request, "licensing/welcome.html", {"state": "form", "form": form, "who": user})
