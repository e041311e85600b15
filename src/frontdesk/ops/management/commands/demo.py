"""`frontdesk demo`: migrate, load the demo businesses, print every login, then run the web
server and the task worker together until interrupted."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from frontdesk.core.demo import DemoLogin
from frontdesk.ops.demo import seed_demo
from frontdesk.ops.management.commands.serve import gunicorn_argv


class Command(BaseCommand):
    help = "Run the demo: all demo businesses on the local database, web server and worker."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument(
            "--no-serve", action="store_true", help="load the data and print logins only"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("The demo refuses to run with FRONTDESK_ENV=production.")
        for database in settings.DATABASES:
            call_command("migrate", database=database, interactive=False, verbosity=0)
        logins = seed_demo()
        url = f"http://{options['bind']}"
        self._print_logins(url, logins)
        if not options["no_serve"]:
            self._serve(options["bind"])

    def _print_logins(self, url: str, logins: list[DemoLogin]) -> None:
        out = self.stdout
        out.write(self.style.SUCCESS(f"\nFrontdesk demo on {url}\n"))
        out.write("Staff sign in at /account/login/ with a password and a TOTP code.")
        out.write("Print a demo account's current code with: frontdesk demo_otp <e-mail>\n")
        width = max(len(login.email) for login in logins)
        for login in logins:
            out.write(f"  {login.email:<{width}}  {login.password}  {login.description}")
            for link in login.links:
                out.write(f"  {'':<{width}}  -> {url}{link}")
        out.write(f"\nE-mails (unlock links, notices) are written to {settings.EMAIL_FILE_PATH}")
        out.write("SMS go to the Outbox page of the staff area.")
        if settings.FRONTDESK_PAYMENT_PROVIDER == "demo":
            out.write(
                f"Payments go to the demo provider on {settings.FRONTDESK_PAYDEMO_URL}: pay with "
                "card 4242 4242 4242 4242 (any future expiry, any CVC)."
            )
        out.write("Stop with Ctrl-C.\n")

    def _paydemo(self, frontdesk: str) -> subprocess.Popen[bytes]:
        paydemo = str(Path(frontdesk).with_name("paydemo"))
        bind = urlsplit(settings.FRONTDESK_PAYDEMO_URL).netloc
        env = dict(
            os.environ,
            PAYDEMO_DB=str(Path(settings.VAR_DIR) / "paydemo.sqlite3"),
            PAYDEMO_API_KEY=settings.FRONTDESK_PAYDEMO_API_KEY,
            PAYDEMO_WEBHOOK_SECRET=settings.FRONTDESK_PAYDEMO_WEBHOOK_SECRET,
        )
        return subprocess.Popen([paydemo, "--bind", bind], env=env)  # noqa: S603

    def _serve(self, bind: str) -> None:
        manage = [str(Path(sys.executable).with_name("frontdesk"))]
        processes = [
            subprocess.Popen([*gunicorn_argv(bind=bind, workers=2)]),  # noqa: S603
            subprocess.Popen([*manage, "worker"]),  # noqa: S603
        ]
        if settings.FRONTDESK_PAYMENT_PROVIDER == "demo":
            # The demo payment provider: its own web app, port and database (FD-6).
            processes.append(self._paydemo(manage[0]))
        # A supervisor (or `timeout`) stops the demo with SIGTERM: leave through `finally`, so
        # the server, the worker and the payment provider stop with it.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        try:
            while all(process.poll() is None for process in processes):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            for process in processes:
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in processes:
                process.wait(timeout=30)
