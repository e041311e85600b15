"""Diagnostic reports and proofs of purchase before they are sent: read, checked, previewed.

IN-4: a report is sent only once the customer has seen its exact contents and approved them.
Nothing of an upload is stored before that. The preview page carries the text back to the
browser (in base64, so no line ending is rewritten by the form post) together with a signed,
time-limited stamp of its SHA-256 digest; approving posts both back, and only text whose digest
matches the stamp is stored. What the customer saw is what support gets, byte for byte.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.files.uploadedfile import UploadedFile

from frontdesk.support.errors import AttachmentRefusedError
from frontdesk.support.models import Attachment

SALT = "frontdesk.support.attachment"
SUFFIXES = (".txt", ".json")
FILENAME_MAX = 120
# Control characters other than tab, line feed, vertical tab, form feed and carriage return:
# a file holding them is not a text report.
_BINARY = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")

NOT_APPROVED = "This report is not the one you were shown. Upload it again to see it."
EXPIRED = "The preview has expired. Upload the report again to see it."


def max_bytes() -> int:
    return int(getattr(settings, "FRONTDESK_SUPPORT_ATTACHMENT_MAX_BYTES", 200_000))


def preview_seconds() -> int:
    return int(getattr(settings, "FRONTDESK_SUPPORT_PREVIEW_MINUTES", 60)) * 60


@dataclass(frozen=True)
class Draft:
    """A report as it will be sent, not stored anywhere yet."""

    kind: str
    filename: str
    content: str

    @property
    def kind_label(self) -> str:
        return str(Attachment.Kind(self.kind).label)

    @property
    def size(self) -> int:
        return len(self.content.encode())

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.content.encode()).hexdigest()

    @property
    def encoded(self) -> str:
        """The content in base64, for the preview form to carry back unchanged."""
        return base64.b64encode(self.content.encode()).decode()


def _kind(kind: str) -> str:
    if kind not in Attachment.Kind.values:
        raise AttachmentRefusedError("Choose what you are sending.")
    return kind


def _filename(upload: UploadedFile) -> str:
    name = PurePath(str(upload.name or "").replace("\\", "/")).name
    if not name.lower().endswith(SUFFIXES):
        raise AttachmentRefusedError("Send a text file (.txt) or a JSON file (.json).")
    return name[-FILENAME_MAX:]


def _decode(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise AttachmentRefusedError("The file is not UTF-8 text.") from error
    if _BINARY.search(text):
        raise AttachmentRefusedError("The file holds binary data: send a text report.")
    return text


def _check(content: str, filename: str) -> None:
    if not content.strip():
        raise AttachmentRefusedError("The report is empty.")
    if len(content.encode()) > max_bytes():
        raise AttachmentRefusedError(f"Keep the report under {max_bytes() // 1000} kB.")
    if filename.lower().endswith(".json"):
        try:
            json.loads(content)
        except json.JSONDecodeError as error:
            raise AttachmentRefusedError(
                f"The file is not valid JSON (line {error.lineno}, column {error.colno})."
            ) from error


def draft_read(*, kind: str, text: str = "", upload: UploadedFile | None = None) -> Draft:
    """The report to preview: an uploaded .txt/.json file, or text typed into the form (its
    line endings made plain "\\n", so the preview shows what is stored). Raises
    `AttachmentRefusedError` when it is missing, empty, too big, not text or not valid JSON."""
    kind = _kind(kind)
    if upload is not None:
        filename = _filename(upload)
        if (upload.size or 0) > max_bytes():
            raise AttachmentRefusedError(f"Keep the report under {max_bytes() // 1000} kB.")
        content = _decode(upload.read(max_bytes() + 1))
    elif text.strip():
        filename, content = "", text.replace("\r\n", "\n").replace("\r", "\n")
        if _BINARY.search(content):
            raise AttachmentRefusedError("The report holds control characters: paste text only.")
    else:
        raise AttachmentRefusedError("Choose a file, or paste the report into the box.")
    _check(content, filename)
    return Draft(kind=kind, filename=filename, content=content)


def draft_stamp(draft: Draft, *, ticket_id: int) -> str:
    """A signed, time-limited stamp of what the customer is shown, for this ticket only."""
    payload = {"ticket": ticket_id, "kind": draft.kind, "name": draft.filename}
    return signing.dumps({**payload, "sha256": draft.digest}, salt=SALT)


def _stamp_open(stamp: str) -> dict[str, Any]:
    try:
        payload: dict[str, Any] = signing.loads(stamp, salt=SALT, max_age=preview_seconds())
    except signing.SignatureExpired as error:
        raise AttachmentRefusedError(EXPIRED) from error
    except signing.BadSignature as error:
        raise AttachmentRefusedError(NOT_APPROVED) from error
    return payload


def draft_approved(*, ticket_id: int, stamp: str, encoded: str) -> Draft:
    """The draft the customer approved: the posted content, checked against the stamp of the
    preview they saw (same ticket, same kind and name, same SHA-256). Raises
    `AttachmentRefusedError` for anything else, or once the preview has expired."""
    payload = _stamp_open(stamp)
    try:
        content = base64.b64decode(encoded.encode(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError) as error:
        raise AttachmentRefusedError(NOT_APPROVED) from error
    draft = Draft(kind=str(payload["kind"]), filename=str(payload["name"]), content=content)
    if payload.get("ticket") != ticket_id or payload.get("sha256") != draft.digest:
        raise AttachmentRefusedError(NOT_APPROVED)
    _check(draft.content, draft.filename)
    return draft
