"""`frontdesk migrate` migrates the main database and then the vault (the data keys' own
database), unless `--database` names one. `call_command("migrate")` is Django's own: code
that migrates from Python (the test runner, the demo) names each database it means."""

from __future__ import annotations

from django.core.management.commands.migrate import Command as MigrateCommand

from frontdesk.vault.router import VAULT_DB


class Command(MigrateCommand):
    def run_from_argv(self, argv: list[str]) -> None:
        super().run_from_argv(argv)
        if not any(arg == "--database" or arg.startswith("--database=") for arg in argv):
            super().run_from_argv([*argv, "--database", VAULT_DB])
