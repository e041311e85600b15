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
from frontdesk.vault.fields import Sealed, sealed_fields
from frontdesk.vault.models import DataKey
from frontdesk.vault.router import VAULT_DB
from frontdesk.vault.sealed import SealedModel

# A key younger than this may belong to a row whose transaction has not committed yet.
SETTLE = timedelta(days=1)


def _keys_in_use() -> set[uuid.UUID]:
    """Keys of rows that still hold at least one sealed value."""
    used: set[uuid.UUID] = set()
    for model in apps.get_models():
        if not issubclass(model, SealedModel):
            continue
        fields = sealed_fields(model)
        if not fields:
            continue
        holds = reduce(
            or_, (~Q(**{f.attname: ""}) & Q(**{f"{f.attname}__isnull": False}) for f in fields)
        )
        rows = model._base_manager.filter(holds).exclude(vault_key=None)
        used.update(rows.values_list("vault_key", flat=True).distinct())
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
    return keyring.key_destroy(candidates - _keys_in_use())


def legacy_values_seal(*, batch: int = 500) -> int:
    """Seal values written before sealing existed (an upgraded installation); rows sealed."""
    sealed = 0
    for model in apps.get_models():
        if not issubclass(model, SealedModel) or not sealed_fields(model):
            continue
        for row in model._base_manager.order_by("pk").iterator(batch):
            assert isinstance(row, SealedModel)  # noqa: S101 - filtered above
            names = [
                field.name
                for field in sealed_fields(model)
                if row.__dict__.get(field.attname) not in (None, "")
                and not isinstance(row.__dict__.get(field.attname), Sealed)
            ]
            if names:
                row.save(update_fields=names)
                sealed += 1
    return sealed
