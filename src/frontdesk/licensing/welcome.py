"""The e-mailed link with which a customer whose account a purchase opened sets their password.

Django's password-reset tokens (`PasswordResetTokenGenerator`), under a salt of our own: the
token holds a timestamp and an HMAC of the account's password hash and last sign-in, so it
stops working the moment a password is set, and after FRONTDESK_WELCOME_LINK_DAYS. Nothing is
stored."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes, force_str
from django.utils.http import base36_to_int, urlsafe_base64_decode, urlsafe_base64_encode

from frontdesk.identity.models import User

DAY = 24 * 3600


class WelcomeTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "frontdesk.licensing.welcome"

    def check_token(self, user: Any, token: str | None) -> bool:
        """As Django's, but valid FRONTDESK_WELCOME_LINK_DAYS (not PASSWORD_RESET_TIMEOUT)."""
        if not (user and token) or token.count("-") != 1:
            return False
        try:
            issued = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        age = self._num_seconds(self._now()) - issued
        if age > settings.FRONTDESK_WELCOME_LINK_DAYS * DAY:
            return False
        return any(
            constant_time_compare(self._make_token_with_timestamp(user, issued, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        )


welcome_tokens = WelcomeTokenGenerator()


def welcome_path(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("licensing:welcome", args=[uid, welcome_tokens.make_token(user)])


def welcome_user(uidb64: str, token: str) -> User | None:
    """The account a still-valid link is for, or None."""
    try:
        user_id = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not welcome_tokens.check_token(user, token):
        return None
    return user
