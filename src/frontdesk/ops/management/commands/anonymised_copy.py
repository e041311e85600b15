"""`frontdesk anonymised_copy TARGET`: production data, anonymised, for development (QL-3)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from frontdesk.ops.anonymise import TargetNotEmptyError, anonymised_copy, target_configure


class Command(BaseCommand):
    help = (
        "Copy this database into TARGET (a database URL, or a path for a new SQLite file) with "
        "personal data replaced and secrets dropped, as each app's privacy.py declares."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("target", help="e.g. postgres://dev@localhost/frontdesk_dev or dev.db")

    def handle(self, *args: Any, **options: Any) -> None:
        alias = target_configure(options["target"])
        try:
            counts = anonymised_copy(target=alias)
        except TargetNotEmptyError as error:
            raise CommandError(str(error)) from error
        total = sum(counts.values())
        self.stdout.write(self.style.SUCCESS(f"Anonymised copy written: {total} rows."))
