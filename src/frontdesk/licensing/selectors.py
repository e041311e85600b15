"""Reads of the customer area: a person's licences with the releases they cover and the
downloads left of each (IN-11), their download history (IN-20), and the account a remembered
browser stands for."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet

from frontdesk.core import tokens
from frontdesk.identity.models import User
from frontdesk.licensing.models import (
    Download,
    DownloadCount,
    Licence,
    Release,
    ReleaseFile,
    RememberedAccount,
)


@dataclass(frozen=True)
class CoveredRelease:
    release: Release
    files: list[ReleaseFile]
    used: int
    quota: int

    @property
    def remaining(self) -> int:
        return max(0, self.quota - self.used)


@dataclass(frozen=True)
class LicenceSummary:
    licence: Licence
    releases: list[CoveredRelease] = field(default_factory=list)


def licences_of(*, user: User) -> QuerySet[Licence]:
    """The person's licences, newest first, with their products."""
    return Licence.objects.filter(user=user).select_related("product", "purchase__partner")


def licence_of(*, user: User, licence_id: int) -> Licence | None:
    """One of the person's own licences, or None (someone else's is as unknown as none)."""
    return licences_of(user=user).filter(pk=licence_id).first()


def _releases_by_product(licences: list[Licence]) -> dict[int, list[Release]]:
    """The releases of the licences' products, newest first, with their files: one query for
    the releases and one for the files, however many licences there are."""
    releases = (
        Release.objects.filter(product_id__in={licence.product_id for licence in licences})
        .select_related("product")
        .prefetch_related("files")
        .order_by("-released_at", "-pk")
    )
    grouped: dict[int, list[Release]] = defaultdict(list)
    for release in releases:
        grouped[release.product_id].append(release)
    return grouped


def _counts(licences: list[Licence]) -> dict[tuple[int, int], int]:
    rows = DownloadCount.objects.filter(licence__in=licences).values_list(
        "licence_id", "release_id", "used"
    )
    return {(licence_id, release_id): used for licence_id, release_id, used in rows}


def area_of(*, user: User) -> list[LicenceSummary]:
    """Each licence of the person with every release it covers, its files (size, SHA-256)
    and the downloads left of it."""
    licences = list(licences_of(user=user))
    counts = _counts(licences)
    releases = _releases_by_product(licences)
    return [
        LicenceSummary(
            licence=licence,
            releases=[
                CoveredRelease(
                    release=release,
                    files=list(release.files.all()),
                    used=counts.get((licence.pk, release.pk), 0),
                    quota=licence.product.downloads_per_release,
                )
                for release in releases[licence.product_id]
                if licence.covers(release)
            ],
        )
        for licence in licences
    ]


def release_file_of(*, licence: Licence, file_id: int) -> ReleaseFile | None:
    """A file of a release the licence covers, or None."""
    file = ReleaseFile.objects.select_related("release__product").filter(pk=file_id).first()
    if file is None or not licence.covers(file.release):
        return None
    return file


def remaining_of(*, licence: Licence, release: Release) -> int:
    used = (
        DownloadCount.objects.filter(licence=licence, release=release)
        .values_list("used", flat=True)
        .first()
    )
    return max(0, licence.product.downloads_per_release - (used or 0))


def downloads_of(*, user: User, limit: int = 50) -> QuerySet[Download]:
    """The person's most recent downloads, newest first (IN-20)."""
    return (
        Download.objects.filter(user=user)
        .select_related("file__release__product")
        .order_by("-created_at", "-pk")[:limit]
    )


def remembered(token: str) -> RememberedAccount | None:
    """The remembered browser holding `token`, when its account can still sign in."""
    if not token:
        return None
    return (
        RememberedAccount.objects.select_related("user")
        .filter(token_hash=tokens.digest(token), user__is_active=True)
        .first()
    )
