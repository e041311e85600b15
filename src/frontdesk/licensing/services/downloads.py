"""Serving a release file under a licence (IN-11, IN-12).

Rules: only an account allowed to download (`holds.download_allowed`), only its own licence,
only a release the licence covers; the file must be in storage before anything counts; the
quota's counter rises with one conditional UPDATE (`used < quota`), so two parallel downloads
can never pass it; every download served is recorded (time, account, licence, file, address
sealed, network index) and audited in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import F

from frontdesk.audit.services import audit_record
from frontdesk.core import context
from frontdesk.identity.models import User
from frontdesk.licensing import storage
from frontdesk.licensing.errors import (
    AccountHeldError,
    DownloadRefusedError,
    QuotaExhaustedError,
)
from frontdesk.licensing.holds import HELD, download_allowed
from frontdesk.licensing.models import Download, DownloadCount, Licence, ReleaseFile

NOT_COVERED = "Your licence does not include this file."


@dataclass(frozen=True)
class Served:
    download: Download
    path: Path
    remaining: int


def quota_message(*, file: ReleaseFile, quota: int) -> str:
    release = file.release
    return (
        f"You have taken all {quota} downloads of {release.product.name} {release.version} "
        "that your licence allows. Contact support if you need another."
    )


@transaction.atomic
def download_serve(*, user: User, licence: Licence, file: ReleaseFile) -> Served:
    """Count and record one download of `file`; returns where the file is and how many
    downloads of its release remain. Raises `DownloadRefusedError` (`AccountHeldError` for a
    held account; a file the licence does not cover),
    `QuotaExhaustedError` (nothing counted) or `FileUnavailableError` (nothing counted)."""
    if not download_allowed(user):
        raise AccountHeldError(HELD)
    if licence.user_id != user.pk or not licence.covers(file.release):
        raise DownloadRefusedError(NOT_COVERED)
    path = storage.absolute(file.storage_path)
    quota = licence.product.downloads_per_release
    counter, _ = DownloadCount.objects.get_or_create(licence=licence, release_id=file.release_id)
    raised = DownloadCount.objects.filter(pk=counter.pk, used__lt=quota).update(used=F("used") + 1)
    if not raised:
        raise QuotaExhaustedError(quota_message(file=file, quota=quota))
    download = Download.objects.create(
        user=user, licence=licence, file=file, ip=context.current().ip
    )
    audit_record(
        actor=user,
        action="licensing.download.served",
        target=licence,
        details={"file": file.pk, "release": file.release_id},
    )
    used = DownloadCount.objects.values_list("used", flat=True).get(pk=counter.pk)
    return Served(download=download, path=path, remaining=max(0, quota - used))
