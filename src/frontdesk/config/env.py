"""Reading the environment: the only place settings look outside the code."""

from __future__ import annotations

import base64
import os
import secrets
import time
from collections.abc import Callable
from pathlib import Path


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    return int(raw) if raw else default


def env_bool(name: str, *, default: bool = False) -> bool:
    raw = os.environ.get(name, "")
    if not raw:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name, "")
    if not raw:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def var_dir() -> Path:
    """Where local state lives: the SQLite database, the generated secret key, the task queue."""
    path = Path(os.environ.get("FRONTDESK_VAR_DIR", Path.cwd() / "var")).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def local_secret(path: Path, make: Callable[[], str] | None = None) -> str:
    """A secret generated once (by `make`; by default 50 random bytes, URL-safe) and kept in
    `var/` so local runs survive restarts. Exclusive create: processes starting together (the
    test workers, gunicorn's) all end up with the first one's secret."""
    value = make() if make else secrets.token_urlsafe(50)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        while not (existing := path.read_text().strip()):
            time.sleep(0.01)  # the creator has not written it yet
        return existing
    with os.fdopen(descriptor, "w") as file:
        file.write(value)
    return value


def local_key(path: Path, *, prefix: str = "") -> str:
    """A 32-byte key (URL-safe base64) generated once and kept in `var/` for local runs."""
    return local_secret(
        path, lambda: prefix + base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    )
