"""Reading identity data: users by e-mail, login history, second-factor devices, API tokens."""

from __future__ import annotations

from django.db.models import QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdesk.core import tokens
from frontdesk.identity.models import ApiToken, LoginAttempt, User


def normalize_email(value: str) -> str:
    """The one spelling of an e-mail address used for lookups, lockout counters and storage."""
    return value.strip().lower()


def user_by_email(email: str) -> User | None:
    """The account with this e-mail address (case-insensitive), or None."""
    email = normalize_email(email)
    if not email:
        return None
    return User.objects.with_email(email).first()


def lockout_key(email: str, business_id: int | None) -> str:
    """What failures are counted under for an address at one business (django-axes' username):
    the business's key and the address's blind index, so the same address at two businesses
    locks two accounts separately and axes' tables hold no address in the clear (FD-2)."""
    return f"{business_id or 0}:{email_index(email)}"


def email_index(email: str) -> str:
    """The blind index of an e-mail address (what the account is found by), or "" for none."""
    field = User._meta.get_field("email_index")
    return getattr(field, "index_of")(normalize_email(email)) or ""  # noqa: B009 - typed Field


def login_attempts_of(*, user: User, limit: int = 20) -> QuerySet[LoginAttempt]:
    """The user's most recent login attempts, newest first (IN-12, IN-20)."""
    return LoginAttempt.objects.filter(user=user).order_by("-created_at", "-pk")[:limit]


def totp_device_confirmed(user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator, or None when they have not enrolled one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def totp_device_pending(user: User) -> TOTPDevice | None:
    """The authenticator being enrolled (created, not yet confirmed by a first code)."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def has_second_factor(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def apitokens_of(*, user: User) -> QuerySet[ApiToken]:
    """The user's API tokens, newest first, revoked ones included (for the record)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def apitoken_find(plaintext: str) -> ApiToken | None:
    """The active token matching `plaintext`, found by prefix and compared by digest in
    constant time; None for unknown or revoked tokens."""
    if len(plaintext) < ApiToken.PREFIX_LENGTH * 2:
        return None
    wanted = tokens.digest(plaintext)
    candidates = ApiToken.objects.filter(
        prefix=plaintext[: ApiToken.PREFIX_LENGTH], revoked_at__isnull=True
    ).select_related("user")
    for candidate in candidates:
        if tokens.same(candidate.token_hash, wanted):
            return candidate
    return None
