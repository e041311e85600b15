"""Helpers of the identity tests: signing in through the real login page, codes of an
authenticator app, comparing pages."""

from __future__ import annotations

import re
import time

from conftest import make_user
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdesk.identity.models import User

PASSWORD = "correct horse battery staple"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) IdentityTest/1.0"
LOGIN_URL = "/account/login/"


__all__ = ["make_user"]  # the suite's one way to open an account (at the test's business)


def sign_in(client: Client, email: str, password: str = PASSWORD, **extra):
    return client.post(LOGIN_URL, {"username": email, "password": password}, **extra)


def code_for(device: TOTPDevice, *, at: float | None = None) -> str:
    """The code an authenticator app would show now (or at `at`)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{device.digits}d}"


def confirmed_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def without_csrf(html: str) -> str:
    """The page with its per-render CSRF token masked, for comparing two renders."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "csrf", html)


def is_signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session
