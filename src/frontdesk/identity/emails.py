"""The e-mails identity sends. Callers send them with `transaction.on_commit`, so nothing goes
out for a change that was rolled back."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from frontdesk.core.net import network_of
from frontdesk.identity.models import LoginAttempt, User
from frontdesk.identity.unlock import cooloff_seconds


def absolute(path: str) -> str:
    """A link for an e-mail, built from the configured site address (never from the request's
    Host header, which an attacker could choose)."""
    return settings.SITE_URL.rstrip("/") + path


def send_unlock_link(*, user: User, token: str) -> None:
    link = absolute(reverse("identity:unlock", args=[token]))
    body = render_to_string(
        "identity/emails/unlock.txt",
        {"user": user, "link": link, "minutes": _cooloff_minutes()},
    )
    send_mail("Your account was locked", body, None, [user.email])


def send_registration_attempt(*, user: User) -> None:
    body = render_to_string(
        "identity/emails/register_exists.txt",
        {"user": user, "login": absolute(reverse("identity:login"))},
    )
    send_mail("Someone tried to register with your address", body, None, [user.email])


def send_new_network_notice(*, attempt: LoginAttempt) -> None:
    user = attempt.user
    if user is None:
        return
    body = render_to_string(
        "identity/emails/new_network.txt",
        {
            "attempt": attempt,
            "network": network_of(attempt.ip),
            "security": absolute(reverse("identity:account")),
        },
    )
    send_mail("New sign-in to your account", body, None, [user.email])


def _cooloff_minutes() -> int:
    return max(1, cooloff_seconds() // 60)
