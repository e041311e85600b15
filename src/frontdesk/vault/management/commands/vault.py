"""`frontdesk vault`: keys for the environment, the state of the vault, master-key rotation."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.db.models import Count

from frontdesk.vault import keyring
from frontdesk.vault.masters import current_master, new_key_text
from frontdesk.vault.models import DataKey
from frontdesk.vault.router import VAULT_DB
from frontdesk.vault.shred import legacy_values_seal


class Command(BaseCommand):
    help = "Manage the data-key vault: new-key, status, rotate."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        new = sub.add_parser("new-key", help="print a fresh key for FRONTDESK_MASTER_KEYS")
        new.add_argument("--id", default="", help="the master key's id (printed as id:key)")
        sub.add_parser("status", help="data keys per master key, live and destroyed")
        rotate = sub.add_parser(
            "rotate", help="rewrap every data key under the first key of FRONTDESK_MASTER_KEYS"
        )
        rotate.add_argument("--batch", type=int, default=500)
        sub.add_parser("seal", help="seal values stored before sealing existed (after upgrading)")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "new-key":
            prefix = f"{options['id']}:" if options["id"] else ""
            self.stdout.write(prefix + new_key_text())
        elif action == "status":
            self._status()
        elif action == "seal":
            self.stdout.write(f"Sealed the values of {legacy_values_seal()} rows.")
        else:
            count = keyring.keys_rewrap(batch=options["batch"])
            self.stdout.write(
                f"Rewrapped {count} data keys under master key {current_master().id}."
            )

    def _status(self) -> None:
        keys = DataKey.objects.using(VAULT_DB)
        self.stdout.write(f"Current master key: {current_master().id}")
        live = keys.filter(destroyed_at__isnull=True)
        for row in live.values("master_id").annotate(count=Count("id")).order_by("master_id"):
            self.stdout.write(f"  live under {row['master_id']}: {row['count']}")
        self.stdout.write(f"  destroyed: {keys.filter(destroyed_at__isnull=False).count()}")
