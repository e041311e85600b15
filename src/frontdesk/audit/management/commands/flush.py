"""`flush` wipes every table, the audit log included: it lifts the append-only guard for the
wipe and puts it back afterwards. Django's test runner flushes between transactional tests."""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush
from django.db import connections, router

from frontdesk.audit import guard
from frontdesk.audit.models import AuditEvent


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        connection = connections[options["database"]]
        if not router.allow_migrate(connection.alias, AuditEvent._meta.app_label):
            super().handle(**options)  # a database without the audit log (the vault)
            return
        guard.uninstall(connection)
        try:
            super().handle(**options)
        finally:
            guard.install(connection)
