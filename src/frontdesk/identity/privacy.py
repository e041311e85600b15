"""Identity's personal data, as it may leave production (see `frontdesk.core.privacy`)."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.db.models import Model

from frontdesk.core.privacy import Drop, Replace, blank, nothing


def _email(row: Model) -> str:
    return f"user{row.pk}@example.invalid"


def _full_name(row: Model) -> str:
    return f"Person {row.pk}" if getattr(row, "full_name", "") else ""


def _no_password(row: Model) -> str:
    return make_password(None)


COPY_RULES = [
    Replace(
        "identity.User",
        fields={"email": _email, "full_name": _full_name, "password": _no_password},
    ),
    Replace("identity.LoginAttempt", fields={"ip": nothing, "user_agent": blank}),
    # Secrets and login state never leave production.
    Drop("identity.ApiToken"),
    Drop("sessions.Session"),
    Drop("otp_totp.TOTPDevice"),
    Drop("otp_static.StaticDevice"),
    Drop("otp_static.StaticToken"),
    Drop("axes.AccessAttempt"),
    Drop("axes.AccessAttemptExpiration"),
    Drop("axes.AccessFailureLog"),
    Drop("axes.AccessLog"),
]
