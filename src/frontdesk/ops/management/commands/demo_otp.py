"""`frontdesk demo_otp <e-mail>`: the current TOTP code of a demo account (never in production)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdesk.identity.models import User


class Command(BaseCommand):
    help = "Print the current second-factor code of a demo account (local runs only)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Refused: this helper exists for the local demo only.")
        device = (
            TOTPDevice.objects.filter(user__in=User.objects.with_email(options["email"]))
            .order_by("-confirmed", "-id")
            .first()
        )
        if device is None:
            raise CommandError("That account has no TOTP device yet: sign in to enrol one.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
