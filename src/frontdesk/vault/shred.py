"""Crypto-shredding of data discarded without an erasure: when the retention sweep deletes a
record about someone without an account (a visitor's ticket, a failed sign-in for an unknown
address) or blanks every sealed value of it, the record's own key has nothing left to open
here, but old copies of the database still hold its ciphertext. Destroying the key makes those
unreadable too (JF-7: destroyed, not merely hidden)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from functools import reduce
from operator import or_

from django.apps import apps
from django.db.models import Q

from frontdesk.core import clock
from frontdesk.vault import keyring
from frontdesk.vault.fields import sealed_fields
from frontdesk.vault.models import DataKey
from frontdesk.vault.router import VAULT_DB
from frontdesk.vault.sealed import SealedModel

# A key younger than this may belong to a row whose transaction has not committed yet.
SETTLE = timedelta(days=1)
BATCH = 500


def _keys_in_use(candidates: set[uuid.UUID]) -> set[uuid.UUID]:
    """Those of `candidates` that rows still holding at least one sealed value use (asked in
    batches of candidates, so persons' keys are never all read)."""
    used: set[uuid.UUID] = set()
    ids = sorted(candidates)
    for model in apps.get_models():
        fields = sealed_fields(model) if issubclass(model, SealedModel) else []
        if not fields:
            continue
        holds = reduce(
            or_, (~Q(**{f.attname: ""}) & Q(**{f"{f.attname}__isnull": False}) for f in fields)
        )
        rows = model._base_manager.filter(holds)
        for start in range(0, len(ids), BATCH):
            chunk = rows.filter(vault_key__in=ids[start : start + BATCH])
            used.update(chunk.values_list("vault_key", flat=True).distinct())
    return used


def record_keys_shred() -> int:
    """Destroy every live record key (not a person's) that no row needs any more; how many."""
    cutoff = clock.now() - SETTLE
    live = DataKey.objects.using(VAULT_DB).filter(
        holder=DataKey.Holder.RECORD, destroyed_at__isnull=True, created_at__lt=cutoff
    )
    candidates = set(live.values_list("id", flat=True))
    if not candidates:
        return 0
    return keyring.key_destroy(candidates - _keys_in_use(candidates))


def legacy_values_seal(*, batch: int = 500) -> int:
    """Seal values written before sealing existed (an upgraded installation); rows sealed.
    Only rows with a value not sealed yet are read, with their subject joined and every key
    loaded once per batch (`keyring.scope`)."""
    sealed = 0
    for model in apps.get_models():
        fields = sealed_fields(model) if issubclass(model, SealedModel) else []
        if not fields:
            continue
        clear = reduce(
            or_,
            (
                ~Q(**{f"{f.attname}__startswith": f"{keyring.PREFIX}:"})
                & ~Q(**{f.attname: ""})
                & Q(**{f"{f.attname}__isnull": False})
                for f in fields
            ),
        )
        rows = model._base_manager.filter(clear).order_by("pk")
        subject = model.VAULT_SUBJECT  # type: ignore[attr-defined]
        if subject and subject != "self":
            rows = rows.select_related(subject)
        with keyring.scope():
            for row in rows.iterator(batch):
                assert isinstance(row, SealedModel)  # noqa: S101 - filtered above
                if names := row.vault_unsealed_names():
                    row.save(update_fields=names)
                    sealed += 1
    return sealed
