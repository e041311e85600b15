"""`frontdesk serve`: run the web application under gunicorn, as in production."""

from __future__ import annotations

import os
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from frontdesk.ops import gunicorn_conf


def gunicorn_argv(*, bind: str | None = None, workers: int | None = None) -> list[str]:
    """The gunicorn command line for this installation (also used by the demo and the bench)."""
    argv = [
        str(Path(sys.executable).with_name("gunicorn")),
        "--config",
        f"python:{gunicorn_conf.__name__}",
    ]
    if bind:
        argv += ["--bind", bind]
    if workers:
        argv += ["--workers", str(workers)]
    return argv


class Command(BaseCommand):
    help = "Serve Frontdesk with gunicorn on one port (FRONTDESK_BIND, default 127.0.0.1:8000)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--bind", help="address:port to listen on")
        parser.add_argument("--workers", type=int, help="number of worker processes")

    def handle(self, *args: Any, **options: Any) -> None:
        argv = gunicorn_argv(bind=options["bind"], workers=options["workers"])
        os.execv(argv[0], argv)  # noqa: S606 - replaces this process with gunicorn
