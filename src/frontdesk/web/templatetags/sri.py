"""Subresource integrity for our own scripts and stylesheets (QL-9).

    {% load sri %}
    {% script_sri "queues/ticket.js" %}   → <script src=… integrity="sha384-…" … defer></script>
    {% style_sri "web/site.css" %}        → <link rel="stylesheet" href=… integrity="sha384-…" …>

The hash is taken from the very file the static server sends for that URL: the collected,
hashed copy under manifest storage (production), the app's source file when WhiteNoise serves
straight from the finders (development and tests). A browser refuses a file whose bytes differ.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from pathlib import Path

from django import template
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import HashedFilesMixin, staticfiles_storage
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def script_sri(path: str) -> SafeString:
    return format_html(
        '<script src="{}" integrity="{}" crossorigin="anonymous" defer></script>',
        static(path),
        integrity(path),
    )


@register.simple_tag
def style_sri(path: str) -> SafeString:
    return format_html(
        '<link rel="stylesheet" href="{}" integrity="{}" crossorigin="anonymous">',
        static(path),
        integrity(path),
    )


def integrity(path: str) -> str:
    """The `sha384-…` integrity value of the static file served for `path`."""
    served = served_file(path)
    stat = served.stat()
    # Keyed by modification time and size too, so an edited file in development gets a new hash.
    return _sha384(str(served), stat.st_mtime_ns, stat.st_size)


def served_file(path: str) -> Path:
    """The file on disk that the static server answers with for `path`."""
    if getattr(settings, "WHITENOISE_USE_FINDERS", False):
        found = finders.find(path)
        if isinstance(found, str):
            return Path(found)
    storage = staticfiles_storage
    name = storage.stored_name(path) if isinstance(storage, HashedFilesMixin) else path
    collected = Path(storage.path(name))
    if collected.is_file():
        return collected
    raise ValueError(f"Static file {path!r} was not found for subresource integrity.")


@functools.lru_cache(maxsize=512)
def _sha384(filename: str, mtime_ns: int, size: int) -> str:
    digest = hashlib.sha384(Path(filename).read_bytes()).digest()
    return "sha384-" + base64.b64encode(digest).decode("ascii")
