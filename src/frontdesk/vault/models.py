"""The vault: one data key per person (or per record about someone without an account).

Data keys live in their own database (`DATABASES["vault"]`, see `router.py`), never in the one
that holds the personal data: a copy or backup of the main database holds only ciphertext, and
destroying a key in the vault makes every copy of that person's data unreadable (FD-2, JF-7).
Each key is stored wrapped (AES-GCM) by a master key from the environment (`masters.py`).
The vault also lists the accounts erased (`ErasedSubject`), so an erasure can be applied again
after a backup of the main database is restored (`frontdesk.vault.erasures`).
"""

from __future__ import annotations

import uuid

from django.db import models

from frontdesk.core import clock


class DataKey(models.Model):
    """A person's data key, wrapped by the master key `master_id`.

    Rules: `wrapped` is emptied (and `destroyed_at` stamped) when the key is destroyed; the row
    stays as a tombstone so "destroyed" is told apart from "never existed"; a destroyed key is
    never restored."""

    PLATFORM_MODEL = (
        "keys live in the vault database, found by the id their sealed row holds; a row of a "
        "business opens only with the key it names"
    )

    class Holder(models.TextChoices):
        PERSON = "person", "A person's account"
        RECORD = "record", "One record about someone without an account"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    holder = models.CharField(max_length=8, choices=Holder.choices, default=Holder.PERSON)
    master_id = models.CharField(max_length=32)
    wrapped = models.BinaryField(default=b"")
    created_at = models.DateTimeField(default=clock.now)
    destroyed_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ("created_at",)

    def __str__(self) -> str:
        return f"data key {self.id}"

    @property
    def is_destroyed(self) -> bool:
        return self.destroyed_at is not None


class ErasedSubject(models.Model):
    """An erased account, listed where the main database's backups cannot undo it (FD-11).

    Ids and times only, never personal data: the account's id, the id of the data key its
    erasure destroys, when the entry was written and when the erasure committed.

    Rules: written before the erasure commits (`erased_at` None), so the key to destroy is
    known even when the step after the commit fails; `erased_at` is stamped once the erasure
    has committed (or once the main database shows the account erased). An entry without it
    belongs to an erasure that may have rolled back: nothing acts on it. Entries are never
    deleted: a restored backup of the main database must not undo an erasure."""

    PLATFORM_MODEL = "ids only, replayed against every business after a restore (FD-11)"

    subject_id = models.BigIntegerField(unique=True)
    key_id = models.UUIDField(null=True, blank=True)
    listed_at = models.DateTimeField(default=clock.now)
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("listed_at", "subject_id")

    def __str__(self) -> str:
        return f"erased account {self.subject_id}"
