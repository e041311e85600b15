"""`frontdesk demo`: migrate, load the demo businesses, print every login, then run the web
server and the task worker together until interrupted.

Every URL the demo prints, mails or hands to the payment stand-in is derived from `--bind`:
the site's address (`FRONTDESK_SITE_URL`) is set from it for this process and its children,
each business answers on `http://<slug>.localhost:<port>`, and Paydemo listens on the next
port unless `FRONTDESK_PAYDEMO_URL` names one. What it prints is also in `var/demo.json`."""

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

from frontdesk.ops.demo import seed_demo
from frontdesk.ops.demo_manifest import manifest, urls_for_bind, write
from frontdesk.ops.management.commands.serve import gunicorn_argv


class Command(BaseCommand):
    help = "Run the demo: all demo businesses on the local database, web server and worker."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--bind",
            default=os.environ.get("FRONTDESK_BIND", "127.0.0.1:8000"),
            help="HOST:PORT to serve on (every printed and mailed URL follows it)",
        )
        parser.add_argument(
            "--no-serve", action="store_true", help="load the data and print logins only"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("The demo refuses to run with FRONTDESK_ENV=production.")
        try:
            site_url, platform_url = urls_for_bind(options["bind"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        self._derive_urls(site_url, options["bind"])
        for database in settings.DATABASES:
            call_command("migrate", database=database, interactive=False, verbosity=0)
        logins = seed_demo()
        data = manifest(platform_url=platform_url, logins=logins)
        write(Path(settings.VAR_DIR) / "demo.json", data)
        self._print(data)
        if not options["no_serve"]:
            self._serve(options["bind"])

    @staticmethod
    def _derive_urls(site_url: str, bind: str) -> None:
        """The site's address and Paydemo's, for this process and the ones it starts."""
        settings.SITE_URL = os.environ["FRONTDESK_SITE_URL"] = site_url
        if "FRONTDESK_PAYDEMO_URL" not in os.environ:
            host, _, port = bind.rpartition(":")
            host = "127.0.0.1" if host in ("0.0.0.0", "") else host  # noqa: S104
            settings.FRONTDESK_PAYDEMO_URL = f"http://{host}:{int(port) + 1}"
        os.environ["FRONTDESK_PAYDEMO_URL"] = settings.FRONTDESK_PAYDEMO_URL

    def _print(self, data: dict[str, Any]) -> None:
        out = self.stdout
        out.write(self.style.SUCCESS(f"\nFrontdesk demo: {data['platform']['url']}\n"))
        out.write("Each business is its own site, with its own accounts. Staff sign in at")
        out.write("/account/login/ with a password and a TOTP code; print a demo account's")
        out.write("current code with: frontdesk demo_otp <e-mail> --business <slug>\n")
        for business in data["businesses"]:
            out.write(self.style.MIGRATE_HEADING(f"{business['name']}  {business['url']}/"))
            for person in business["people"]:
                out.write(f"  {person['email']}  {person['password']}  {person['role']}")
                for path in person["start"]:
                    out.write(f"      -> {business['url']}{path}")
            for name, path in business["links"].items():
                out.write(f"  {name}: {business['url']}{path}")
            for name, value in business["secrets"].items():
                out.write(f"  {name}: {value}")
            out.write("")
        out.write(f"All of this is in {Path(settings.VAR_DIR) / 'demo.json'}.")
        out.write(f"E-mails (unlock links, notices) are written to {settings.EMAIL_FILE_PATH}")
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
