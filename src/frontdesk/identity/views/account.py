"""The account pages: summary with recent logins, security, password change, API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from frontdesk.identity import selectors, services
from frontdesk.identity.forms import ApiTokenForm, PasswordChangeForm
from frontdesk.identity.models import ApiToken, User
from frontdesk.identity.views.common import current_user, landing_for, safe_next


def _account_context(user: User, **extra: Any) -> dict[str, Any]:
    return {
        "account": user,
        "attempts": selectors.login_attempts_of(user=user),
        "has_second_factor": selectors.has_second_factor(user),
        "tokens": selectors.apitokens_of(user=user) if user.is_staff else [],
        "token_form": ApiTokenForm() if user.is_staff else None,
        **extra,
    }


@never_cache
@login_required
@require_GET
def account_view(request: HttpRequest) -> HttpResponse:
    return render(request, "identity/account.html", _account_context(current_user(request)))


@never_cache
@login_required
@require_GET
def security_view(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    return render(
        request,
        "identity/security.html",
        {"account": user, "has_second_factor": selectors.has_second_factor(user)},
    )


@never_cache
@login_required
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def password_change_view(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    form = PasswordChangeForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_change(
                actor=user, user=user, new_password=form.cleaned_data["new_password"]
            )
        except ValidationError as exc:
            form.add_error("new_password", exc)
        else:
            # Keep this session (with a new id); the account's other sessions end.
            update_session_auth_hash(request, User.objects.get(pk=user.pk))
            messages.success(request, "Your password was changed.")
            return redirect(safe_next(request, landing_for(user)))
    return render(
        request,
        "identity/password_change.html",
        {"form": form, "forced": user.must_change_password},
    )


@never_cache
@login_required
@require_POST
def token_create_view(request: HttpRequest) -> HttpResponse:
    """Staff create API tokens for themselves; the plaintext is shown on this response only."""
    user = current_user(request)
    if not user.is_staff:
        raise PermissionDenied
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        context = _account_context(user, token_form=form)
        return render(request, "identity/account.html", context, status=400)
    token, plaintext = services.apitoken_create(
        actor=user, user=user, name=form.cleaned_data["name"], scopes=form.cleaned_data["scopes"]
    )
    context = _account_context(user, new_token=token, new_token_plaintext=plaintext)
    return render(request, "identity/account.html", context)


@never_cache
@login_required
@require_POST
def token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    user = current_user(request)
    token = get_object_or_404(ApiToken, pk=token_id, user=user)
    services.apitoken_revoke(actor=user, token=token)
    messages.success(request, f"The token “{token.name}” was revoked.")
    return redirect("identity:account")
