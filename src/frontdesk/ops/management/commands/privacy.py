"""`frontdesk privacy …`: the operator's privacy tools.

frontdesk privacy sweep [--dry-run]       apply retention now (FD-10), or show what would go
frontdesk privacy anonymised-copy TARGET  a development copy with personal data replaced (QL-3)
frontdesk privacy replay-erasures         erase again the erased accounts a restore brought back
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from frontdesk.core.declarations import Erasure
from frontdesk.ops.anonymise import TargetNotEmptyError, anonymised_copy, target_configure
from frontdesk.privacy.erasure import erasures_replay
from frontdesk.privacy.retention import Due, retention_sweep
from frontdesk.vault.erasures import erased_keys_destroy

# What happens to a declaration's rows, as (would happen, happened).
_VERBS = {
    Erasure.DELETE: ("to delete", "deleted"),
    Erasure.ANONYMISE: ("to blank", "blanked"),
    Erasure.KEEP_WITHOUT_IDENTITY: ("to blank", "blanked"),
}


def _rows(count: int) -> str:
    return "1 row" if count == 1 else f"{count} rows"


class Command(BaseCommand):
    help = (
        "Privacy tools: the retention sweep, the anonymised development copy, and the replay "
        "of erasures after a restore."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        tools = parser.add_subparsers(
            dest="tool", required=True, metavar="{sweep,anonymised-copy,replay-erasures}"
        )
        sweep = tools.add_parser(
            "sweep",
            help="Delete or blank the personal data past its retention period (FD-10).",
        )
        sweep.add_argument(
            "--dry-run", action="store_true", help="Show what would go; change nothing."
        )
        copy = tools.add_parser(
            "anonymised-copy",
            help=(
                "Copy this database into TARGET (a database URL, or a path for a new SQLite "
                "file) with personal data replaced and secrets dropped, as each app's "
                "privacy.py declares (QL-3)."
            ),
        )
        copy.add_argument("target", help="e.g. postgres://dev@localhost/frontdesk_dev or dev.db")
        tools.add_parser(
            "replay-erasures",
            help=(
                "After restoring a backup of the database: erase again every account the "
                "vault's ledger lists as erased, and destroy their keys still alive (FD-11)."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["tool"] == "sweep":
            self._sweep(dry_run=options["dry_run"])
        elif options["tool"] == "replay-erasures":
            self._replay()
        else:
            self._anonymised_copy(options["target"])

    def _sweep(self, *, dry_run: bool) -> None:
        report = retention_sweep(dry_run=dry_run)
        for item in report.items:
            # The plan shows every declaration of every business; a sweep, what it changed
            # (the audit events hold every count).
            if dry_run or item.rows:
                self.stdout.write(self._line(item, dry_run=dry_run))
        if dry_run:
            self.stdout.write(f"Dry run: {_rows(report.total)} would go; nothing was changed.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Retention sweep done: {_rows(report.total)}."))

    @staticmethod
    def _line(item: Due, *, dry_run: bool) -> str:
        verb = _VERBS[item.erasure][0 if dry_run else 1]
        fields = ", ".join(item.fields)
        whose = f"{item.business}: " if item.business else ""
        return f"{whose}{item.label} ({fields}), kept {item.days} days: {_rows(item.rows)} {verb}"

    def _replay(self) -> None:
        report = erasures_replay()
        self.stdout.write(
            f"Erased accounts listed: {report.listed} ({report.newly_listed} newly listed)."
        )
        destroyed = erased_keys_destroy()
        self.stdout.write(f"Data keys of erased accounts destroyed: {destroyed}.")
        self.stdout.write(
            self.style.SUCCESS(f"Erasures replayed on restored accounts: {len(report.replayed)}.")
        )

    def _anonymised_copy(self, target: str) -> None:
        alias = target_configure(target)
        try:
            counts = anonymised_copy(target=alias)
        except TargetNotEmptyError as error:
            raise CommandError(str(error)) from error
        total = sum(counts.values())
        self.stdout.write(self.style.SUCCESS(f"Anonymised copy written: {total} rows."))
