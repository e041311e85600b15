"""Product photos: checking an upload, re-encoding it, and where the files live.

An upload is trusted for nothing: not its name, not the content type the browser sent. It is
read up to `FRONTDESK_SHOP_IMAGE_MAX_BYTES`, opened with Pillow restricted to JPEG, PNG and
WebP, refused above `MAX_PIXELS` before any pixel is decoded (a small file can claim a huge
image: a decompression bomb), decoded in full, turned upright by its EXIF orientation, scaled to
at most `LONG_SIDE` pixels and written anew as WebP from the bare pixels. Nothing of the
original file survives: no EXIF (GPS position, camera serial, time taken), no XMP, no ICC
profile, no comment, no second frame or picture. The stored file gets a random name (`new_name`).
"""

from __future__ import annotations

import io
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from PIL import Image, ImageOps

FORMATS = ("JPEG", "PNG", "WEBP")  # what an upload may be, by its content
# Pillow names a JPEG that carries more pictures (a phone's depth map or preview) "MPO": it is a
# JPEG all the same, and only its first picture is kept.
OPENED_AS = frozenset({*FORMATS, "MPO"})
MAX_PIXELS = 40_000_000  # 40 megapixels: more than any product photo needs
LONG_SIDE = 2000  # stored photos are at most this many pixels wide or high
QUALITY = 85
CONTENT_TYPE = "image/webp"
SUFFIX = ".webp"
PER_PRODUCT_MAX = 12
ALT_TEXT_MAX = 200
URL_PREFIX = "/media/shop/"
# The names `new_name` makes; the serving view refuses anything else before any lookup.
NAME = re.compile(r"^[A-Za-z0-9_-]{32}\.webp$")

UNREADABLE = "Upload a photo in JPEG, PNG or WebP format. This file is not one."


class ProductImageStorage(FileSystemStorage):
    """`<FRONTDESK_MEDIA_ROOT>/shop`, read from the setting at each use (an override in a test
    or a deployment's environment applies without a restart of the storage)."""

    @property
    def base_location(self) -> str:
        return str(Path(settings.FRONTDESK_MEDIA_ROOT) / "shop")

    @property
    def location(self) -> str:
        return str(Path(self.base_location).resolve())

    @property
    def base_url(self) -> str:
        return URL_PREFIX


_STORAGE = ProductImageStorage()


def product_image_storage() -> ProductImageStorage:
    """The storage of `ProductImage.file` (a callable, so migrations name it, not a path)."""
    return _STORAGE


def new_name() -> str:
    """A random file name: 192 bits, nothing of the upload's own name."""
    return secrets.token_urlsafe(24) + SUFFIX


@dataclass(frozen=True)
class EncodedImage:
    content: bytes
    width: int
    height: int


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


def _read(upload: IO[bytes], max_bytes: int) -> bytes:
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(
            f"This photo is larger than {_megabytes(max_bytes)}. Upload a smaller one.",
            code="too_large",
        )
    if not data:
        raise ValidationError("This file is empty.", code="empty")
    return data


def _open(data: bytes) -> Image.Image:
    """The image, fully decoded; ValidationError when it is not an allowed, sane image."""
    try:
        image = Image.open(io.BytesIO(data), formats=FORMATS)
    except Image.DecompressionBombError as error:
        raise _too_many_pixels() from error
    except (OSError, SyntaxError, ValueError) as error:
        raise ValidationError(UNREADABLE, code="unreadable") from error
    if image.format not in OPENED_AS:
        raise ValidationError(UNREADABLE, code="unreadable")
    # Checked on the header, before a single pixel is decoded.
    if image.width * image.height > MAX_PIXELS or not (image.width and image.height):
        raise _too_many_pixels()
    try:
        image.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError(
            "This photo is damaged or incomplete. Upload it again.", code="damaged"
        ) from error
    return image


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        f"This photo has more than {MAX_PIXELS // 1_000_000} megapixels. "
        f"Upload one of at most {LONG_SIDE} pixels on the long side.",
        code="too_many_pixels",
    )


def _bare(image: Image.Image) -> Image.Image:
    """Upright, in RGB (RGBA when it has transparency), and rebuilt from its pixels alone, so
    no metadata of the original can ride along."""
    upright = ImageOps.exif_transpose(image)
    has_alpha = upright.mode in {"RGBA", "LA", "PA"} or "transparency" in upright.info
    converted = upright.convert("RGBA" if has_alpha else "RGB")
    bare = Image.frombytes(converted.mode, converted.size, converted.tobytes())
    bare.thumbnail((LONG_SIDE, LONG_SIDE), Image.Resampling.LANCZOS)
    return bare


def image_encode(upload: IO[bytes], *, max_bytes: int | None = None) -> EncodedImage:
    """The upload re-encoded as a clean WebP (see the module's docstring); ValidationError with
    a message for the person who uploaded it when it is refused."""
    limit = settings.FRONTDESK_SHOP_IMAGE_MAX_BYTES if max_bytes is None else max_bytes
    image = _open(_read(upload, limit))
    try:
        bare = _bare(image)
    except (OSError, ValueError) as error:
        raise ValidationError(UNREADABLE, code="unreadable") from error
    out = io.BytesIO()
    bare.save(out, format="WEBP", quality=QUALITY, method=4)
    return EncodedImage(content=out.getvalue(), width=bare.width, height=bare.height)
