"""`flush` wipes every table, the audit log included: it lifts the append-only guard for the
wipe and puts it back afterwards. Django's test runner flushes between transactional tests."""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush
from django.db import connections

from frontdesk.audit import guard


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        connection = connections[options["database"]]
        guard.uninstall(connection)
        try:
            super().handle(**options)
        finally:
            guard.install(connection)
