"""Time-based one-time passwords (FD-5): the enrolment QR code and code checking."""

from __future__ import annotations

import base64
import io
from base64 import b32encode
from urllib.parse import quote, urlencode

import django_otp
import segno
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdesk.identity.models import User


def secret_of(device: TOTPDevice) -> str:
    """The secret in the base32 form authenticator apps accept for typing in."""
    return b32encode(device.bin_key).decode()


def provisioning_uri(device: TOTPDevice) -> str:
    """The otpauth:// URI of the device. Its label names the account by name or number, never
    by e-mail address (QL-7): it ends up in a QR code and in the app's list."""
    issuer = str(settings.OTP_TOTP_ISSUER).replace(":", "")
    user: User = device.user
    label = f"{issuer}:{user.full_name or f'account {user.pk}'}"
    params = urlencode(
        {
            "secret": secret_of(device),
            "algorithm": "SHA1",
            "digits": device.digits,
            "period": device.step,
        }
    )
    return f"otpauth://totp/{quote(label)}?{params}&issuer={quote(issuer)}"


def qr_data_uri(text: str) -> str:
    """An SVG QR code as a data: URI (the CSP allows data: images, not inline markup)."""
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="svg", scale=5, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def code_matches(*, user: User, device: TOTPDevice, code: str) -> bool:
    """Whether `code` is the device's current code (each code works once; repeated failures
    slow the device down, django-otp's own throttle)."""
    return django_otp.verify_token(user, device.persistent_id, code) is not None
