"""What a login attempt on a locked account gets (AXES_LOCKOUT_CALLABLE).

FD-4: the response is the very page a wrong password or an unknown e-mail gets, so nobody
learns whether an account exists or is locked. The first time a lockout is seen, the owner of
the account (if there is one) is e-mailed an unlock link.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.http import HttpRequest, HttpResponse

from frontdesk.core import tenancy
from frontdesk.identity import services, unlock
from frontdesk.identity.pages import login_failed_page
from frontdesk.identity.selectors import lockout_key, normalize_email, user_by_email


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
    *args: Any,
    **kwargs: Any,
) -> HttpResponse:
    email = _username_of(request, credentials)
    if email:
        lockout_notify(email)
    return login_failed_page(request)


def lockout_notify(email: str) -> None:
    """Once per lockout: audit it and e-mail the owner an unlock link (only if the account
    exists and is active; an unknown address gets nothing, and the page says the same)."""
    if not unlock.lockout_notice_first(lockout_key(email, tenancy.business_id())):
        return
    user = user_by_email(email)
    if user is not None and user.is_active:
        services.account_lock_record(user=user)


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """What django-axes counts failures under (AXES_USERNAME_CALLABLE): the business and the
    e-mail address's blind index (`selectors.lockout_key`)."""
    return lockout_key(_username_of(request, credentials), tenancy.business_id())


def _username_of(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    field = settings.AXES_USERNAME_FORM_FIELD
    value = (credentials or {}).get(field) or request.POST.get(field) or ""
    return normalize_email(str(value))


class SealedAxesHandler(AxesDatabaseHandler):  # type: ignore[misc]
    """django-axes' database handler, keeping no client address or browser (AXES_HANDLER).

    Axes only counts failures per account (its `username` is the e-mail's blind index); the
    address and browser of every attempt are kept by `identity.LoginAttempt`, sealed with the
    account's key (FD-2), so axes' own tables hold none in the clear."""

    @staticmethod
    def _forget_client(request: HttpRequest | None) -> None:
        if request is not None:
            request.axes_ip_address = None  # type: ignore[attr-defined]
            request.axes_user_agent = ""  # type: ignore[attr-defined]

    def user_login_failed(
        self,
        sender: Any,
        credentials: dict[str, Any],
        request: HttpRequest | None = None,
        **kwargs: Any,
    ) -> None:
        self._forget_client(request)
        super().user_login_failed(sender, credentials, request, **kwargs)

    def user_logged_in(self, sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
        self._forget_client(request)
        super().user_logged_in(sender, request, user, **kwargs)

    def user_logged_out(self, sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
        self._forget_client(request)
        super().user_logged_out(sender, request, user, **kwargs)
