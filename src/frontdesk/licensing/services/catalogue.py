"""Setting up what is sold: partners (with their signing secret), products, releases and the
files of a release. Operators do this with `frontdesk licensing …`; the demo too."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from django.db import transaction

from frontdesk.access.models import Organisation
from frontdesk.audit.services import audit_record
from frontdesk.core import clock, tokens
from frontdesk.licensing import storage
from frontdesk.licensing.models import Partner, Product, Release, ReleaseFile

SECRET_BYTES = 32


@transaction.atomic
def partner_create(
    *, actor: Any, organisation: Organisation, code: str, name: str, privacy_url: str = ""
) -> tuple[Partner, str]:
    """Add an e-commerce partner; returns it with its new signing secret, shown this once to
    be handed to the partner (it is kept sealed and never displayed again)."""
    secret = tokens.new_token(SECRET_BYTES)
    partner = Partner.objects.create(
        organisation=organisation, code=code, name=name, privacy_url=privacy_url, secret=secret
    )
    audit_record(actor=actor, action="licensing.partner.created", target=partner)
    return partner, secret


@transaction.atomic
def product_create(
    *,
    actor: Any,
    organisation: Organisation,
    code: str,
    name: str,
    update_period_days: int = 365,
    downloads_per_release: int = 5,
) -> Product:
    product = Product.objects.create(
        organisation=organisation,
        code=code,
        name=name,
        update_period_days=update_period_days,
        downloads_per_release=downloads_per_release,
    )
    audit_record(
        actor=actor,
        action="licensing.product.created",
        target=product,
        details={"update_period_days": update_period_days, "quota": downloads_per_release},
    )
    return product


@transaction.atomic
def release_create(
    *,
    actor: Any,
    product: Product,
    version: str,
    released_at: datetime | None = None,
    notes: str = "",
) -> Release:
    release = Release.objects.create(
        product=product, version=version, released_at=released_at or clock.now(), notes=notes
    )
    audit_record(
        actor=actor,
        action="licensing.release.created",
        target=release,
        organisation_id=product.organisation_id,
        details={"version": version},
    )
    return release


@transaction.atomic
def release_file_add(*, actor: Any, release: Release, source: Path, name: str = "") -> ReleaseFile:
    """Copy `source` into the downloads storage and record it with its size and SHA-256
    (QL-9). Refuses (`FileExistsError`) a name the release already has."""
    name = name or source.name
    if release.files.filter(name=name).exists():
        raise FileExistsError(f"{release} already has a file called {name}.")
    stored = storage.store(
        source=source, product_code=release.product.code, version=release.version, name=name
    )
    try:
        release_file = ReleaseFile.objects.create(
            release=release,
            name=name,
            size=stored.size,
            sha256=stored.sha256,
            storage_path=stored.storage_path,
        )
    except Exception:
        storage.discard(stored.storage_path)  # nothing refers to the copy: do not leave it
        raise
    audit_record(
        actor=actor,
        action="licensing.file.added",
        target=release_file,
        organisation_id=release.product.organisation_id,
        details={"release": release.pk, "size": stored.size, "sha256": stored.sha256},
    )
    return release_file
