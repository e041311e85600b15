"""The ledger of erased accounts, kept in the vault (FD-11, FD-2, JF-7).

Erasing an account destroys its data key: every copy of its sealed values becomes unreadable.
But a backup of the main database restored later brings the erased account's row back as it
was: the blind index of its e-mail address, its password hash, `is_active`. The person could be
found and could sign in again. The vault's own database is not in those backups, so the list of
erased accounts kept here survives the restore, and the erasure can be applied again
(`frontdesk.privacy.erasure.erasures_replay`, the replay of django-gdpr-assist).

It also lets a failed key destruction be retried: erasure destroys the key after the main
transaction commits, and if that step fails the key lives on. The key's id is listed here
before the commit, so the next sweep destroys it (`erased_keys_destroy`).

Only ids and times are kept: account ids, key ids, when.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.db import transaction

from frontdesk.core import clock
from frontdesk.vault import keyring
from frontdesk.vault.models import DataKey, ErasedSubject
from frontdesk.vault.router import VAULT_DB

# Ledger entries written or stamped per transaction.
BATCH = 500


def erasure_begin(*, subject_id: int, key_id: uuid.UUID | None) -> None:
    """List `subject_id` as being erased, with the key its erasure destroys; called inside the
    erasure's transaction, before it commits (`erasure_confirm` follows once it has).

    A confirmed entry keeps its key, unless it had none (an account listed without one); an
    unconfirmed one, left by an erasure that rolled back, takes the new key."""
    entry, created = ErasedSubject.objects.using(VAULT_DB).get_or_create(
        subject_id=subject_id, defaults={"key_id": key_id}
    )
    if created or key_id is None or key_id == entry.key_id:
        return
    if entry.key_id is None or entry.erased_at is None:
        entry.key_id = key_id
        entry.save(using=VAULT_DB, update_fields=["key_id"])


def erasure_confirm(*, subject_ids: Iterable[int]) -> int:
    """Record that the accounts' erasures committed: unconfirmed entries are stamped, missing
    ones written (without a key: an erasure from before the ledger existed). How many entries
    were stamped or written; confirming twice changes nothing more."""
    ids = sorted(set(subject_ids))
    now = clock.now()
    entries = ErasedSubject.objects.using(VAULT_DB)
    done = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        with transaction.atomic(using=VAULT_DB):
            pending = entries.filter(subject_id__in=chunk, erased_at__isnull=True)
            done += pending.update(erased_at=now)
            known = set(entries.filter(subject_id__in=chunk).values_list("subject_id", flat=True))
            missing = [
                ErasedSubject(subject_id=id_, erased_at=now) for id_ in chunk if id_ not in known
            ]
            done += len(entries.bulk_create(missing))
    return done


def erased_subjects() -> set[int]:
    """The accounts whose erasure committed."""
    confirmed = ErasedSubject.objects.using(VAULT_DB).filter(erased_at__isnull=False)
    return set(confirmed.values_list("subject_id", flat=True))


def erased_keys_destroy() -> int:
    """Destroy every data key an erasure was to destroy and that still lives (the step after
    the erasure's commit failed); how many."""
    listed = (
        ErasedSubject.objects.using(VAULT_DB)
        .filter(erased_at__isnull=False, key_id__isnull=False)
        .values("key_id")
    )
    live = DataKey.objects.using(VAULT_DB).filter(destroyed_at__isnull=True, id__in=listed)
    ids = list(live.values_list("id", flat=True))
    return keyring.key_destroy(ids) if ids else 0
