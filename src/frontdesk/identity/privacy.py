"""Identity's personal data and cookies (see `frontdesk.core.declarations`), and what of it may
leave production in an anonymised copy (`frontdesk.core.privacy`)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db.models import Model

from frontdesk.core.declarations import (
    Basis,
    Cookie,
    Erasure,
    NotPersonal,
    PersonalData,
    Retention,
)
from frontdesk.core.privacy import Drop, Replace

SECURITY_PURPOSE = (
    "Keeping accounts safe: locking an account after repeated failed sign-ins, showing the "
    "owner their recent sign-ins, and noticing misuse."
)

# The lockout counters of django-axes: kept a month after the attempt, then swept.
AXES_RETENTION = Retention(
    starts="the attempt",
    days=30,
    setting="FRONTDESK_RETENTION_FAILED_LOGINS_DAYS",
    clock="attempt_time",
)

DATA = [
    PersonalData(
        model="identity.User",
        fields=("email",),
        category="contact.email",
        purpose="Signing in, and messages about the account and its orders or visits.",
        basis=Basis.CONTRACT,
        retention=Retention(starts="the account", while_account_exists=True),
        erasure=Erasure.ANONYMISE,
        subject="self",
    ),
    PersonalData(
        model="identity.User",
        fields=("full_name",),
        category="contact.name",
        purpose="Addressing the person; showing staff who did what.",
        basis=Basis.CONTRACT,
        retention=Retention(starts="the account", while_account_exists=True),
        erasure=Erasure.ANONYMISE,
        subject="self",
    ),
    PersonalData(
        model="identity.LoginAttempt",
        fields=("ip", "user_agent"),
        category="network.sign_in",
        purpose=SECURITY_PURPOSE,
        basis=Basis.LEGITIMATE_INTERESTS,
        retention=Retention(
            starts="the sign-in attempt",
            days=90,
            setting="FRONTDESK_RETENTION_LOGIN_ATTEMPTS_DAYS",
            clock="created_at",
        ),
        subject="user",
    ),
    PersonalData(
        model="axes.AccessAttempt",
        fields=("username", "ip_address", "user_agent", "get_data", "post_data"),
        category="network.failed_sign_in",
        purpose="Counting failed sign-ins to lock an account after 20 (passwords are never kept).",
        basis=Basis.LEGITIMATE_INTERESTS,
        retention=AXES_RETENTION,
    ),
    PersonalData(
        model="axes.AccessFailureLog",
        fields=("username", "ip_address", "user_agent"),
        category="network.failed_sign_in",
        purpose="Counting failed sign-ins to lock an account after 20 (passwords are never kept).",
        basis=Basis.LEGITIMATE_INTERESTS,
        retention=AXES_RETENTION,
    ),
    PersonalData(
        model="axes.AccessLog",
        fields=("username", "ip_address", "user_agent"),
        category="network.sign_in",
        purpose=SECURITY_PURPOSE,
        basis=Basis.LEGITIMATE_INTERESTS,
        retention=AXES_RETENTION,
    ),
    PersonalData(
        model="sessions.Session",
        fields=("session_data",),
        category="session",
        purpose="Keeping a visitor signed in, and the token that protects their forms.",
        basis=Basis.CONTRACT,
        retention=Retention(starts="the session expires", days=0, clock="expire_date"),
    ),
    PersonalData(
        model="otp_totp.TOTPDevice",
        fields=("key",),
        category="secret.second_factor",
        purpose="Checking the codes of the person's authenticator app (second factor).",
        basis=Basis.CONTRACT,
        retention=Retention(starts="the account", while_account_exists=True),
        subject="user",
    ),
]

NOT_PERSONAL = [
    NotPersonal("identity.ApiToken", "name", "a label staff give their own API token"),
    NotPersonal("otp_totp.TOTPDevice", "name", "a label for the authenticator"),
    NotPersonal("otp_static.StaticDevice", "name", "a label for the backup codes"),
    NotPersonal("auth.Group", "name", "a name of a permission group"),
    NotPersonal("auth.Permission", "name", "a name of a permission"),
]

COOKIES = [
    Cookie(
        name=settings.SESSION_COOKIE_NAME,
        purpose=(
            "The session: keeps you signed in and protects your forms against forgery. It holds "
            "only a random identifier."
        ),
        lifetime=f"until you close the browser, or {settings.SESSION_COOKIE_AGE // 60} minutes "
        "without activity",
    ),
]


def _no_password(row: Model) -> str:
    return make_password(None)


# Credentials and login state never leave production; declared personal fields are replaced
# by fake values in the copy by `frontdesk.core.privacy`.
COPY_RULES = [
    Replace("identity.User", fields={"password": _no_password}),
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
