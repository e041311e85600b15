"""The e-mails identity sends. Callers send them with `transaction.on_commit`, so nothing goes
out for a change that was rolled back."""

from __future__ import annotations

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from frontdesk.access import brand, hosts
from frontdesk.core.net import network_of
from frontdesk.identity.models import LoginAttempt, User
from frontdesk.identity.unlock import cooloff_seconds


def absolute(path: str, user: User) -> str:
    """A link for an e-mail to `user`, on their business's own address (built from the
    configured site address and the business's host, never from the request's Host header,
    which an attacker could choose)."""
    return hosts.absolute_url(path, user.organisation)


def _send(user: User, subject: str, body: str) -> None:
    send_mail(subject, body, brand.sender(user.organisation), [user.email])


def send_unlock_link(*, user: User, token: str) -> None:
    link = absolute(reverse("identity:unlock", args=[token]), user)
    body = render_to_string(
        "identity/emails/unlock.txt",
        {"user": user, "link": link, "minutes": _cooloff_minutes()},
    )
    _send(user, "Your account was locked", body)


def send_registration_attempt(*, user: User) -> None:
    body = render_to_string(
        "identity/emails/register_exists.txt",
        {"user": user, "login": absolute(reverse("identity:login"), user)},
    )
    _send(user, "Someone tried to register with your address", body)


def send_new_network_notice(*, attempt: LoginAttempt) -> None:
    user = attempt.user
    if user is None:
        return
    body = render_to_string(
        "identity/emails/new_network.txt",
        {
            "attempt": attempt,
            "network": network_of(attempt.ip),
            "security": absolute(reverse("identity:account"), user),
        },
    )
    _send(user, "New sign-in to your account", body)


def _cooloff_minutes() -> int:
    return max(1, cooloff_seconds() // 60)
