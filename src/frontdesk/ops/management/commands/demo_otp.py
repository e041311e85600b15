"""`frontdesk demo_otp <e-mail> [--business SLUG]`: the current TOTP code of a demo account
(never in production). Accounts belong to a business; without `--business` the address must
name one account only."""

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
        parser.add_argument("--business", help="the slug of the account's business")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Refused: this helper exists for the local demo only.")
        # An operator's command: it looks across businesses, narrowed by --business.
        accounts = User.objects.unscoped().matching(email=options["email"])
        if options["business"]:
            accounts = accounts.filter(organisation__slug=options["business"])
        if accounts.count() > 1:
            raise CommandError("Several businesses have this account: name one with --business.")
        device = TOTPDevice.objects.filter(user__in=accounts).order_by("-confirmed", "-id").first()
        if device is None:
            raise CommandError("That account has no TOTP device yet: sign in to enrol one.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
