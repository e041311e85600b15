"""`frontdesk audit verify`: walk the hash chain and name the first broken event."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from frontdesk.audit.selectors import audit_chain_verify


class Command(BaseCommand):
    help = "Audit log tools. `verify` checks the hash chain from the first event to the last."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        checked, problem = audit_chain_verify()
        if problem is not None:
            raise CommandError(
                f"Audit chain broken at event #{problem.seq} (id {problem.event_id}): "
                f"{problem.reason}. {checked} events before it are intact."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {checked} events verified."))
