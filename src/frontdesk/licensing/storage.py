"""Where release files are kept: under FRONTDESK_DOWNLOADS_ROOT, each at a path recorded on its
`ReleaseFile` (`<product code>/<version>/<file name>`). Paths are checked to stay inside the
root, so no record can make the server read a file elsewhere."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings

from frontdesk.licensing.errors import FileUnavailableError

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Stored:
    storage_path: str
    size: int
    sha256: str


def root() -> Path:
    return Path(settings.FRONTDESK_DOWNLOADS_ROOT).resolve()


def absolute(storage_path: str) -> Path:
    """The file's place on disk; `FileUnavailableError` for a path outside the root or a missing
    file."""
    base = root()
    path = (base / storage_path).resolve()
    if not path.is_relative_to(base) or not path.is_file():
        raise FileUnavailableError("This file is not available. Please tell support.")
    return path


def sha256_of(path: Path) -> tuple[int, str]:
    """The size and SHA-256 (hex) of a file, read in chunks."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def safe_part(text: str) -> str:
    """One path segment: letters, digits, dot, dash and underscore only."""
    cleaned = "".join(char if char.isalnum() or char in "._-" else "_" for char in text)
    cleaned = cleaned.strip(".") or "_"
    return cleaned[:100]


def target_of(*, product_code: str, version: str, name: str) -> PurePosixPath:
    """Where a file of a release is stored, relative to the root."""
    return PurePosixPath(safe_part(product_code), safe_part(version), safe_part(name))


def discard(storage_path: str) -> None:
    """Remove a stored copy (one that no record refers to)."""
    path = (root() / storage_path).resolve()
    if path.is_relative_to(root()):
        path.unlink(missing_ok=True)


def store(*, source: Path, product_code: str, version: str, name: str) -> Stored:
    """Copy `source` under the root as `<product>/<version>/<name>`; refuse to overwrite."""
    relative = target_of(product_code=product_code, version=version, name=name)
    target = root() / relative
    if target.exists():
        raise FileExistsError(f"{relative} is already stored.")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    size, sha256 = sha256_of(target)
    return Stored(storage_path=str(relative), size=size, sha256=sha256)
