"""Audit events: append-only for the application, hash-chained so tampering shows.

Each business has its own chain: the events of one `organisation_id` in `seq` order (the
platform's own events, operators' actions, have none and form the platform's chain). `seq`
counts within the chain, so a chain verifies on its own and writers of two businesses never
wait on each other (see `services`).

The model and its queryset refuse updates and deletes; on the database a trigger does the same
(see `guard`, installed by migration 0002), so only someone who disables the trigger can change
history, and `frontdesk audit verify` then names the first event that no longer fits its chain.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models

from frontdesk.core import tenancy


class AppendOnlyError(RuntimeError):
    """Raised on any attempt to change or remove an audit event."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit events cannot be removed.")


class AuditEventManager(tenancy.BusinessScoped["AuditEvent"], models.Manager["AuditEvent"]):
    """The events of the bound business (an auditor of one business reads only its log),
    append-only like the queryset."""

    _queryset_class = AuditEventQuerySet


class AuditEvent(models.Model):
    """One thing that happened: who (actor id, never their personal data), what, to what,
    from where (a keyed hash of the IP, request id), when, with details; and, in
    `organisation_id`, the business whose chain it belongs to."""

    BUSINESS_SCOPE = "organisation_id"

    seq = models.BigIntegerField(db_index=True)  # within the chain of `organisation_id`
    created_at = models.DateTimeField(db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    action = models.CharField(max_length=64, db_index=True)
    # indexed by the chain's unique (organisation_id, seq)
    organisation_id = models.BigIntegerField(null=True, blank=True)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)  # events before FD-2 only
    ip_index = models.CharField(max_length=64, blank=True, db_index=True)
    request_id = models.CharField(max_length=64, blank=True)
    details = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects: ClassVar[AuditEventManager] = AuditEventManager()

    class Meta:
        ordering = ("-seq",)
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["target_type", "target_id"]),
        ]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            *tenancy.unique_per_business(
                "seq",
                name="audit_event_seq_in_business_chain",
                platform_name="audit_event_seq_in_platform_chain",
                business="organisation_id",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit events cannot be removed.")
