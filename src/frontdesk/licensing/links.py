"""Download links: short-lived, signed, and bound to the person, the licence and the file
(`django.core.signing` with the site's secret key). A link is made when the customer clicks
Download, so it lives only FRONTDESK_DOWNLOAD_LINK_SECONDS; shared or tampered with, it
opens nothing."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing

SALT = "frontdesk.licensing.download"


@dataclass(frozen=True)
class LinkTarget:
    licence_id: int
    file_id: int


class LinkExpiredError(Exception):
    """The link was genuine but is too old."""


class LinkInvalidError(Exception):
    """The link was altered, or made for someone else."""


def link_token(*, user_id: int, licence_id: int, file_id: int) -> str:
    return signing.dumps({"u": user_id, "l": licence_id, "f": file_id}, salt=SALT)


def link_read(token: str, *, user_id: int) -> LinkTarget:
    """What a link opens for `user_id`; `LinkExpiredError` or `LinkInvalidError` otherwise."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.FRONTDESK_DOWNLOAD_LINK_SECONDS)
    except signing.SignatureExpired as error:
        raise LinkExpiredError from error
    except signing.BadSignature as error:
        raise LinkInvalidError from error
    if not isinstance(data, dict) or data.get("u") != user_id:
        raise LinkInvalidError
    return LinkTarget(licence_id=int(data["l"]), file_id=int(data["f"]))
